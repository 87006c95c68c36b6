import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError } from '#server/config/env'
import { DEFAULT_APPROVAL_POLICY, type ApprovalPolicy } from '#server/domain/security-policy'
import { startWorker } from '#server/jobs/worker'
import { actOnRequest } from '#server/workflow/act-on-request'
import {
  AUTO_APPROVAL_LABEL,
  AUTO_INCREASE_LABEL,
  SYSTEM_USER,
  autoApproveDecrease,
  autoApproveIncrease,
} from '#server/workflow/auto-approve'
import { AUTO_APPROVE_JOB } from '#server/workflow/follow-ups'
import { workflowHandlers } from '#server/workflow/jobs'
import { approvalPolicyFromEnv } from '#server/policies/from-env'
import { officer, operator, staff } from '../../helpers/actors'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import {
  makeAgency,
  makeDraft,
  makePools,
  makeProject,
  makeSession,
  makeSubmittedRequest,
  makeUser,
} from '../../helpers/fixtures'
import { like } from '../../helpers/matchers'
import { until } from '../../helpers/poll'

// Auto-approval of decreases (off by default, AUTO_APPROVE_DECREASES=1 turns it on): approved by
// the console's system actor in a step after the submission commits, audited as automatic.

let t: TestDatabase
let agencyId: string
let requesterId: string
let opId: string
const ON: ApprovalPolicy = approvalPolicyFromEnv({ AUTO_APPROVE_DECREASES: '1' })
const OFF: ApprovalPolicy = approvalPolicyFromEnv({})

beforeAll(async () => {
  t = await createTestDatabase()
  agencyId = await makeAgency(t.db, 'Sở Tài chính')
  requesterId = await makeUser(t.db, 'Lương Thị Hạnh')
  opId = await makeUser(t.db, 'Đặng Minh Đức')
  await makeSession(t.db, opId, ['dc_operator'])
  await makePools(t.db, { cpu: 1_000_000n })
})
afterAll(async () => t?.drop())

/**
 * A project of security level 3 holding 8 vCPU (its grant set up as already in force), and a
 * draft decrease of `cpu` on it: a decrease needs no sign-off whatever the level.
 */
async function decreaseDraft(cpu: bigint, kind: 'decrease' | 'increase' = 'decrease') {
  const projectId = await makeProject(t.db, agencyId, { securityLevel: 3 })
  const grant = await makeSubmittedRequest(t.db, { projectId, agencyId, requesterId, lines: { cpu: 8_000n } })
  await t.db.quotaRequest.update({ where: { id: grant }, data: { state: 'active' } })
  await t.db.allocation.create({ data: { projectId, lines: { create: [{ resource: 'cpu', amount: 8_000n }] } } })
  await t.db.poolResource.update({ where: { resource: 'cpu' }, data: { allocated: { increment: 8_000n } } })
  return { projectId, id: await makeDraft(t.db, { projectId, agencyId, requesterId, lines: { cpu }, kind }) }
}

const submit = (id: string, policy: ApprovalPolicy) =>
  actOnRequest(t.db, { requestId: id, action: 'submit', actor: staff(requesterId), expectedVersion: 1, policy })
const held = async (projectId: string) =>
  (await t.db.allocationLine.findFirstOrThrow({ where: { allocation: { projectId }, resource: 'cpu' } })).amount

