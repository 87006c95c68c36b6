// The auto-approval rule for increases reads object storage as the metering measured it (issue 14,
// decision 0047): a project's bytes in its buckets, an hour's average from its usage records (the
// current revision), never another project's, never a refused hour read as zero, and not when the
// newest measured hour is too old. Records are written through the metering's one write path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HourValues } from '#server/metering/plan'
import { HOUR_MS, hourStart } from '#server/metering/hours'
import { approvalPolicyFromEnv } from '#server/policies/from-env'
import { actOnRequest } from '#server/workflow/act-on-request'
import { autoApproveIncrease } from '#server/workflow/auto-approve'
import { staff } from '../../helpers/actors'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makeDraft, makePools, makeProject, makeUser } from '../../helpers/fixtures'
import { meterResource } from '../../helpers/metering'

const INC = approvalPolicyFromEnv({ AUTO_APPROVE_INCREASES: '1' })
const lastHour = new Date(hourStart(new Date()).getTime() - HOUR_MS)
const hoursBack = (n: number) => new Date(lastHour.getTime() - n * HOUR_MS)
const bytes = (used: bigint | null, refusal: string | null = null): HourValues => ({
  granted: 500n * GiB,
  requested: null,
  used,
  usedPeak: used,
  refusal,
})

let t: TestDatabase
let agencyId: string
let requesterId: string

beforeAll(async () => {
  t = await createTestDatabase()
  agencyId = await makeAgency(t.db, 'Sở Y tế')
  requesterId = await makeUser(t.db, 'Lương Thị Hạnh')
  await makePools(t.db, { objectStorage: 100_000n * GiB })
})
afterAll(async () => t?.drop())

/** A level-1 project holding 500 GiB of object storage, and its submitted increase of `more`. */
async function increase(more: bigint): Promise<{ projectId: string; requestId: string }> {
  const projectId = await makeProject(t.db, agencyId, { securityLevel: 1 })
  await t.db.allocation.create({
    data: { projectId, lines: { create: [{ resource: 'objectStorage', amount: 500n * GiB }] } },
  })
  await t.db.poolResource.update({
    where: { resource: 'objectStorage' },
    data: { allocated: { increment: 500n * GiB } },
  })
  const requestId = await makeDraft(t.db, {
    projectId,
    agencyId,
    requesterId,
    lines: { objectStorage: more },
    kind: 'increase',
  })
  const submitted = await actOnRequest(t.db, {
    requestId,
    action: 'submit',
    actor: staff(requesterId),
    expectedVersion: 1,
    policy: INC,
  })
  expect(submitted).toMatchObject({ ok: true })
  return { projectId, requestId }
}

const decide = (requestId: string) => autoApproveIncrease(t.db, { requestId, policy: INC })

describe('auto-approval of an object-storage increase from the metering', () => {
  it('approves one step for a project whose buckets hold 80% of its grant in the last measured hour', async () => {
    const { projectId, requestId } = await increase(100n * GiB)
    await meterResource(t.db, projectId, 'objectStorage', hoursBack(1), bytes(100n * GiB))
    await meterResource(t.db, projectId, 'objectStorage', lastHour, bytes(420n * GiB))
    expect(await decide(requestId)).toEqual({ outcome: 'approved' })
    const line = await t.db.allocationLine.findFirstOrThrow({
      where: { allocation: { projectId }, resource: 'objectStorage' },
    })
    expect(line.amount).toBe(600n * GiB)
  })

  it('reads the current revision: a correction downwards leaves the increase to the operators', async () => {
    const { projectId, requestId } = await increase(100n * GiB)
    await meterResource(t.db, projectId, 'objectStorage', lastHour, bytes(450n * GiB))
    await meterResource(t.db, projectId, 'objectStorage', lastHour, bytes(300n * GiB))
    expect(await decide(requestId)).toEqual({ outcome: 'refused', code: 'auto_approval.use_low' })
  })

  it('skips an hour whose reading was refused rather than reading it as nothing', async () => {
    const { projectId, requestId } = await increase(100n * GiB)
    await meterResource(t.db, projectId, 'objectStorage', hoursBack(1), bytes(480n * GiB))
    await meterResource(t.db, projectId, 'objectStorage', lastHour, bytes(null, 'clock_skew'))
    // The hour before ended at most two hours ago: still trusted.
    expect(await decide(requestId)).toEqual({ outcome: 'approved' })
  })

  it('leaves to the operators a project measured too long ago, or never', async () => {
    const stale = await increase(100n * GiB)
    await meterResource(t.db, stale.projectId, 'objectStorage', hoursBack(2), bytes(480n * GiB))
    expect(await decide(stale.requestId)).toEqual({ outcome: 'refused', code: 'auto_approval.use_stale' })
    const never = await increase(100n * GiB)
    expect(await decide(never.requestId)).toEqual({ outcome: 'refused', code: 'auto_approval.use_unknown' })
  })

  it("never counts another project's use, even of the same agency", async () => {
    const busy = await increase(100n * GiB)
    const idle = await increase(100n * GiB)
    await meterResource(t.db, busy.projectId, 'objectStorage', lastHour, bytes(490n * GiB))
    await meterResource(t.db, idle.projectId, 'objectStorage', lastHour, bytes(10n * GiB))
    expect(await decide(idle.requestId)).toEqual({ outcome: 'refused', code: 'auto_approval.use_low' })
    expect(await decide(busy.requestId)).toEqual({ outcome: 'approved' })
  })
})
