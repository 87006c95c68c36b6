import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { verifyAuditChain } from '#server/audit/log'
import { startWorker } from '#server/jobs/worker'
import { actOnRequest } from '#server/workflow/act-on-request'
import { EXPIRY_SWEEP_JOB, sweepExpiry } from '#server/workflow/expiry'
import { workflowHandlers, workflowSchedule } from '#server/workflow/jobs'
import { operator } from '../../helpers/actors'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { like } from '../../helpers/matchers'
import { makeAgency, makePools, makeProject, makeSubmittedRequest, makeUser } from '../../helpers/fixtures'
import { until } from '../../helpers/poll'

// The expiry sweep: past-due allocations end (ledger, allocation, audit, notification), the
// requester is warned 14 days ahead once, and running it again, or twice at once, changes nothing.

const DAY = 86_400_000
let t: TestDatabase
let agencyId: string
let requesterId: string
let opId: string

beforeEach(async () => {
  t = await createTestDatabase()
  agencyId = await makeAgency(t.db, 'Bệnh viện Đa khoa tỉnh Lạng Sơn')
  requesterId = await makeUser(t.db, 'Lương Thị Hạnh')
  opId = await makeUser(t.db, 'Đặng Minh Đức')
  await makePools(t.db, { cpu: 1_000_000n })
})
afterEach(async () => t?.drop())

const allocatedCpu = async () => (await t.db.poolResource.findFirstOrThrow({ where: { resource: 'cpu' } })).allocated

/** A grant decided 60 days ago, ending `endsInDays` from now (negative: already past). */
async function grant(input: {
  endsInDays: number | null
  state?: 'approved' | 'active'
  kind?: 'new' | 'increase' | 'decrease'
  projectId?: string
  cpu?: bigint
}) {
  const projectId = input.projectId ?? (await makeProject(t.db, agencyId))
  const id = await makeSubmittedRequest(t.db, {
    projectId,
    agencyId,
    requesterId,
    lines: { cpu: input.cpu ?? 4_000n },
    kind: input.kind,
  })
  if (input.endsInDays !== null)
    await t.db.quotaRequest.update({ where: { id }, data: { endsAt: new Date(Date.now() + input.endsInDays * DAY) } })
  const approved = await actOnRequest(t.db, {
    requestId: id,
    action: 'approve',
    actor: operator(opId),
    expectedVersion: 1,
    policy: DEFAULT_APPROVAL_POLICY,
    now: new Date(Date.now() - 60 * DAY),
  })
  expect(approved).toMatchObject({ ok: true, value: { state: 'approved' } })
  if (input.state === 'active') await t.db.quotaRequest.update({ where: { id }, data: { state: 'active' } })
  return { id, projectId }
}

const states = async (ids: string[]) =>
  (await t.db.quotaRequest.findMany({ where: { id: { in: ids } }, select: { id: true, state: true } })).reduce<
    Record<string, string>
  >((m, r) => ({ ...m, [r.id]: r.state }), {})
const noticesOf = async (kind: 'request_expired' | 'request_expiring') =>
  (await t.db.notification.findMany({ where: { kind }, select: { requestId: true, recipientId: true } }))
    .map((n) => n.requestId)
    .sort()

