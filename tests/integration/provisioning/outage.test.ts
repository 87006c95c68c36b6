// An API server or S3 server that stops answering in the middle of provisioning: the tenant shows
// Degraded with the reason, the job retries with backoff, and the project converges once the
// server answers again. The real processes are paused with SIGSTOP and resumed with SIGCONT (their
// pids from the stack's run folder), for a few seconds only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWorker, type Worker } from '#server/jobs/worker'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import type { ReconcilerDeps } from '#server/provisioning/reconcile'
import { provisioningHandlers } from '#server/provisioning/runtime'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makePools, makeUser } from '../../helpers/fixtures'
import { resumeAllPaused, whilePaused } from '../../helpers/stack-process'
import { connectStackKubernetes, connectStackStorage } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { approvedProject, tearDownPlatform, reconcilerDeps } from '../../helpers/provisioning'

let t: TestDatabase
let connection: KubernetesConnection
let storage: ObjectStorage
let d: ReconcilerDeps
let worker: Worker | undefined
let agencyId: string
let requester: string
let op: string
const namespaces: string[] = []

/** The project's provisioning status, once it is in `phase`. */
const statusIn = (phase: 'degraded' | 'ready', projectId: string, what: string, ms: number) =>
  eventually(what, ms, async () => {
    const status = await t.db.provisioningStatus.findUnique({ where: { projectId } })
    return status?.phase === phase ? status : undefined
  })

beforeAll(async () => {
  t = await createTestDatabase()
  agencyId = await makeAgency(t.db, 'Sở Tài chính')
  requester = await makeUser(t.db, 'Hoàng Thị Lan')
  op = await makeUser(t.db, 'Bế Văn Tuấn')
  await makePools(t.db, { cpu: 100_000n, memory: 1024n * GiB, pods: 1000n, objectStorage: 1000n * GiB, buckets: 100n })
  connection = await connectStackKubernetes(1_500)
  storage = connectStackStorage(1_500)
  d = reconcilerDeps(t.db, connection, storage)
  worker = startWorker({
    db: t.db,
    concurrency: 2,
    pollMs: 100,
    leaseMs: 30_000,
    handlers: provisioningHandlers(d, { holder: 'outage-test' }),
  })
})

afterAll(async () => {
  resumeAllPaused()
  await worker?.stop()
  await tearDownPlatform(connection, storage, namespaces)
  await t?.drop()
})

async function newApproved(): Promise<string> {
  const { projectId, namespace } = await approvedProject(t.db, {
    agencyId,
    requesterId: requester,
    operatorId: op,
    lines: { cpu: 1_000n, memory: 2n * GiB, pods: 10n, objectStorage: GiB, buckets: 1n },
    name: 'Cơ sở dữ liệu giá',
  })
  namespaces.push(namespace)
  return projectId
}

describe('platform outages during provisioning', () => {
  it(
    'API server paused: Degraded (KubernetesUnavailable), retried with backoff, converges when it is back',
    { timeout: 90_000 },
    async () => {
      const projectId = await whilePaused('kubernetes-apiserver', async () => {
        const projectId = await newApproved()
        const degraded = await statusIn('degraded', projectId, 'Degraded status', 30_000)
        expect(degraded.conditions).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ type: 'Degraded', status: 'True', reason: 'KubernetesUnavailable' }),
            expect.objectContaining({ type: 'Ready', status: 'False' }),
            expect.objectContaining({ type: 'Progressing', status: 'True', reason: 'Retrying' }),
          ]),
        )
        expect(degraded.lastError, JSON.stringify(degraded)).toMatch(/kubernetes: /)
        const job = await t.db.job.findFirstOrThrow({
          where: { key: projectId, kind: 'provisioning.reconcile' },
          orderBy: { id: 'desc' },
        })
        expect(job.lastError).toMatch(/kubernetes/)
        expect((await t.db.quotaRequest.findFirstOrThrow({ where: { projectId } })).state).toBe('provisioning')
        return projectId
      })
      const ready = await statusIn('ready', projectId, 'Ready after the API server is back', 60_000)
      expect(ready.lastError).toBeNull()
      expect((await t.db.quotaRequest.findFirstOrThrow({ where: { projectId } })).state).toBe('active')
      const attempts = await t.db.job.findMany({ where: { key: projectId, kind: 'provisioning.reconcile' } })
      expect(attempts.reduce((n, j) => n + j.attempts, 0)).toBeGreaterThanOrEqual(2)
    },
  )

  it('S3 server paused: Degraded (StorageUnavailable), converges when it is back', { timeout: 90_000 }, async () => {
    const projectId = await whilePaused('seaweedfs', async () => {
      const projectId = await newApproved()
      const degraded = await statusIn('degraded', projectId, 'Degraded status', 30_000)
      expect(degraded.conditions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'Degraded', status: 'True', reason: 'StorageUnavailable' }),
        ]),
      )
      // The Kubernetes half is done meanwhile: the namespace exists.
      const ns = (await t.db.project.findUniqueOrThrow({ where: { id: projectId } })).namespace
      expect((await connection.core.readNamespace({ name: ns })).metadata?.name).toBe(ns)
      return projectId
    })
    const ready = await statusIn('ready', projectId, 'Ready after S3 is back', 60_000)
    expect(ready.conditions).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'Ready', status: 'True' })]),
    )
  })
})
