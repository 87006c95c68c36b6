import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb } from '#server/db/client'
import { applyLedgerDeltas, CapacityExceeded } from '#server/db/ledger'
import { createPool, updatePool, type PoolEdit } from '#server/pools/store'
import { capacityReadingHandlers, READ_CAPACITY_JOB, readPlatformCapacity } from '#server/pools/readings'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makeProject, makeUser } from '../../helpers/fixtures'
import { connectAdminKubernetes, connectStackKubernetes } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { requireStackSetting } from '../../helpers/stack-env'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'

// Capacity pools as operators define them (issue 15, decision 0054), against the real database,
// the real API server (a kwok node of known allocatable, made here and removed after) and the
// real storage master: each change one transaction with its version, its evidence and its audit
// entry; a shrink below what is allocated refused by the rule, by the lock, and by the table.

let t: TestDatabase
let admin: KubernetesConnection
let consoleKube: KubernetesConnection
let operator: { actor: { id: string; label: string } }
let projectId: string
const label = `pool-test-${randomBytes(3).toString('hex')}`
const nodeName = `kwok-${label}`

beforeAll(async () => {
  t = await createTestDatabase()
  operator = { actor: { id: await makeUser(t.db, 'Hoàng Thị Lan'), label: 'Hoàng Thị Lan' } }
  projectId = await makeProject(t.db, await makeAgency(t.db))
  admin = await connectAdminKubernetes()
  consoleKube = await connectStackKubernetes()
  await admin.core.createNode({
    body: {
      metadata: {
        name: nodeName,
        annotations: { 'kwok.x-k8s.io/node': 'fake' },
        labels: { 'kwok.x-k8s.io/node': 'fake', 'govcloud.test/pool': label },
      },
      status: {
        capacity: { cpu: '7', memory: '13Gi', pods: '55' },
        allocatable: { cpu: '6500m', memory: '12Gi', pods: '50' },
      },
    },
  })
}, 60_000)
afterAll(async () => {
  await admin?.core.deleteNode({ name: nodeName }).catch(() => undefined)
  await admin?.close()
  await consoleKube?.close()
  await t?.drop()
})

const GiB = 1024n ** 3n
const cpuOnly = (physical: bigint, num = 4, den = 1, readingId: string | null = null): PoolEdit => ({
  nameVi: 'Cụm tính toán thử nghiệm',
  nameEn: 'Test compute',
  resources: [{ resource: 'cpu', physical, overcommitNum: num, overcommitDen: den }],
  readingId,
  reason: 'Theo số liệu đọc từ các nút',
})

async function readNodes() {
  return eventually('the kwok node is Ready and counted', 60_000, async () => {
    const [reading] = await readPlatformCapacity(t.db, {
      kubeConfig: consoleKube.kubeConfig,
      nodeSelector: `govcloud.test/pool=${label}`,
    })
    return reading?.totals.cpu === '6500' ? reading : undefined
  })
}

describe('readings of the real platform', () => {
  it('sums the allocatable of the nodes the console lists, under its own identity, with which nodes and when', async () => {
    const reading = await readNodes()
    expect(reading.source).toBe('kubernetes')
    expect(reading.totals).toEqual({ cpu: '6500', memory: String(12n * GiB), pods: '50' })
    expect(reading.detail).toEqual({
      nodes: [expect.objectContaining({ name: nodeName, cpu: '6500', ready: true, counted: true })],
    })
    expect(Date.now() - reading.readAt.getTime()).toBeLessThan(60_000)
  })

  it('reads the storage server’s disks through its master, as the file system reports them', async () => {
    const masterUrl = requireStackSetting('SEAWEEDFS_MASTER_URL')
    const readings = await readPlatformCapacity(t.db, {
      kubeConfig: consoleKube.kubeConfig,
      storageMasterUrl: masterUrl,
    })
    const storage = readings.find((r) => r.source === 'storage')!
    const totals = storage.totals
    expect(BigInt(totals.disk!)).toBeGreaterThan(0n)
    expect(BigInt(totals.diskUsed!) + BigInt(totals.diskFree!)).toBeLessThanOrEqual(BigInt(totals.disk!))
    const detail = storage.detail as { servers: string[]; disks: { server: string; all: string }[] }
    expect(detail.servers.length).toBeGreaterThan(0)
    expect(detail.disks[0]!.server).toBe(detail.servers[0])
  })
})

