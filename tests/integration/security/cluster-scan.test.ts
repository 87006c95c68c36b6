import type * as k8s from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import { scanCluster, scanNamespace } from '#server/security/cluster-scan'
import { judgementMemo } from '#server/security/judgement-memo'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makeProject } from '../../helpers/fixtures'
import { connectStackKubernetes } from '../../helpers/platform'
import { until } from '../../helpers/poll'
import {
  clusterAdmin,
  deleteNamespaces,
  deploymentBody,
  makeProjectNamespace,
  type ClusterAdmin,
} from './cluster-support'

// The cluster scan against the stack's API server, as the console (its read-only scan role): a
// project's namespace with a bad Deployment (made by the administrator, at level 3 where the
// rules it breaks only warn) gives findings naming the object; putting it right or deleting it
// resolves them (kept, with resolvedAt); a scan of one namespace leaves another agency's alone.

let database: TestDatabase
let console_: KubernetesConnection
let kubeConfig: k8s.KubeConfig
let admin: ClusterAdmin
let mine: string
let theirs: string
// As the worker scans: with one memo of what the rules said for the whole file, so each fix and
// relabelling below must be judged again, not answered from the memo.
const memo = judgementMemo()
const deps = () => ({ db: database.db, kubeConfig, memo })

beforeAll(async () => {
  database = await createTestDatabase()
  console_ = await connectStackKubernetes()
  kubeConfig = console_.kubeConfig
  admin = clusterAdmin()
  const khcn = await makeAgency(database.db, 'Sở Khoa học và Công nghệ')
  const yte = await makeAgency(database.db, 'Sở Y tế')
  mine = await makeProjectNamespace(admin, database.db, await makeProject(database.db, khcn, { securityLevel: 3 }))
  theirs = await makeProjectNamespace(admin, database.db, await makeProject(database.db, yte, { securityLevel: 3 }))
  await admin.apps.createNamespacedDeployment({ namespace: mine, body: deploymentBody('cong-thong-tin') })
  await admin.apps.createNamespacedDeployment({
    namespace: mine,
    body: deploymentBody('mot-cua', { image: 'nginx:latest', bounded: false }),
  })
  await admin.apps.createNamespacedDeployment({
    namespace: theirs,
    body: deploymentBody('benh-an', { image: 'nginx:latest' }),
  })
  // The Deployment's ReplicaSet carries the same template: judged, it would be found twice.
  await until('the ReplicaSet of mot-cua', 30_000, async () => {
    const sets = await admin.apps.listNamespacedReplicaSet({ namespace: mine })
    return sets.items.length >= 2
  })
})
afterAll(async () => {
  await deleteNamespaces(admin, [mine, theirs])
  await console_.close()
  await database.drop()
})

const findings = (namespace: string) =>
  database.db.securityFinding.findMany({
    where: { subjectNamespace: namespace },
    orderBy: [{ checkId: 'asc' }],
    select: {
      checkId: true,
      subjectKind: true,
      subjectName: true,
      severity: true,
      securityLevel: true,
      lastSeenAt: true,
      resolvedAt: true,
    },
  })
const brief = (rows: Awaited<ReturnType<typeof findings>>) =>
  rows.map((f) => [f.checkId, f.subjectKind, f.subjectName, f.severity, f.resolvedAt === null ? 'open' : 'resolved'])

describe('the cluster scan', () => {
  it('finds the bad Deployment by kind and name at its namespace’s level, not its ReplicaSet or the good one', async () => {
    const run = await scanCluster(deps())
    expect(run.subjects).toBeGreaterThanOrEqual(2 + 3)
    expect(brief(await findings(mine))).toEqual([
      ['GC-WL-01', 'Deployment', 'mot-cua', 'medium', 'open'],
      ['GC-WL-03', 'Deployment', 'mot-cua', 'medium', 'open'],
    ])
    expect(brief(await findings(theirs))).toEqual([['GC-WL-03', 'Deployment', 'benh-an', 'medium', 'open']])
    const row = await database.db.securityScan.findUniqueOrThrow({ where: { id: run.scanId } })
    expect([row.source, row.error, row.opened]).toEqual(['cluster', null, 3])
  })

  it('resolves what is put right in one namespace, keeping the rows, and leaves another agency’s namespace untouched', async () => {
    const before = await findings(theirs)
    await admin.apps.replaceNamespacedDeployment({ name: 'mot-cua', namespace: mine, body: deploymentBody('mot-cua') })
    const run = await scanNamespace(deps(), mine)
    expect(run.recorded).toEqual({ opened: 0, seen: 0, resolved: 2 })
    expect(brief(await findings(mine))).toEqual([
      ['GC-WL-01', 'Deployment', 'mot-cua', 'medium', 'resolved'],
      ['GC-WL-03', 'Deployment', 'mot-cua', 'medium', 'resolved'],
    ])
    // The other namespace was neither read nor resolved: its Deployment is deleted, its finding stays as last seen.
    await admin.apps.deleteNamespacedDeployment({ name: 'benh-an', namespace: theirs })
    await scanNamespace(deps(), mine)
    expect(await findings(theirs)).toEqual(before)
  })

  it('resolves a deleted object’s finding on the next full scan', async () => {
    // The garbage collector deletes the Deployment's ReplicaSet and then its Pods after it: until
    // then each has no live owner and is judged as an object of its own (an owner that is not
    // there excuses nothing: cluster-checks.ts), which a loaded machine showed once in the full
    // suite (a finding on the ReplicaSet, then on the Pod). Scan once the collector is done.
    await until('the ReplicaSet and Pods of benh-an are collected', 60_000, async () => {
      const [sets, pods] = await Promise.all([
        admin.apps.listNamespacedReplicaSet({ namespace: theirs }),
        admin.core.listNamespacedPod({ namespace: theirs }),
      ])
      return sets.items.length + pods.items.length === 0
    })
    const run = await scanCluster(deps())
    expect(run.recorded.resolved).toBe(1)
    expect(brief(await findings(theirs))).toEqual([['GC-WL-03', 'Deployment', 'benh-an', 'medium', 'resolved']])
  })

  it('finds a namespace relaxed to baseline Pod Security (GC-NS-01) and reads it at the higher level of label and project', async () => {
    await admin.core.patchNamespace(
      {
        name: mine,
        body: [
          { op: 'replace', path: '/metadata/labels/pod-security.kubernetes.io~1enforce', value: 'baseline' },
          { op: 'replace', path: '/metadata/labels/govcloud.langson.gov.vn~1security-level', value: '4' },
        ],
      },
      { headers: { 'Content-Type': 'application/json-patch+json' } } as never,
    )
    await scanNamespace(deps(), mine)
    const open = (await findings(mine)).filter((f) => f.resolvedAt === null)
    expect(open.map((f) => [f.checkId, f.subjectKind, f.subjectName, f.severity, f.securityLevel])).toEqual([
      ['GC-NS-01', 'Namespace', mine, 'high', 4],
    ])
  })
})
