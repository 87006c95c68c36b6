// NetworkPolicies in a project's namespace that the console did not make (decision 0034). Admission
// refuses one that admits more than the project (decision 0025), but one made before the policy was
// installed, or while its binding was off, was never judged: the reconciler finds it, reports it
// as drift (audited) and removes it, and leaves the agency's own policies that stay inside the
// project. The reconciler judges by the same rule as admission: a table of policies runs through
// both, on the real API server, and they agree.
import type * as k8s from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { DEFAULT_SETTINGS } from '#server/provisioning/desired'
import { DNS_NAMESPACE } from '#server/provisioning/desired/network-policies'
import { beyondBoundary } from '#server/provisioning/network-boundary'
import { reconcileProject, type ReconcilerDeps } from '#server/provisioning/reconcile'
import { reconcileAll } from '#server/provisioning/reconcile-all'
import { SECURITY_LEVEL_LABEL } from '#server/security/rules'
import type { TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makeUser } from '../../helpers/fixtures'
import { like } from '../../helpers/matchers'
import { approvedProject, leavePlatform, openPlatform } from '../../helpers/provisioning'
import { MERGE_PATCH, outcomeOf } from './agency-kubectl'

let t: TestDatabase
let connection: KubernetesConnection
/** The cluster administrator, the one who can switch admission off for a namespace. */
let admin: KubernetesConnection
let storage: ObjectStorage
let d: ReconcilerDeps & { leaseHolder: string }
let project: { projectId: string; namespace: string }
const MANAGED_BY = 'app.kubernetes.io/managed-by'

const named = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } })
const policy = (name: string, spec: Omit<k8s.V1NetworkPolicySpec, 'podSelector'>): k8s.V1NetworkPolicy => ({
  metadata: { name },
  spec: { podSelector: {}, ...spec },
})

beforeAll(async () => {
  ;({ t, connection, admin, storage, d } = await openPlatform({ name: 'network-drift-test' }))
  project = await approvedProject(t.db, {
    agencyId: await makeAgency(t.db, 'Sở Văn hoá, Thể thao và Du lịch'),
    requesterId: await makeUser(t.db, 'Hoàng Thị Lan'),
    operatorId: await makeUser(t.db, 'Đặng Minh Đức'),
    lines: { cpu: 1_000n, memory: GiB, pods: 5n },
  })
  expect(await reconcileProject(d, project.projectId)).toMatchObject({ phase: 'ready', error: null })
}, 60_000)

afterAll(async () => {
  await leavePlatform({ t, connection, admin, storage }, project ? [project.namespace] : [])
})

/**
 * Policies made behind admission's back, as before the policies existed: the namespace loses for a
 * moment the labels the bindings select by, the console's (tenant boundary) and its security
 * level (GC-NET-03, decision 0038).
 */
async function madeWithoutAdmission(policies: k8s.V1NetworkPolicy[]): Promise<void> {
  const labels = (managedBy: string | null, level: string | null) =>
    admin.core.patchNamespace(
      {
        name: project.namespace,
        body: { metadata: { labels: { [MANAGED_BY]: managedBy, [SECURITY_LEVEL_LABEL]: level } } },
      },
      MERGE_PATCH,
    )
  const { metadata } = await admin.core.readNamespace({ name: project.namespace })
  await labels(null, null)
  try {
    for (const body of policies)
      await admin.networking.createNamespacedNetworkPolicy({ namespace: project.namespace, body })
  } finally {
    await labels('govcloud-console', metadata!.labels![SECURITY_LEVEL_LABEL]!)
  }
}

