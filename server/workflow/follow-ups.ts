// What an accepted action sets going besides the request itself, written in the same
// transaction so it happens if and only if the action committed: the notifications (and their
// e-mail jobs), and the auto-approval of a submitted decrease when the policy allows it.
import type { Tx } from '../db/client'
import type { QuotaRequest, RequestAction } from '../domain/request-state'
import { requestNeedsSignOff, type ApprovalPolicy, type SecurityProfile } from '../domain/security-policy'
import { enqueue } from '../jobs/queue'
import { notifyRequestChange } from '../notifications/record'

export const AUTO_APPROVE_JOB = 'requests.auto_approve'

export interface AcceptedAction {
  readonly requestId: string
  readonly action: RequestAction
  readonly actorId: string
  readonly before: QuotaRequest
  readonly after: QuotaRequest
  readonly project: SecurityProfile
  readonly policy: ApprovalPolicy
}

/**
 * Whether an auto-approval rule may apply to the request an action left behind: decreases when
 * that rule is on; increases when theirs is (the job then vets the increase against the figures).
 */
export function wantsAutoApproval(input: Pick<AcceptedAction, 'action' | 'after' | 'policy'>): boolean {
  const submitted = (input.action === 'submit' || input.action === 'resubmit') && input.after.state === 'submitted'
  return (
    submitted &&
    ((input.after.kind === 'decrease' && input.policy.autoApproveDecreases) ||
      (input.after.kind === 'increase' && input.policy.autoApproveIncreases))
  )
}

export async function afterAcceptedAction(tx: Tx, input: AcceptedAction): Promise<void> {
  await notifyRequestChange(tx, {
    requestId: input.requestId,
    action: input.action,
    actorId: input.actorId,
    before: input.before,
    after: input.after,
    signOffRequired: requestNeedsSignOff(input.after, input.project, input.policy),
  })
  // Approved in a step of its own, after this one commits (a job), so that the submission and the
  // automatic approval are two audited decisions, each by the one who took it.
  if (wantsAutoApproval(input)) {
    await enqueue(tx, { kind: AUTO_APPROVE_JOB, key: input.requestId, payload: { version: input.after.version } })
  }
}
