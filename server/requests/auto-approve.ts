// The auto-approval of decreases (issue 5, item 4; off unless AUTO_APPROVE_DECREASES=1): a job
// queued by the submission, run after it commits, approves the decrease as the console's own
// `system` actor. The vote is marked automatic and the audit entry says so. A decrease the rule
// cannot approve (the project holds less than it gives back, say) stays for the operators, who
// were told of it at submission; the refusal is audited.
import { recordAudit } from '../audit/log'
import type { Db } from '../db/client'
import type { ApprovalPolicy } from '../domain/security-policy'
import type { JobResult } from '../jobs/worker'
import { actOnRequest } from './act-on-request'

/** The console's own user row: votes name a user, and the automatic ones name this one. */
export const SYSTEM_USER = {
  subject: 'system:govcloud-console',
  username: 'system:govcloud-console',
  displayName: 'Hệ thống (tự động)',
} as const

export const AUTO_APPROVAL_LABEL = 'Phê duyệt tự động (quy tắc giảm hạn mức)'

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

export async function autoApproveDecrease(db: Db, input: { requestId: string; policy: ApprovalPolicy; now?: Date }): Promise<{ outcome: AutoApprovalOutcome; code?: string }> {
  const request = await db.quotaRequest.findUnique({ where: { id: input.requestId }, select: { state: true, kind: true, version: true, agencyId: true } })
  if (!request || request.state !== 'submitted' || request.kind !== 'decrease' || !input.policy.autoApproveDecreases) return { outcome: 'not_applicable' }
  const actorId = await systemUserId(db)
  const result = await actOnRequest(db, {
    requestId: input.requestId,
    action: 'approve',
    actor: { id: actorId, roles: ['system'], label: AUTO_APPROVAL_LABEL },
    expectedVersion: request.version,
    policy: input.policy,
    now: input.now,
  })
  if (!result) return { outcome: 'not_applicable' }
  if (result.ok) return { outcome: 'approved' }
  if (result.error.code === 'request.stale') throw new Error('the request changed while being auto-approved; trying again')
  await recordAudit(db, {
    actor: { id: actorId, label: AUTO_APPROVAL_LABEL },
    action: 'request.auto_approve',
    entityType: 'QuotaRequest',
    entityId: input.requestId,
    agencyId: request.agencyId,
    outcome: 'failed',
    after: { automatic: true, refused: result.error.code, params: result.error.params },
  })
  return { outcome: 'refused', code: result.error.code }
}

export function autoApprovalHandler(db: Db, policy: ApprovalPolicy) {
  return async (job: { key: string }): Promise<JobResult> => {
    await autoApproveDecrease(db, { requestId: job.key, policy })
    return { status: 'done' }
  }
}