describe('NetworkPolicies the console did not make', () => {
  it('are judged by the reconciler exactly as admission judges them', async () => {
    const boundary = {
      namespace: project.namespace,
      ingressNamespace: DEFAULT_SETTINGS.ingressNamespace,
      dnsNamespace: DNS_NAMESPACE,
    }
    const cases = [
      policy('own-pods', { ingress: [{ _from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] }),
      policy('own-namespace', { ingress: [{ _from: [{ namespaceSelector: named(project.namespace) }] }] }),
      policy('from-ingress', { ingress: [{ _from: [{ namespaceSelector: named(boundary.ingressNamespace) }] }] }),
      policy('to-dns', {
        policyTypes: ['Egress'],
        egress: [{ to: [{ namespaceSelector: named('kube-system') }], ports: [{ protocol: 'UDP', port: 53 }] }],
      }),
      policy('deny-only', { policyTypes: ['Ingress', 'Egress'] }),
      policy('allow-all-in', { ingress: [{}] }),
      policy('all-namespaces', { ingress: [{ _from: [{ namespaceSelector: {} }] }] }),
      policy('other-tenant', { ingress: [{ _from: [{ namespaceSelector: named('so-tc-ngan-sach') }] }] }),
      policy('address-block', { ingress: [{ _from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] }),
      policy('by-expression', {
        ingress: [{ _from: [{ namespaceSelector: { matchExpressions: [{ key: 'a', operator: 'Exists' }] } }] }],
      }),
      policy('allow-all-out', { policyTypes: ['Egress'], egress: [{}] }),
      policy('kube-system-https', {
        policyTypes: ['Egress'],
        egress: [{ to: [{ namespaceSelector: named('kube-system') }], ports: [{ port: 443 }] }],
      }),
      policy('dns-port-range', {
        policyTypes: ['Egress'],
        egress: [{ to: [{ namespaceSelector: named('kube-system') }], ports: [{ port: 53, endPort: 1024 }] }],
      }),
    ]
    const verdicts = { admission: [] as string[], reconciler: [] as string[] }
    for (const body of cases) {
      const outcome = await outcomeOf(
        admin.networking.createNamespacedNetworkPolicy({ namespace: project.namespace, body, dryRun: 'All' }),
      )
      if (outcome.status !== 200) expect(outcome.message).toMatch(/NetworkPolicy .*: chính sách mạng của dự án/)
      verdicts.admission.push(`${body.metadata!.name}: ${outcome.status === 200 ? 'inside' : 'beyond'}`)
      verdicts.reconciler.push(`${body.metadata!.name}: ${beyondBoundary(body, boundary).length ? 'beyond' : 'inside'}`)
    }
    expect(verdicts.reconciler).toEqual(verdicts.admission)
    expect(verdicts.admission.filter((v) => v.endsWith('beyond'))).toHaveLength(8)
  })

  it(
    'are drift when they admit more than the project: reported, audited and removed by the periodic pass',
    { timeout: 60_000 },
    async () => {
      await madeWithoutAdmission([
        policy('allow-all', { policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [{}] }),
        policy('tu-internet', { ingress: [{ _from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }),
        // The agency's own, inside the project: it stays.
        policy('web-to-db', { ingress: [{ _from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] }),
      ])

      const pass = await reconcileAll(d)
      expect(pass).toMatchObject({ reconciled: 1, failed: 0 })
      const left = await admin.networking.listNamespacedNetworkPolicy({ namespace: project.namespace })
      const names = left.items.map((p) => p.metadata?.name)
      expect(names).not.toContain('allow-all')
      expect(names).not.toContain('tu-internet')
      expect(names).toContain('web-to-db')

      const audit = await t.db.auditEntry.findFirstOrThrow({
        where: { entityId: project.projectId, action: 'provisioning.drift_repaired' },
        orderBy: { at: 'desc' },
      })
      const drift = (audit.before as { drift: { target: string; fields: string[] }[] }).drift
      expect(drift).toEqual(
        expect.arrayContaining([
          {
            target: 'NetworkPolicy/allow-all',
            fields: like.arrayContaining(['spec.ingress[0].from', 'spec.egress[0].to']),
          },
          { target: 'NetworkPolicy/tu-internet', fields: like.arrayContaining(['spec.ingress[0].from']) },
        ]),
      )
      expect(drift.map((item) => item.target)).not.toContain('NetworkPolicy/web-to-db')
      // The next pass finds nothing to do.
      expect(await reconcileAll(d)).toMatchObject({ inSync: 1, reconciled: 0 })
    },
  )
})
