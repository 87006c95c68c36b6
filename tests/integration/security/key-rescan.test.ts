import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listenForJobs } from '#server/jobs/process'
import { startWorker, type Worker } from '#server/jobs/worker'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { requestKeyRevocation, requestS3AccessKey } from '#server/provisioning/key-requests'
import { reconcileProject } from '#server/provisioning/reconcile'
import { SCAN_JOBS, scanJobHandlers } from '#server/security/scan-jobs'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makePools, makeUser } from '../../helpers/fixtures'
import { connectStackKubernetes, connectStackStorage } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { approvedProject, reconcilerDeps, startKeyWorker, tearDownPlatform } from '../../helpers/provisioning'

// Issuing or revoking a project's S3 key (the web asks, the key worker acts, decision 0032) queues
// a scan of that project's keys, which the scan jobs' worker runs: GC-KEY-01 is judged again at
// once, not at the next periodic storage scan.

let t: TestDatabase
let connection: KubernetesConnection
let storage: ObjectStorage
let keyWorker: { stop(): Promise<void> } | undefined
let scans: Worker | undefined
let stopListening: (() => Promise<void>) | undefined
let project: { projectId: string; namespace: string }
let requesterId: string

beforeAll(async () => {
  t = await createTestDatabase()
  await makePools(t.db, { cpu: 100_000n, memory: 1024n * GiB, pods: 1000n, objectStorage: 1000n * GiB, buckets: 100n })
  connection = await connectStackKubernetes()
  storage = connectStackStorage()
  keyWorker = await startKeyWorker(t, storage)
  scans = startWorker({
    db: t.db,
    holder: 'test-key-scans',
    handlers: scanJobHandlers({ db: t.db, kube: connection, storage }),
    concurrency: 1,
    leaseMs: 30_000,
    pollMs: 500,
  })
  stopListening = await listenForJobs(t.url, scans)
  requesterId = await makeUser(t.db, 'Nguyễn Văn An')
  project = await approvedProject(t.db, {
    agencyId: await makeAgency(t.db, 'Sở Tài chính'),
    requesterId,
    operatorId: await makeUser(t.db, 'Đặng Minh Đức'),
    lines: { cpu: 1_000n, memory: GiB, pods: 5n, objectStorage: GiB, buckets: 1n },
  })
  expect(await reconcileProject(reconcilerDeps(t.db, connection, storage), project.projectId)).toMatchObject({
    phase: 'ready',
  })
}, 120_000)

afterAll(async () => {
  await keyWorker?.stop()
  await scans?.stop()
  await stopListening?.()
  await tearDownPlatform(connection, storage, project ? [project.namespace] : [])
  await t?.drop()
})

const keyScansDone = () => t.db.job.count({ where: { kind: SCAN_JOBS.keys, key: project.projectId, state: 'done' } })

describe('a project’s keys scanned again when one is issued or revoked', () => {
  it('runs a scan of that project’s keys after each, and nothing else', { timeout: 60_000 }, async () => {
    const actor = { id: requesterId, label: 'Nguyễn Văn An' }
    const key = await requestS3AccessKey(t.db, { projectId: project.projectId, actor, label: 'máy chủ' })
    await eventually('a key scan after the issue', 15_000, async () => ((await keyScansDone()) >= 1 ? true : undefined))
    await requestKeyRevocation(t.db, { credentialId: key.credentialId, actor, reason: 'Thử' })
    await eventually('a key scan after the revocation', 15_000, async () =>
      (await keyScansDone()) >= 2 ? true : undefined,
    )
    const runs = await t.db.securityScan.findMany({ select: { source: true, error: true, subjects: true } })
    expect(runs.map((r) => [r.source, r.error])).toEqual([
      ['keys', null],
      ['keys', null],
    ])
    // The first saw the new key; the second, after the revocation, sees none.
    expect(runs.map((r) => r.subjects).sort()).toEqual([0, 1])
  })
})