describe('the expiry sweep', () => {
  it('expires exactly the past-due allocations, warns those ending within 14 days, and is idempotent', async () => {
    const pastApproved = await grant({ endsInDays: -1 })
    const pastActive = await grant({ endsInDays: -1 / 24, state: 'active' })
    const soon = await grant({ endsInDays: 10, state: 'active' })
    const later = await grant({ endsInDays: 30, state: 'active' })
    const forever = await grant({ endsInDays: null, state: 'active' })
    // A decrease on the `forever` project, with a date in the past: it holds nothing to give back.
    const decrease = await grant({ endsInDays: -3, projectId: forever.projectId, kind: 'decrease', cpu: 1_000n })
    const ids = [pastApproved, pastActive, soon, later, forever, decrease].map((g) => g.id)
    const before = await allocatedCpu()

    const first = await sweepExpiry(t.db, { policy: DEFAULT_APPROVAL_POLICY })
    expect([...first.expired].sort()).toEqual([pastApproved.id, pastActive.id].sort())
    expect(first).toMatchObject({ refused: [], warned: 1 })
    expect(await states(ids)).toEqual({
      [pastApproved.id]: 'expired',
      [pastActive.id]: 'expired',
      [soon.id]: 'active',
      [later.id]: 'active',
      [forever.id]: 'active',
      [decrease.id]: 'approved',
    })
    expect(before - (await allocatedCpu())).toBe(8_000n)
    for (const g of [pastApproved, pastActive]) {
      expect(
        await t.db.allocation.findUniqueOrThrow({ where: { projectId: g.projectId }, select: { state: true } }),
      ).toEqual({ state: 'expired' })
    }
    const audit = await t.db.auditEntry.findMany({
      where: { action: 'request.expire' },
      select: { entityId: true, actorId: true, actorLabel: true },
    })
    expect(audit.map((a) => a.entityId).sort()).toEqual([pastApproved.id, pastActive.id].sort())
    expect(audit.every((a) => a.actorId === 'system:expiry')).toBe(true)
    expect(await noticesOf('request_expired')).toEqual([pastApproved.id, pastActive.id].sort())
    expect(await noticesOf('request_expiring')).toEqual([soon.id])
    const warning = await t.db.notification.findFirstOrThrow({ where: { kind: 'request_expiring' } })
    expect(warning).toMatchObject({ recipientId: requesterId, onceKey: `expiring:${soon.id}` })

    const counts = async () => [
      await t.db.notification.count(),
      await t.db.auditEntry.count(),
      await t.db.ledgerEntry.count(),
      await t.db.job.count(),
    ]
    const settled = await counts()
    const second = await sweepExpiry(t.db, { policy: DEFAULT_APPROVAL_POLICY })
    expect(second).toEqual({ expired: [], refused: [], warned: 0 })
    expect(await counts()).toEqual(settled)
  })

  it('ends a temporary increase on its own date and leaves the grant it added to', async () => {
    const base = await grant({ endsInDays: 90, state: 'active', cpu: 8_000n })
    const increase = await grant({
      endsInDays: -1,
      state: 'active',
      kind: 'increase',
      projectId: base.projectId,
      cpu: 2_000n,
    })
    const report = await sweepExpiry(t.db, { policy: DEFAULT_APPROVAL_POLICY })
    expect(report.expired).toEqual([increase.id])
    const lines = await t.db.allocationLine.findMany({
      where: { allocation: { projectId: base.projectId } },
      select: { resource: true, amount: true },
    })
    expect(lines).toEqual([{ resource: 'cpu', amount: 8_000n }])
    expect(
      await t.db.allocation.findUniqueOrThrow({ where: { projectId: base.projectId }, select: { state: true } }),
    ).toEqual({ state: 'active' })
  })

  it("ends the grant's remaining increases and decreases with it, giving nothing back twice", async () => {
    const base = await grant({ endsInDays: -1, state: 'active', cpu: 8_000n })
    // Written before increases had to end with their grant: one outliving it, one with no end.
    const later = await grant({
      endsInDays: 30,
      state: 'active',
      kind: 'increase',
      projectId: base.projectId,
      cpu: 2_000n,
    })
    const open = await grant({
      endsInDays: null,
      state: 'active',
      kind: 'increase',
      projectId: base.projectId,
      cpu: 1_000n,
    })
    const cut = await grant({
      endsInDays: null,
      state: 'active',
      kind: 'decrease',
      projectId: base.projectId,
      cpu: 3_000n,
    })
    const before = await allocatedCpu()

    const report = await sweepExpiry(t.db, { policy: DEFAULT_APPROVAL_POLICY })
    expect(report).toMatchObject({ expired: [base.id], refused: [] })
    expect(await states([base.id, later.id, open.id, cut.id])).toEqual({
      [base.id]: 'expired',
      [later.id]: 'expired',
      [open.id]: 'expired',
      [cut.id]: 'expired',
    })
    // 8 + 2 + 1 − 3 = 8 vCPU held, all of it back in the pool, and the lines at zero.
    expect(before - (await allocatedCpu())).toBe(8_000n)
    expect(
      await t.db.allocationLine.findMany({
        where: { allocation: { projectId: base.projectId } },
        select: { amount: true },
      }),
    ).toEqual([{ amount: 0n }])
    const ended = await t.db.auditEntry.findMany({
      where: { action: 'request.ended_with_grant' },
      select: { entityId: true },
    })
    expect(ended.map((a) => a.entityId).sort()).toEqual([later.id, open.id, cut.id].sort())
    await expect(verifyAuditChain(t.db)).resolves.toMatchObject({ intact: true })

    // Later sweeps find nothing: the increase that outlived its grant is not given back again.
    expect(await sweepExpiry(t.db, { policy: DEFAULT_APPROVAL_POLICY, now: new Date(Date.now() + 60 * DAY) })).toEqual({
      expired: [],
      refused: [],
      warned: 0,
    })
    expect(before - (await allocatedCpu())).toBe(8_000n)
  })

  it('refuses to approve an increase left waiting after its grant ended, and writes nothing', async () => {
    const base = await grant({ endsInDays: -1, state: 'active', cpu: 4_000n })
    const waiting = await makeSubmittedRequest(t.db, {
      projectId: base.projectId,
      agencyId,
      requesterId,
      lines: { cpu: 1_000n },
      kind: 'increase',
    })
    await sweepExpiry(t.db, { policy: DEFAULT_APPROVAL_POLICY })
    const ledger = await t.db.ledgerEntry.count()
    const result = await actOnRequest(t.db, {
      requestId: waiting,
      action: 'approve',
      actor: operator(opId),
      expectedVersion: 1,
      policy: DEFAULT_APPROVAL_POLICY,
    })
    expect(result).toMatchObject({ ok: false, error: { code: 'request.no_active_allocation' } })
    expect(await states([waiting])).toEqual({ [waiting]: 'submitted' })
    expect(await t.db.ledgerEntry.count()).toBe(ledger)
    expect(
      await t.db.allocation.findUniqueOrThrow({ where: { projectId: base.projectId }, select: { state: true } }),
    ).toEqual({ state: 'expired' })
  })

  it("keeps the grant's end date and backup settings when an increase is approved", async () => {
    const base = await grant({ endsInDays: 90, state: 'active', cpu: 4_000n })
    await t.db.allocation.update({
      where: { projectId: base.projectId },
      data: { backupSchedule: '0 2 * * *', backupRetentionDays: 30 },
    })
    const { endsAt } = await t.db.allocation.findUniqueOrThrow({ where: { projectId: base.projectId } })
    await grant({ endsInDays: 10, state: 'active', kind: 'increase', projectId: base.projectId, cpu: 1_000n })
    expect(
      await t.db.allocation.findUniqueOrThrow({
        where: { projectId: base.projectId },
        select: { endsAt: true, backupSchedule: true, backupRetentionDays: true },
      }),
    ).toEqual({ endsAt, backupSchedule: '0 2 * * *', backupRetentionDays: 30 })
  })

  it('expires each request once when two sweeps run at the same moment', async () => {
    const due = await Promise.all(Array.from({ length: 8 }, () => grant({ endsInDays: -2, state: 'active' })))
    const soon = await Promise.all(Array.from({ length: 4 }, () => grant({ endsInDays: 5, state: 'active' })))
    const before = await allocatedCpu()
    const [a, b] = await Promise.all([
      sweepExpiry(t.db, { policy: DEFAULT_APPROVAL_POLICY }),
      sweepExpiry(t.db, { policy: DEFAULT_APPROVAL_POLICY }),
    ])
    expect([...a.expired, ...b.expired].sort()).toEqual(due.map((g) => g.id).sort())
    // The loser of each race was refused as stale or saw the request already expired, and wrote nothing.
    expect(
      [...a.refused, ...b.refused].every(
        (r) => r.code === 'request.stale' || r.code === 'request.transition_not_allowed',
      ),
    ).toBe(true)
    expect(a.warned + b.warned).toBe(4)
    expect(await t.db.auditEntry.count({ where: { action: 'request.expire' } })).toBe(8)
    expect(await t.db.notification.count({ where: { kind: 'request_expired' } })).toBe(8)
    expect(await t.db.notification.count({ where: { kind: 'request_expiring' } })).toBe(soon.length)
    expect(before - (await allocatedCpu())).toBe(8n * 4_000n)
  })

  it('runs as a periodic durable job on one replica when several workers share the queue', async () => {
    const due = await grant({ endsInDays: -1, state: 'active' })
    const workers = Array.from({ length: 3 }, (_, i) =>
      startWorker({
        db: t.db,
        holder: `replica-${i}`,
        pollMs: 50,
        handlers: workflowHandlers({
          db: t.db,
          policy: DEFAULT_APPROVAL_POLICY,
          mailer: null,
          publicUrl: 'https://console.langson.test',
        }),
        periodic: workflowSchedule(3_600_000),
      }),
    )
    try {
      await until('the sweep to expire the grant', 20_000, async () => (await states([due.id]))[due.id] === 'expired', {
        everyMs: 100,
      })
      // Time for the other replicas to try the same run.
      await new Promise((r) => setTimeout(r, 500))
    } finally {
      await Promise.all(workers.map((w) => w.stop()))
    }
    expect((await states([due.id]))[due.id]).toBe('expired')
    const sweeps = await t.db.job.findMany({
      where: { kind: EXPIRY_SWEEP_JOB },
      select: { state: true, lockedBy: true },
    })
    expect(sweeps).toHaveLength(1)
    expect(sweeps[0]?.state).toBe('done')
    expect(await t.db.jobSchedule.findUniqueOrThrow({ where: { name: EXPIRY_SWEEP_JOB } })).toMatchObject({
      lastRunBy: like.stringMatching(/^replica-/),
    })
  })
})
