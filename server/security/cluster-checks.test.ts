import { describe, expect, it } from 'vitest'
import type { SecurityLevel } from '../domain/project'
import { NAMESPACE_CHECK, clusterObservations, judgedObjects, levelOf, namespaceObservations } from './cluster-checks'
import { CORPUS_PLATFORM, corpusNamespace } from './corpus'
import type { KubeObject } from './evaluate'

const NS = 'so-khcn-cong'
const project = (securityLevel: SecurityLevel) => ({ projectId: 'p1', agencyId: 'a1', namespace: NS, securityLevel })

/** A Deployment that passes every workload rule at level 3 unless `change` breaks it. */
function deployment(name: string, change: (container: Record<string, unknown>) => void = () => undefined): KubeObject {
  const container: Record<string, unknown> = {
    name: 'web',
    image: 'registry.langson.gov.vn/so-khcn/web:1.4.2',
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    securityContext: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
  }
  change(container)
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS, uid: `uid-${name}` },
    spec: { template: { spec: { automountServiceAccountToken: false, containers: [container] } } },
  }
}

describe('the level a namespace is judged at', () => {
  it('is the higher of its label and its project’s, and the project’s when the label is missing or not a level', () => {
    const labelled = (level: string) => ({
      metadata: { name: NS, labels: { 'govcloud.langson.gov.vn/security-level': level } },
    })
    expect(levelOf(labelled('4'), 3)).toBe(4)
    expect(levelOf(labelled('1'), 3)).toBe(3)
    expect(levelOf(labelled('9'), 2)).toBe(2)
    expect(levelOf({ metadata: { name: NS } }, 5)).toBe(5)
  })
})

describe('which objects are judged', () => {
  it('skips what a listed object controls, not what claims an owner that is not there', () => {
    const owner = deployment('web')
    const replicaSet = {
      ...deployment('web-7d9f'),
      kind: 'ReplicaSet',
      metadata: {
        name: 'web-7d9f',
        uid: 'rs',
        ownerReferences: [{ kind: 'Deployment', uid: 'uid-web', controller: true }],
      },
    }
    const orphan = {
      ...deployment('stray'),
      kind: 'ReplicaSet',
      metadata: {
        name: 'stray',
        uid: 'x',
        ownerReferences: [{ kind: 'Deployment', uid: 'made-up', controller: true }],
      },
    }
    const notController = {
      ...deployment('side'),
      kind: 'ReplicaSet',
      metadata: { name: 'side', uid: 'y', ownerReferences: [{ kind: 'Deployment', uid: 'uid-web' }] },
    }
    expect(judgedObjects([owner, replicaSet, orphan, notController]).map((o) => o.metadata.name)).toEqual([
      'web',
      'stray',
      'side',
    ])
  })
})

describe('GC-NS-01, the namespace below restricted Pod Security', () => {
  it('is found from level 3 with the exception’s reason, not below, and not on a restricted namespace', () => {
    const baseline = {
      metadata: {
        ...corpusNamespace(NS, 3, 'baseline').metadata,
        annotations: { 'govcloud.langson.gov.vn/pod-security-exception': 'Phần mềm cũ cần quyền root' },
      },
    }
    expect(namespaceObservations({ object: baseline, project: project(3) })).toEqual([
      expect.objectContaining({
        checkId: NAMESPACE_CHECK,
        subject: { kind: 'Namespace', namespace: NS, name: NS },
        severity: 'medium',
        detail: { enforce: 'baseline', exception: 'Phần mềm cũ cần quyền root' },
      }),
    ])
    expect(namespaceObservations({ object: baseline, project: project(4) })[0]?.severity).toBe('high')
    expect(namespaceObservations({ object: baseline, project: project(2) })).toEqual([])
    expect(namespaceObservations({ object: corpusNamespace(NS, 5), project: project(5) })).toEqual([])
    expect(namespaceObservations({ object: { metadata: { name: NS } }, project: project(3) })[0]?.detail).toEqual({
      enforce: 'none',
      exception: '',
    })
  })
})

describe('a namespace’s findings', () => {
  it('names each failing object’s kind and name, at the severity of the namespace’s level, with admission’s message', () => {
    const objects = [
      deployment('good'),
      deployment('unbounded', (c) => delete c['resources']),
      deployment('latest', (c) => (c['image'] = 'nginx:latest')),
    ]
    const seen = clusterObservations({ object: corpusNamespace(NS, 3), project: project(3) }, objects, {
      platform: CORPUS_PLATFORM,
    })
    expect(seen.map((o) => [o.checkId, o.subject.kind, o.subject.name, o.severity])).toEqual([
      ['GC-WL-01', 'Deployment', 'unbounded', 'medium'],
      ['GC-WL-03', 'Deployment', 'latest', 'medium'],
    ])
    expect(seen[0]!.detail['message']).toMatch(
      /^Deployment unbounded: container web chưa khai báo .* — Container web must declare/,
    )
    expect(seen.every((o) => o.projectId === 'p1' && o.agencyId === 'a1' && o.securityLevel === 3)).toBe(true)
  })

  it('judges a level 1 namespace by level 1’s checks: nginx:latest is found as low, detect only', () => {
    const seen = clusterObservations(
      { object: corpusNamespace(NS, 1), project: project(1) },
      [deployment('latest', (c) => (c['image'] = 'nginx:latest'))],
      { platform: CORPUS_PLATFORM },
    )
    expect(seen.map((o) => [o.checkId, o.severity])).toEqual([['GC-WL-03', 'low']])
  })
})