describe('auto-approval of decreases', () => {
  it('is off by default: a decrease waits for an operator and no job is queued', async () => {
    expect(DEFAULT_APPROVAL_POLICY.autoApproveDecreases).toBe(false)
    expect(OFF.autoApproveDecreases).toBe(false)
    const { id, projectId } = await decreaseDraft(2_000n)
    expect(await submit(id, OFF)).toMatchObject({ ok: true, value: { state: 'submitted' } })
    expect(await t.db.job.count({ where: { kind: AUTO_APPROVE_JOB, key: id } })).toBe(0)
    // Even if a job were run with the rule off, it does nothing.
    expect(await autoApproveDecrease(t.db, { requestId: id, policy: OFF })).toEqual({ outcome: 'not_applicable' })
    expect((await t.db.quotaRequest.findUniqueOrThrow({ where: { id } })).state).toBe('submitted')
    expect(await held(projectId)).toBe(8_000n)
    // The operators were told; they decide by hand.
    expect(
      await t.db.notification.count({ where: { requestId: id, recipientId: opId, kind: 'request_submitted' } }),
    ).toBe(1)
    expect(
      await actOnRequest(t.db, {
        requestId: id,
        action: 'approve',
        actor: operator(opId),
        expectedVersion: 2,
        policy: OFF,
      }),
    ).toMatchObject({ ok: true, value: { state: 'approved' } })
  })

  it('when on, approves a submitted decrease in a follow-up job, by the system, audited as automatic', async () => {
    const { id, projectId } = await decreaseDraft(3_000n)
    expect(await submit(id, ON)).toMatchObject({ ok: true, value: { state: 'submitted' } })
    // The submission committed alone; the approval is queued for after it.
    expect(await t.db.job.findFirstOrThrow({ where: { kind: AUTO_APPROVE_JOB, key: id } })).toMatchObject({
      state: 'queued',
    })
    expect((await t.db.quotaRequest.findUniqueOrThrow({ where: { id } })).state).toBe('submitted')

    const worker = startWorker({
      db: t.db,
      pollMs: 50,
      handlers: workflowHandlers({ db: t.db, policy: ON, mailer: null, publicUrl: 'https://console.langson.test' }),
    })
    try {
      await until(
        'the follow-up job to approve it',
        20_000,
        async () => (await t.db.quotaRequest.findUniqueOrThrow({ where: { id } })).state === 'approved',
        { everyMs: 50 },
      )
    } finally {
      await worker.stop()
    }
    const request = await t.db.quotaRequest.findUniqueOrThrow({
      where: { id },
      include: { votes: { include: { actor: true } } },
    })
    expect(request).toMatchObject({ state: 'approved', outcome: 'full' })
    expect(await held(projectId)).toBe(5_000n)
    expect(request.votes).toHaveLength(1)
    expect(request.votes[0]).toMatchObject({
      kind: 'approve',
      automatic: true,
      actor: { subject: SYSTEM_USER.subject },
    })

    const audit = await t.db.auditEntry.findMany({
      where: { entityId: id },
      orderBy: { seq: 'asc' },
      select: { action: true, actorLabel: true, after: true },
    })
    expect(audit.map((a) => a.action)).toEqual(['request.submit', 'request.approve'])
    expect(audit[1]).toMatchObject({ actorLabel: AUTO_APPROVAL_LABEL, after: { state: 'approved', automatic: true } })
    const told = await t.db.notification.findFirstOrThrow({ where: { requestId: id, kind: 'request_approved' } })
    expect(told).toMatchObject({ recipientId: requesterId, params: { automatic: true, requestKind: 'decrease' } })
    // Running the job again (a retry after a crash) changes nothing.
    expect(await autoApproveDecrease(t.db, { requestId: id, policy: ON })).toEqual({ outcome: 'not_applicable' })
  })

  it('never auto-approves an increase, even with the rule on', async () => {
    const { id } = await decreaseDraft(2_000n, 'increase')
    expect(await submit(id, ON)).toMatchObject({ ok: true })
    expect(await t.db.job.count({ where: { kind: AUTO_APPROVE_JOB, key: id } })).toBe(0)
    expect(await autoApproveDecrease(t.db, { requestId: id, policy: ON })).toEqual({ outcome: 'not_applicable' })
  })

  it('leaves a decrease the rule cannot approve to the operators, and audits the refusal', async () => {
    const { id, projectId } = await decreaseDraft(50_000n)
    expect(await submit(id, ON)).toMatchObject({ ok: true })
    expect(await autoApproveDecrease(t.db, { requestId: id, policy: ON })).toEqual({
      outcome: 'refused',
      code: 'capacity.decrease_below_zero',
    })
    expect((await t.db.quotaRequest.findUniqueOrThrow({ where: { id } })).state).toBe('submitted')
    expect(await held(projectId)).toBe(8_000n)
    const refusal = await t.db.auditEntry.findFirstOrThrow({ where: { entityId: id, action: 'request.auto_approve' } })
    expect(refusal).toMatchObject({
      outcome: 'failed',
      actorLabel: AUTO_APPROVAL_LABEL,
      after: { automatic: true, refused: 'capacity.decrease_below_zero' },
    })
  })

  it('reads the setting from AUTO_APPROVE_DECREASES and refuses a bad value by name', () => {
    expect(approvalPolicyFromEnv({ AUTO_APPROVE_DECREASES: '1' }).autoApproveDecreases).toBe(true)
    expect(approvalPolicyFromEnv({ AUTO_APPROVE_DECREASES: '0' }).autoApproveDecreases).toBe(false)
    expect(approvalPolicyFromEnv({ AUTO_APPROVE_DECREASES: '' }).autoApproveDecreases).toBe(false)
    expect(() => approvalPolicyFromEnv({ AUTO_APPROVE_DECREASES: 'yes' })).toThrow(ConfigError)
    expect(() => approvalPolicyFromEnv({ AUTO_APPROVE_DECREASES: 'yes' })).toThrow(
      /AUTO_APPROVE_DECREASES must be 0 or 1/,
    )
  })
})

