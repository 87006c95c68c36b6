import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listenForJobs } from '#server/jobs/process'
import { startWorker, type Worker } from '#server/jobs/worker'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { watchCluster, type ClusterWatchOptions } from '#server/security/cluster-watch'
import { SCAN_JOBS, scanJobHandlers, startScanOnChange } from '#server/security/scan-jobs'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makeProject } from '../../helpers/fixtures'
import { connectStackKubernetes, connectStackStorage } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import {
  clusterAdmin,
  deleteNamespaces,
  deploymentBody,
  makeProjectNamespace,
  type ClusterAdmin,
} from './cluster-support'

// The scan on change, as the provisioning worker runs it: the watch of the API server sees a
// Deployment made or changed in a managed namespace, queues a scan of that namespace after the
// changes have been quiet, and the scan jobs' worker runs it. No periodic scan is scheduled here:
// whatever is found, the watch found.

let database: TestDatabase
let kube: KubernetesConnection
let storage: ObjectStorage
let admin: ClusterAdmin
let worker: Worker
let stopListening: () => Promise<void>
let watch: { started: Promise<void>; stop(): void }
let namespace: string

beforeAll(async () => {
  database = await createTestDatabase()
  kube = await connectStackKubernetes()
  storage = connectStackStorage()
  admin = clusterAdmin()
  const agency = await makeAgency(database.db, 'UBND xã Đồng Đăng')
  namespace = await makeProjectNamespace(
    admin,
    database.db,
    await makeProject(database.db, agency, { securityLevel: 3 }),
  )
  worker = startWorker({
    db: database.db,
    holder: 'test-scans',
    handlers: scanJobHandlers({ db: database.db, kube, storage }),
    concurrency: 1,
    leaseMs: 30_000,
    pollMs: 500,
  })
  stopListening = await listenForJobs(database.url, worker)
  watch = startScanOnChange({ db: database.db, kube }, { debounceMs: 500 })
  await watch.started
})
afterAll(async () => {
  watch?.stop()
  await worker?.stop()
  await stopListening?.()
  await deleteNamespaces(admin, [namespace])
  storage?.close()
  await kube?.close()
  await database?.drop()
})

const finding = (resolved: boolean) =>
  database.db.securityFinding.findFirst({
    where: { subjectNamespace: namespace, subjectName: 'tra-cuu', resolvedAt: resolved ? { not: null } : null },
    select: { checkId: true, subjectKind: true, resolvedAt: true },
  })

describe('the cluster scan on change', () => {
  it('finds a bad Deployment within seconds of its making, and its fix within seconds, by scans of that namespace only', async () => {
    const made = Date.now()
    await admin.apps.createNamespacedDeployment({
      namespace,
      body: deploymentBody('tra-cuu', { image: 'nginx:latest' }),
    })
    const open = await eventually('the watch’s scan to find tra-cuu', 15_000, () =>
      finding(false).then((f) => f ?? undefined),
    )
    const foundAfterMs = Date.now() - made
    expect(open).toMatchObject({ checkId: 'GC-WL-03', subjectKind: 'Deployment' })
    expect(foundAfterMs).toBeLessThan(10_000)

    await admin.apps.replaceNamespacedDeployment({ name: 'tra-cuu', namespace, body: deploymentBody('tra-cuu') })
    await eventually('the watch’s scan to resolve tra-cuu', 15_000, () => finding(true).then((f) => f ?? undefined))

    const runs = await database.db.securityScan.groupBy({ by: ['source'], _count: true })
    expect(runs.map((r) => r.source)).toEqual(['namespace'])
    const jobs = await database.db.job.findMany({ where: { kind: SCAN_JOBS.namespace }, select: { key: true } })
    // The cluster is shared: other managed namespaces' changes are queued too (and find no
    // project in this database); this one's were.
    expect(jobs.map((j) => j.key)).toContain(namespace)
  })
})

/** The watch alone, with what it reports kept; stopped after the test. */
function watching(options: Partial<ClusterWatchOptions>) {
  const seen = { changes: [] as string[], resyncs: 0, problems: [] as string[] }
  const watch = watchCluster({
    kubeConfig: kube.kubeConfig,
    onChange: (ns) => seen.changes.push(ns),
    onResync: () => seen.resyncs++,
    onProblem: (message) => seen.problems.push(message),
    ...options,
  })
  return { seen, watch }
}

const changeSeen = (seen: { changes: string[] }, what: string) =>
  eventually(what, 10_000, () => (seen.changes.includes(namespace) ? true : undefined))

describe('the watch over time', () => {
  it('resumes each watch the server ends from the last version it saw, and still sees a change', async () => {
    const { seen, watch } = watching({ watchSeconds: 1 })
    try {
      await watch.started
      // Three of the server's one-second watches end and are resumed before the change.
      await new Promise((wait) => setTimeout(wait, 3_500))
      seen.changes.length = 0
      await admin.apps.createNamespacedDeployment({ namespace, body: deploymentBody('sau-khi-noi-lai') })
      await changeSeen(seen, 'the change after the watches were resumed')
      expect(seen).toMatchObject({ resyncs: 0, problems: [] })
    } finally {
      watch.stop()
    }
  })

  it('answered 410 Gone, starts again from the current version and asks for a full scan', async () => {
    const { seen, watch } = watching({ initialVersion: '1' })
    try {
      await watch.started
      await eventually('a full scan asked for', 10_000, () => (seen.resyncs > 0 ? true : undefined))
      seen.changes.length = 0
      await admin.apps.createNamespacedDeployment({ namespace, body: deploymentBody('sau-410') })
      await changeSeen(seen, 'the change after the 410')
      expect(seen.problems).toEqual([])
    } finally {
      watch.stop()
    }
  })
})
