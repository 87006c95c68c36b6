import * as k8s from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listenForJobs } from '#server/jobs/process'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { parseProvisioningEnv } from '#server/provisioning/config'
import { reconcileProject } from '#server/provisioning/reconcile'
import { startScanWorker } from '#server/provisioning/scan-worker'
import { REPORT_API, REPORT_NAME, type NamespaceReport } from '#server/security/namespace-report'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makePools, makeUser } from '../../helpers/fixtures'
import { adminKubeConfig, connectStackKubernetes, connectStackStorage, storageEnv } from '../../helpers/platform'
import { requireStackSetting } from '../../helpers/stack-env'
import { eventually } from '../../helpers/poll'
import { approvedProject, reconcilerDeps, tearDownPlatform } from '../../helpers/provisioning'
import { clusterAdmin, deploymentBody } from './cluster-support'

// The scans as the provisioning worker starts them (server/provisioning/scan-worker.ts), with its
// settings parsed as at start-up: the cluster, storage and platform scans run on their schedule
// (the first of each at once), and a project's namespace gets its Report from the cluster scan's
// findings, written as the console (decision 0042).

let t: TestDatabase
let connection: KubernetesConnection
let storage: ObjectStorage
let scans: ReturnType<typeof startScanWorker> | undefined
let stopListening: (() => Promise<void>) | undefined
let project: { projectId: string; namespace: string }
const problems: string[] = []

beforeAll(async () => {
  t = await createTestDatabase()
  await makePools(t.db, { cpu: 100_000n, memory: 1024n * GiB, pods: 1000n })
  connection = await connectStackKubernetes()
  storage = connectStackStorage()
  project = await approvedProject(t.db, {
    agencyId: await makeAgency(t.db, 'UBND xã Đồng Đăng'),
    requesterId: await makeUser(t.db, 'Nguyễn Văn An'),
    operatorId: await makeUser(t.db, 'Đặng Minh Đức'),
    lines: { cpu: 1_000n, memory: GiB, pods: 5n },
  })
  expect(await reconcileProject(reconcilerDeps(t.db, connection, storage), project.projectId)).toMatchObject({
    phase: 'ready',
  })
  // At level 2 the API server admits a latest tag (GC-WL-03 is only detected there).
  await clusterAdmin().apps.createNamespacedDeployment({
    namespace: project.namespace,
    body: deploymentBody('mot-cua', { image: 'nginx:latest' }),
  })
}, 120_000)

afterAll(async () => {
  scans?.stopWatching()
  await scans?.worker.stop()
  await stopListening?.()
  await tearDownPlatform(connection, storage, project ? [project.namespace] : [])
  await t?.drop()
})

describe('the scans in the provisioning worker', () => {
  it('runs the cluster, storage and platform scans at start and publishes the namespace’s report', async () => {
    // The worker's settings from the stack's own files, not this shell's environment: CI's has none.
    const env = parseProvisioningEnv({
      DATABASE_URL: t.url,
      KUBECONFIG: requireStackSetting('KUBE_CONSOLE_KUBECONFIG'),
      ...storageEnv(),
      SECURITY_SCAN_WATCH: '0',
    })
    expect(env).toMatchObject({ SECURITY_SCAN_CLUSTER_SECONDS: 600, SECURITY_SCAN_STORAGE_SECONDS: 1800 })
    scans = startScanWorker({
      db: t.db,
      holder: 'test-scan-worker',
      kube: connection,
      storage,
      env,
      onResult: (job, result) => void (result.status === 'done' || problems.push(`${job.kind}: ${result.status}`)),
      log: (message) => void problems.push(message),
    })
    stopListening = await listenForJobs(t.url, scans.worker)

    const sources = await eventually('the three scans to finish', 30_000, async () => {
      const runs = await t.db.securityScan.findMany({ where: { finishedAt: { not: null } }, select: { source: true } })
      const found = new Set(runs.map((r) => r.source))
      return ['cluster', 'storage', 'platform'].every((s) => found.has(s)) ? found : undefined
    })
    expect([...sources].sort()).toEqual(['cluster', 'platform', 'storage'])

    // Alone this takes about a second; in the whole suite, with every other file using the same
    // API server, it once took more than 15 s (7 Dec). A failure says what the worker reported.
    const report = await eventually(
      'the report of the project’s namespace',
      45_000,
      async () => {
        const api = adminKubeConfig().makeApiClient(k8s.CustomObjectsApi)
        const read = (await api.getNamespacedCustomObject({
          ...REPORT_API,
          namespace: project.namespace,
          name: REPORT_NAME,
        })) as NamespaceReport
        return read.results.some((r) => r.policy === 'GC-WL-03') ? read : undefined
      },
      { explain: () => `the worker reported: ${JSON.stringify(problems)}` },
    )
    expect(report.summary.fail).toBeGreaterThanOrEqual(1)
    expect(problems).toEqual([])
  }, 120_000)
})
