import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadQueue } from '#app/routes/queue/queue.server'
import type { RequestKind } from '#server/domain/quota-request'
import { DEFAULT_APPROVAL_POLICY, type ApprovalPolicy } from '#server/domain/security-policy'
import { actOnRequest } from '#server/workflow/act-on-request'
import { autoApproveIncrease } from '#server/workflow/auto-approve'
import { createDraftRequest } from '#server/workflow/create-request'
import { approvalPolicyFromEnv } from '#server/policies/from-env'
import { operator, staff } from '../../helpers/actors'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makePools, makeProject, makeUser } from '../../helpers/fixtures'

// Attack tests of the two-operator rule over a window (issue 12, decision 0029), through the real
// database: a 40 vCPU increase needs two operators (threshold 32), so it is asked for as two of 20.
// Before, each half needed one operator, at the same moment or one after the other, and the
// auto-approval rule added its step on top of whatever the project had just been granted.

let t: TestDatabase
let agencyId: string
let requester: string
let opA: string
let opB: string

const DAY = 86_400_000
const daysAgo = (days: number) => new Date(Date.now() - days * DAY)

beforeAll(async () => {
  t = await createTestDatabase({ poolSize: 8 })
  agencyId = await makeAgency(t.db, 'Sở Tài chính')
  requester = await makeUser(t.db, 'Hoàng Thị Lan')
  opA = await makeUser(t.db, 'Đặng Minh Đức')
  opB = await makeUser(t.db, 'Bế Văn Tuấn')
  await makePools(t.db, { cpu: 1_000_000n })
})
afterAll(async () => t?.drop())

/** A request filed and submitted by the agency, as the form does it. */
async function submitted(projectId: string, kind: RequestKind, millicores: bigint, policy: ApprovalPolicy) {
  const content = {
    kind,
    lines: [{ resource: 'cpu' as const, amount: millicores }],
    backup: null,
    justification: 'Tăng tải',
    endDate: null,
  }
  const made = await createDraftRequest(t.db, { projectId, requesterId: requester, requesterLabel: 'Lan', content })
  if (made === null || 'refused' in made) throw new Error('the draft was not made')
  const sent = await actOnRequest(t.db, { requestId: made.id, action: 'submit', actor: staff(requester), policy })
  expect(sent).toMatchObject({ ok: true })
  return made.id
}

const approve = (requestId: string, by: string, policy = DEFAULT_APPROVAL_POLICY, now?: Date) =>
  actOnRequest(t.db, { requestId, action: 'approve', actor: operator(by), policy, now })

const stateOf = async (id: string) => (await t.db.quotaRequest.findUniqueOrThrow({ where: { id } })).state

/** A project holding 4 vCPU, granted `grantedDaysAgo` days ago. */
async function grantedProject(grantedDaysAgo: number, policy = DEFAULT_APPROVAL_POLICY): Promise<string> {
  const projectId = await makeProject(t.db, agencyId, { securityLevel: 1 })
  const grant = await submitted(projectId, 'new', 4_000n, policy)
  expect(await approve(grant, opA, policy, daysAgo(grantedDaysAgo))).toMatchObject({
    ok: true,
    value: { state: 'approved' },
  })
  return projectId
}