describe('the worker’s reading job', () => {
  it('stores a reading when both sources answer, and asks for a retry when the storage does not', async () => {
    const sources = { kubeConfig: consoleKube.kubeConfig, nodeSelector: `govcloud.test/pool=${label}` }
    const job = { id: '1', kind: READ_CAPACITY_JOB, key: 'all', attempts: 1 } as never
    const before = await t.db.capacityReading.count()
    expect(await capacityReadingHandlers(t.db, sources)[READ_CAPACITY_JOB]!(job)).toEqual({ status: 'done' })
    const stopped = { ...sources, storageMasterUrl: 'http://127.0.0.1:9/' }
    const retried = await capacityReadingHandlers(t.db, stopped)[READ_CAPACITY_JOB]!(job)
    expect(retried.status).toBe('retry')
    expect('error' in retried ? retried.error : '').toContain('storage:')
    // The nodes were still read both times: a source that fails does not lose the other's evidence.
    expect(await t.db.capacityReading.count()).toBe(before + 2)
  })
})

describe('pools from readings', () => {
  it('creates a pool on a reading, keeps version 1 with its evidence and audits it', async () => {
    const reading = await readNodes()
    const outcome = await createPool(
      t.db,
      { code: 'compute-test', kind: 'compute', ...cpuOnly(6_500n, 4, 1, reading.id) },
      operator,
    )
    expect(outcome).toEqual({ ok: true, value: { code: 'compute-test', version: 1 } })
    const version = await t.db.poolVersion.findFirstOrThrow({ include: { reading: true } })
    expect(version).toMatchObject({ version: 1, actorLabel: 'Hoàng Thị Lan', readingId: reading.id })
    expect(version.resources).toEqual([
      { resource: 'cpu', physical: '6500', overcommitNum: 4, overcommitDen: 1, capacity: '26000', allocated: '0' },
    ])
    const audit = await t.db.auditEntry.findFirstOrThrow({ where: { action: 'pool.create' } })
    expect(audit.after).toMatchObject({
      code: 'compute-test',
      evidence: { readingId: reading.id, totals: { cpu: '6500' } },
    })
  })

  it('refuses a shrink below what is allocated at the field, and writes nothing', async () => {
    await t.db.$transaction((tx) =>
      applyLedgerDeltas(tx, {
        projectId,
        requestId: null,
        deltas: [{ resource: 'cpu', delta: 20_000n }],
        reason: 'test',
      }),
    )
    const before = { versions: await t.db.poolVersion.count(), audit: await t.db.auditEntry.count() }
    const outcome = await updatePool(t.db, 'compute-test', { ...cpuOnly(4_999n), seenVersion: 1 }, operator)
    expect(outcome).toEqual({
      ok: false,
      issues: [
        {
          path: 'resources.0.physical',
          error: { code: 'pool.below_allocation', params: { resource: 'cpu', capacity: '19996', allocated: '20000' } },
        },
      ],
    })
    expect({ versions: await t.db.poolVersion.count(), audit: await t.db.auditEntry.count() }).toEqual(before)
    expect(await t.db.poolResource.findFirstOrThrow({ where: { resource: 'cpu' } })).toMatchObject({ physical: 6_500n })
  })

  it('shrinks to exactly the allocation, as version 2, and a stale edit is refused', async () => {
    const outcome = await updatePool(t.db, 'compute-test', { ...cpuOnly(5_000n), seenVersion: 1 }, operator)
    expect(outcome).toEqual({ ok: true, value: { code: 'compute-test', version: 2 } })
    const audit = await t.db.auditEntry.findFirstOrThrow({ where: { action: 'pool.update' } })
    expect(audit.before).toMatchObject({ version: 1, resources: [{ resource: 'cpu', physical: '6500' }] })
    expect(audit.after).toMatchObject({ version: 2, evidence: null })
    const stale = await updatePool(t.db, 'compute-test', { ...cpuOnly(9_000n), seenVersion: 1 }, operator)
    expect(stale).toMatchObject({ ok: false, issues: [{ path: 'seenVersion', error: { code: 'pool.stale' } }] })
  })

  it('an approval racing a shrink: the shrink waits on the pool’s rows and then sees the grant', async () => {
    expect(await updatePool(t.db, 'compute-test', { ...cpuOnly(6_000n), seenVersion: 2 }, operator)).toMatchObject({
      ok: true,
      value: { version: 3 },
    })
    // The approval takes 1,000 more while holding its transaction open; the shrink to 20,500
    // (room for the 20,000 before, not for the 21,000 after) must wait and be refused.
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const approval = t.db.$transaction(async (tx) => {
      await applyLedgerDeltas(tx, {
        projectId,
        requestId: null,
        deltas: [{ resource: 'cpu', delta: 1_000n }],
        reason: 'race',
      })
      await held
    })
    await new Promise((resolve) => setTimeout(resolve, 200))
    const shrink = updatePool(t.db, 'compute-test', { ...cpuOnly(5_125n), seenVersion: 3 }, operator)
    await new Promise((resolve) => setTimeout(resolve, 300))
    release()
    await approval
    expect(await shrink).toMatchObject({
      ok: false,
      issues: [{ error: { code: 'pool.below_allocation', params: { capacity: '20500', allocated: '21000' } } }],
    })
  })

  it('an approval after a shrink cannot pass the new capacity, and the table refuses a shrink behind the console’s back', async () => {
    expect(await updatePool(t.db, 'compute-test', { ...cpuOnly(5_250n), seenVersion: 3 }, operator)).toMatchObject({
      ok: true,
    })
    await expect(
      t.db.$transaction((tx) =>
        applyLedgerDeltas(tx, { projectId, requestId: null, deltas: [{ resource: 'cpu', delta: 1n }], reason: 'over' }),
      ),
    ).rejects.toBeInstanceOf(CapacityExceeded)
    await expect(t.db.$executeRaw`UPDATE "PoolResource" SET "physical" = 1 WHERE "resource" = 'cpu'`).rejects.toThrow(
      /PoolResource_allocated_within_capacity/,
    )
  })

  it('keeps the history append-only and refuses evidence of the wrong source', async () => {
    // The console's role may not even try (grants follow the append-only triggers); the owner is stopped by the trigger.
    await expect(t.db.$executeRaw`UPDATE "PoolVersion" SET "reason" = 'rewritten'`).rejects.toThrow(/permission denied/)
    await expect(t.db.$executeRaw`DELETE FROM "CapacityReading"`).rejects.toThrow(/permission denied/)
    const owner = createDb(t.ownerUrl)
    try {
      await expect(owner.$executeRaw`UPDATE "PoolVersion" SET "reason" = 'rewritten'`).rejects.toThrow(/append-only/)
      await expect(owner.$executeRaw`DELETE FROM "CapacityReading"`).rejects.toThrow(/append-only/)
    } finally {
      await owner.$disconnect()
    }
    const storage = await t.db.capacityReading.findFirst({ where: { source: 'storage' }, select: { id: true } })
    const outcome = await updatePool(
      t.db,
      'compute-test',
      { ...cpuOnly(6_000n, 4, 1, storage!.id), seenVersion: 4 },
      operator,
    )
    expect(outcome).toMatchObject({
      ok: false,
      issues: [{ path: 'readingId', error: { code: 'pool.reading_unknown' } }],
    })
    const taken = await createPool(t.db, { code: 'compute-two', kind: 'compute', ...cpuOnly(1n) }, operator)
    expect(taken).toMatchObject({
      ok: false,
      issues: [
        { path: 'resources.0.resource', error: { code: 'pool.resource_taken', params: { pool: 'compute-test' } } },
      ],
    })
  })
})