describe('auto-approval of one-step increases (measured use high, room in the pools)', () => {
  const INC: ApprovalPolicy = approvalPolicyFromEnv({ AUTO_APPROVE_INCREASES: '1' })

  /** A project holding 8 vCPU that uses `usedCpu` (as the last periodic pass read it), and a draft increase. */
  async function increaseDraft(
    cpu: bigint,
    usedCpu: bigint,
    options: { securityLevel?: number; minutesAgo?: number } = {},
  ) {
    const { projectId } = await decreaseDraft(0n)
    if (options.securityLevel !== undefined)
      await t.db.project.update({ where: { id: projectId }, data: { securityLevel: options.securityLevel } })
    await t.db.quotaUsage.create({
      data: {
        projectId,
        resource: 'cpu',
        used: usedCpu,
        observedAt: new Date(Date.now() - (options.minutesAgo ?? 5) * 60_000),
      },
    })
    return {
      projectId,
      id: await makeDraft(t.db, { projectId, agencyId, requesterId, lines: { cpu }, kind: 'increase' }),
    }
  }

  it('is off by default, and on only by AUTO_APPROVE_INCREASES=1, with the usage share configurable and checked', () => {
    expect(DEFAULT_APPROVAL_POLICY.autoApproveIncreases).toBe(false)
    expect(OFF.autoApproveIncreases).toBe(false)
    expect(INC).toMatchObject({
      autoApproveIncreases: true,
      autoApproveDecreases: false,
      increaseRule: { usagePercent: 80 },
    })
    expect(
      approvalPolicyFromEnv({ AUTO_APPROVE_INCREASES: '1', AUTO_APPROVE_INCREASE_USAGE_PERCENT: '90' }).increaseRule
        .usagePercent,
    ).toBe(90)
    expect(() => approvalPolicyFromEnv({ AUTO_APPROVE_INCREASE_USAGE_PERCENT: '49' })).toThrow(
      /AUTO_APPROVE_INCREASE_USAGE_PERCENT must be a whole number from 50 to 100/,
    )
    expect(() => approvalPolicyFromEnv({ AUTO_APPROVE_INCREASE_USAGE_PERCENT: 'nhiều' })).toThrow(ConfigError)
  })

  it('approves one step for a busy project in a follow-up job, by the system, audited as automatic', async () => {
    const { id, projectId } = await increaseDraft(2_000n, 7_000n, { securityLevel: 1 })
    expect(await submit(id, INC)).toMatchObject({ ok: true, value: { state: 'submitted' } })
    expect(await t.db.job.findFirstOrThrow({ where: { kind: AUTO_APPROVE_JOB, key: id } })).toMatchObject({
      state: 'queued',
    })
    expect(await autoApproveIncrease(t.db, { requestId: id, policy: INC })).toEqual({ outcome: 'approved' })
    const request = await t.db.quotaRequest.findUniqueOrThrow({
      where: { id },
      include: { votes: { include: { actor: true } } },
    })
    expect(request).toMatchObject({ state: 'approved', outcome: 'full' })
    expect(request.votes).toEqual([
      like.objectContaining({
        kind: 'approve',
        automatic: true,
        actor: like.objectContaining({ subject: SYSTEM_USER.subject }),
      }),
    ])
    expect(await held(projectId)).toBe(10_000n)
    const audit = await t.db.auditEntry.findFirstOrThrow({ where: { entityId: id, action: 'request.approve' } })
    expect(audit).toMatchObject({ actorLabel: AUTO_INCREASE_LABEL, after: { state: 'approved', automatic: true } })
    expect(await autoApproveIncrease(t.db, { requestId: id, policy: INC })).toEqual({ outcome: 'not_applicable' })
  })

  it('leaves to the operators, saying why in the audit log, an increase of a project that uses little, or more than one step, or with old figures', async () => {
    const cases = [
      { cpu: 2_000n, used: 4_000n, minutesAgo: 5, code: 'auto_approval.use_low' },
      { cpu: 3_000n, used: 8_000n, minutesAgo: 5, code: 'auto_approval.above_step' },
      { cpu: 1_000n, used: 8_000n, minutesAgo: 90, code: 'auto_approval.use_stale' },
    ]
    for (const c of cases) {
      const { id, projectId } = await increaseDraft(c.cpu, c.used, { securityLevel: 1, minutesAgo: c.minutesAgo })
      expect(await submit(id, INC)).toMatchObject({ ok: true })
      expect(await autoApproveIncrease(t.db, { requestId: id, policy: INC })).toEqual({
        outcome: 'refused',
        code: c.code,
      })
      expect((await t.db.quotaRequest.findUniqueOrThrow({ where: { id } })).state).toBe('submitted')
      expect(await held(projectId)).toBe(8_000n)
      expect(
        await t.db.auditEntry.findFirstOrThrow({ where: { entityId: id, action: 'request.auto_approve' } }),
      ).toMatchObject({
        outcome: 'failed',
        actorLabel: AUTO_INCREASE_LABEL,
        after: { automatic: true, refused: c.code },
      })
      // The operators were told at submission and decide by hand.
      expect(
        await t.db.notification.count({ where: { requestId: id, recipientId: opId, kind: 'request_submitted' } }),
      ).toBe(1)
    }
  })

  it("still waits for the security officer on a level-3 system: the automatic approval counts as the operators' part only", async () => {
    const { id, projectId } = await increaseDraft(1_000n, 7_500n, { securityLevel: 3 })
    expect(await submit(id, INC)).toMatchObject({ ok: true })
    expect(await autoApproveIncrease(t.db, { requestId: id, policy: INC })).toEqual({ outcome: 'approved' })
    expect((await t.db.quotaRequest.findUniqueOrThrow({ where: { id } })).state).toBe('submitted')
    expect(await held(projectId)).toBe(8_000n)
    const signer = await makeUser(t.db, 'Phạm Thu Hương')
    const signed = await actOnRequest(t.db, {
      requestId: id,
      action: 'sign_off',
      actor: officer(signer, 'Phạm Thu Hương'),
      expectedVersion: 3,
      policy: INC,
    })
    expect(signed).toMatchObject({ ok: true, value: { state: 'approved' } })
    expect(await held(projectId)).toBe(9_000n)
  })
})