describe('a large increase split into small ones', () => {
  it('needs two operators in one piece', async () => {
    const projectId = await grantedProject(40)
    const whole = await submitted(projectId, 'increase', 40_000n, DEFAULT_APPROVAL_POLICY)
    expect(await approve(whole, opA)).toMatchObject({ ok: true, value: { state: 'submitted' } })
    expect(await approve(whole, opB)).toMatchObject({ ok: true, value: { state: 'approved' } })
  })

  it('needs them for the second half when the first was approved within the window', async () => {
    const projectId = await grantedProject(40)
    const first = await submitted(projectId, 'increase', 20_000n, DEFAULT_APPROVAL_POLICY)
    expect(await approve(first, opA, DEFAULT_APPROVAL_POLICY, daysAgo(10))).toMatchObject({
      ok: true,
      value: { state: 'approved' },
    })
    const second = await submitted(projectId, 'increase', 20_000n, DEFAULT_APPROVAL_POLICY)
    // The queue's badge says so before anyone opens it.
    const { number } = await t.db.quotaRequest.findUniqueOrThrow({ where: { id: second } })
    const queue = await loadQueue({
      db: t.db,
      locale: 'vi',
      query: { sort: 'newest' },
      policy: DEFAULT_APPROVAL_POLICY,
    })
    expect(queue.items.find((item) => item.number === number)).toMatchObject({ approvalsRequired: 2 })
    expect(await approve(second, opA)).toMatchObject({ ok: true, value: { state: 'submitted' } })
    expect(await approve(second, opB)).toMatchObject({ ok: true, value: { state: 'approved' } })
  })

  it('needs them when both halves are approved at the same moment by different operators', async () => {
    const projectId = await grantedProject(40)
    const halves = [
      await submitted(projectId, 'increase', 20_000n, DEFAULT_APPROVAL_POLICY),
      await submitted(projectId, 'increase', 20_000n, DEFAULT_APPROVAL_POLICY),
    ]
    const results = await Promise.all([approve(halves[0]!, opA), approve(halves[1]!, opB)])
    expect(results.every((r) => r?.ok)).toBe(true)
    expect((await Promise.all(halves.map(stateOf))).sort()).toEqual(['approved', 'submitted'])
  })

  it('keeps halves approved further apart than the window to one operator each', async () => {
    const projectId = await grantedProject(90)
    const first = await submitted(projectId, 'increase', 20_000n, DEFAULT_APPROVAL_POLICY)
    expect(await approve(first, opA, DEFAULT_APPROVAL_POLICY, daysAgo(31))).toMatchObject({ ok: true })
    const second = await submitted(projectId, 'increase', 20_000n, DEFAULT_APPROVAL_POLICY)
    expect(await approve(second, opA)).toMatchObject({ ok: true, value: { state: 'approved' } })
  })

  it('follows a configured window', async () => {
    const wide = approvalPolicyFromEnv({ TWO_OPERATOR_WINDOW_DAYS: '45' })
    const projectId = await grantedProject(90, wide)
    const first = await submitted(projectId, 'increase', 20_000n, wide)
    expect(await approve(first, opA, wide, daysAgo(31))).toMatchObject({ ok: true, value: { state: 'approved' } })
    const second = await submitted(projectId, 'increase', 20_000n, wide)
    expect(await approve(second, opA, wide)).toMatchObject({ ok: true, value: { state: 'submitted' } })
  })
})

describe('auto-approval over the window', () => {
  it('leaves a one-step increase to two operators once the window has the threshold, saying why', async () => {
    const policy = approvalPolicyFromEnv({ AUTO_APPROVE_INCREASES: '1' })
    const projectId = await grantedProject(40, policy)
    const big = await submitted(projectId, 'increase', 31_000n, policy)
    expect(await approve(big, opA, policy, daysAgo(2))).toMatchObject({ ok: true, value: { state: 'approved' } })
    // The project uses nearly all of its 35 vCPU: the increase rule alone would add its step, and
    // 31 + 2 vCPU within the window is above what one operator approves (32).
    await t.db.quotaUsage.create({ data: { projectId, resource: 'cpu', used: 34_000n, observedAt: new Date() } })
    const step = await submitted(projectId, 'increase', 2_000n, policy)
    expect(await autoApproveIncrease(t.db, { requestId: step, policy })).toEqual({
      outcome: 'refused',
      code: 'request.auto_approval_needs_two_operators',
    })
    expect(await stateOf(step)).toBe('submitted')
    const audit = await t.db.auditEntry.findFirstOrThrow({ where: { entityId: step, action: 'request.auto_approve' } })
    expect(audit).toMatchObject({ outcome: 'failed', after: { refused: 'request.auto_approval_needs_two_operators' } })
  })
})
