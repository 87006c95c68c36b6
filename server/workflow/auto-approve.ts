// The auto-approval rules (issue 5, item 4; both off by default): a job queued by the submission,
// run after it commits, approves the request as the console's own `system` actor. Decreases
// (AUTO_APPROVE_DECREASES=1) are approved at once; an increase (AUTO_APPROVE_INCREASES=1) only
// when the increase rule finds it one step, the project's measured use high and recent, and the
// pools with room (server/domain/increase-rule.ts). The vote is marked automatic and the audit
// entry says so. A request the rule leaves alone stays for the operators, who were told of it at
// submission; why it was left is audited.
import { recordAudit } from '../audit/log'
import type { Db } from '../db/client'
import { POOL_CAPACITY_SELECT, roomOf } from '../db/pool-capacity'
import { whyNotAutoApproved, type IncreaseFigures } from '../domain/increase-rule'
import type { ResourceKey } from '../domain/resources'
import type { ApprovalPolicy } from '../domain/security-policy'
import type { JobResult } from '../jobs/worker'
import { latestMeteredUse } from '../metering/latest-use'
import { actOnRequest } from './act-on-request'

/** The console's own user row: votes name a user, and the automatic ones name this one. */
export const SYSTEM_USER = {
  subject: 'system:govcloud-console',
  username: 'system:govcloud-console',
  displayName: 'Hệ thống (tự động)',
} as const

export const AUTO_APPROVAL_LABEL = 'Phê duyệt tự động (quy tắc giảm hạn mức)'
export const AUTO_INCREASE_LABEL = 'Phê duyệt tự động (quy tắc tăng một bước)'

let cachedSystemUser: { db: Db; id: string } | null = null

/** The id of the console's system user, made on first use. */
export async function systemUserId(db: Db): Promise<string> {
  if (cachedSystemUser?.db === db) return cachedSystemUser.id
  const row = await db.user.upsert({
    where: { subject: SYSTEM_USER.subject },
    create: { ...SYSTEM_USER, email: '' },
    update: {},
    select: { id: true },
  })
  cachedSystemUser = { db, id: row.id }
  return row.id
}

export type AutoApprovalOutcome = 'approved' | 'not_applicable' | 'refused'

type Input = { requestId: string; policy: ApprovalPolicy; now?: Date }
type Outcome = { outcome: AutoApprovalOutcome; code?: string }

/** A refusal, or a request the rule left to the operators: audited as automatic, with why. */
async function auditNotApproved(
  db: Db,
  input: { requestId: string; agencyId: string; label: string; code: string; params: unknown; actorId: string },
): Promise<Outcome> {
  await recordAudit(db, {
    actor: { id: input.actorId, label: input.label },
    action: 'request.auto_approve',
    entityType: 'QuotaRequest',
    entityId: input.requestId,
    agencyId: input.agencyId,
    outcome: 'failed',
    after: { automatic: true, refused: input.code, params: input.params },
  })
  return { outcome: 'refused', code: input.code }
}

async function approveAsSystem(
  db: Db,
  input: Input & { version: number; agencyId: string; label: string; rule?: unknown },
): Promise<Outcome> {
  const actorId = await systemUserId(db)
  const result = await actOnRequest(db, {
    requestId: input.requestId,
    action: 'approve',
    actor: { id: actorId, roles: ['system'], label: input.label },
    expectedVersion: input.version,
    policy: input.policy,
    now: input.now,
  })
  if (!result) return { outcome: 'not_applicable' }
  if (result.ok) return { outcome: 'approved' }
  if (result.error.code === 'request.stale')
    throw new Error('the request changed while being auto-approved; trying again')
  return auditNotApproved(db, {
    requestId: input.requestId,
    agencyId: input.agencyId,
    label: input.label,
    code: result.error.code,
    params: result.error.params,
    actorId,
  })
}

export async function autoApproveDecrease(db: Db, input: Input): Promise<Outcome> {
  const request = await db.quotaRequest.findUnique({
    where: { id: input.requestId },
    select: { state: true, kind: true, version: true, agencyId: true },
  })
  if (!request || request.state !== 'submitted' || request.kind !== 'decrease' || !input.policy.autoApproveDecreases)
    return { outcome: 'not_applicable' }
  return approveAsSystem(db, {
    ...input,
    version: request.version,
    agencyId: request.agencyId,
    label: AUTO_APPROVAL_LABEL,
  })
}

const METERED_STORAGE: readonly ResourceKey[] = ['objectStorage', 'backupStorage']

/** The figures the increase rule reads: the request's lines, the grant, measured use, pool room. */
async function increaseFigures(
  db: Db,
  request: { id: string; projectId: string },
  now: Date,
): Promise<IncreaseFigures> {
  const [lines, granted, used, pools, metered] = await Promise.all([
    db.requestLine.findMany({ where: { requestId: request.id }, select: { resource: true, requested: true } }),
    db.allocationLine.findMany({
      where: { allocation: { projectId: request.projectId, state: 'active' } },
      select: { resource: true, amount: true },
    }),
    db.quotaUsage.findMany({
      where: { projectId: request.projectId },
      select: { resource: true, used: true, observedAt: true },
    }),
    db.poolResource.findMany({ select: POOL_CAPACITY_SELECT }),
    // Storage's use is what the metering measured of its buckets (no quota counts it); read a few
    // hours back, so that a figure too old is refused as stale rather than as unknown.
    latestMeteredUse(db, request.projectId, METERED_STORAGE, new Date(now.getTime() - 6 * 60 * 60_000)),
  ])
  return {
    lines: lines.map((l) => ({ resource: l.resource as ResourceKey, amount: l.requested })),
    granted: new Map(granted.map((g) => [g.resource, g.amount])),
    used: new Map([
      ...used.map((u) => [u.resource, { amount: u.used, observedAt: u.observedAt }] as const),
      ...metered,
    ]),
    poolRoom: new Map(pools.map((p) => [p.resource, roomOf(p)])),
    now,
  }
}

export async function autoApproveIncrease(db: Db, input: Input): Promise<Outcome> {
  const request = await db.quotaRequest.findUnique({
    where: { id: input.requestId },
    select: { id: true, projectId: true, state: true, kind: true, version: true, agencyId: true },
  })
  if (!request || request.state !== 'submitted' || request.kind !== 'increase' || !input.policy.autoApproveIncreases)
    return { outcome: 'not_applicable' }
  const figures = await increaseFigures(db, request, input.now ?? new Date())
  const why = whyNotAutoApproved(figures, input.policy.increaseRule)
  if (why)
    return auditNotApproved(db, {
      requestId: request.id,
      agencyId: request.agencyId,
      label: AUTO_INCREASE_LABEL,
      code: why.code,
      params: why.params,
      actorId: await systemUserId(db),
    })
  return approveAsSystem(db, {
    ...input,
    version: request.version,
    agencyId: request.agencyId,
    label: AUTO_INCREASE_LABEL,
  })
}

/** `policyNow` is asked at each job: a version saved since is the one this decision applies. */
export function autoApprovalHandler(db: Db, policyNow: () => Promise<ApprovalPolicy>) {
  return async (job: { key: string }): Promise<JobResult> => {
    const policy = await policyNow()
    const { outcome } = await autoApproveDecrease(db, { requestId: job.key, policy })
    if (outcome === 'not_applicable') await autoApproveIncrease(db, { requestId: job.key, policy })
    return { status: 'done' }
  }
}
