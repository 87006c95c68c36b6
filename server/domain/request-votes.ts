// The reviewers' votes on a submitted request: operators' approvals of a proposal (in full or in
// part; one or two of them by the size of the project's change over the window, or the system's
// under an auto-approval rule) and a security officer's sign-off; the request is approved once
// they are complete.
import { err, ok, type Result } from './errors'
import { amountOf, nonZeroLines, sameLines, type LineItem } from './line-items'
import { characterCount } from './names'
import type { Decision, DecideInput, QuotaRequest, RequestEffect } from './request-state'
import {
  operatorApprovalsRequired,
  requestNeedsSignOff,
  type ApprovalPolicy,
  type SecurityProfile,
} from './security-policy'

/** Decided amounts must cover exactly the requested resources, none above what was asked. */
function checkDecided(requested: readonly LineItem[], decided: readonly LineItem[]): Result<LineItem[]> {
  const asked = nonZeroLines(requested)
  const resources = new Set(decided.map((line) => line.resource))
  const covers =
    resources.size === decided.length &&
    resources.size === asked.length &&
    asked.every((line) => resources.has(line.resource))
  if (!covers) return err('request.decided_lines_mismatch', {})
  for (const line of decided) {
    const limit = amountOf(asked, line.resource)
    if (line.amount < 0n || line.amount > limit) {
      return err('request.decided_exceeds_requested', {
        resource: line.resource,
        requested: limit.toString(),
        decided: line.amount.toString(),
      })
    }
  }
  if (nonZeroLines(decided).length === 0) return err('request.decided_all_zero', {})
  // Keep the order of the request so that tables line up.
  return ok(asked.map((line) => ({ resource: line.resource, amount: amountOf(decided, line.resource) })))
}

/** How far the approvals of a submitted request have come (for the UI and for decide). */
export interface ApprovalProgress {
  readonly approvalsRequired: 1 | 2
  /** Two only because of what the project was granted within the window (decision 0029). */
  readonly twoByWindow: boolean
  readonly approvals: number
  readonly automatic: boolean
  readonly signOffRequired: boolean
  readonly signedOff: boolean
  readonly complete: boolean
}

/**
 * `recentlyGranted`: what the project's other grants and increases added within the window. The
 * system's approval stands for the one operator a small change needs, never for one of two.
 */
export function approvalProgress(
  request: Pick<QuotaRequest, 'kind' | 'lines' | 'decidedLines' | 'approvals' | 'signOff'>,
  project: SecurityProfile,
  policy: ApprovalPolicy,
  recentlyGranted: readonly LineItem[],
): ApprovalProgress {
  const lines = request.decidedLines ?? request.lines
  const approvalsRequired = operatorApprovalsRequired({ kind: request.kind, lines }, policy, recentlyGranted)
  const automatic = request.approvals.some((approval) => approval.automatic)
  const approvals = request.approvals.length
  const byPeople = request.approvals.filter((approval) => !approval.automatic).length
  const signOffRequired = requestNeedsSignOff(request, project, policy)
  const signedOff = request.signOff !== null
  const approved = byPeople >= approvalsRequired || (automatic && approvalsRequired === 1)
  return {
    approvalsRequired,
    // Whether the window made it two: this request alone would need one.
    twoByWindow: approvalsRequired === 2 && operatorApprovalsRequired({ kind: request.kind, lines }, policy, []) === 1,
    approvals,
    automatic,
    signOffRequired,
    signedOff,
    complete: approved && (!signOffRequired || signedOff),
  }
}

/** Moves a submitted request to `approved` when its votes are complete, else leaves it. */
function settle(request: QuotaRequest, input: DecideInput, effects: RequestEffect[]): Decision {
  const progress = approvalProgress(request, input.project, input.policy, input.facts.recentlyGranted)
  if (!progress.complete) return { request, effects }
  const decided = request.decidedLines ?? nonZeroLines(request.lines)
  const approved: QuotaRequest = {
    ...request,
    state: 'approved',
    decidedLines: decided,
    outcome: sameLines(decided, request.lines) ? 'full' : 'partial',
    decidedAt: input.now,
  }
  return { request: approved, effects: [...effects, { type: 'allocate', kind: request.kind, lines: decided }] }
}

export function approve(input: DecideInput, base: QuotaRequest): Result<Decision> {
  const { request, actor, policy } = input
  const automatic = !actor.roles.includes('dc_operator') && actor.roles.includes('system')
  if (automatic) {
    const allowed =
      (request.kind === 'decrease' && policy.autoApproveDecreases) ||
      (request.kind === 'increase' && policy.autoApproveIncreases)
    if (!allowed) return err('request.auto_approval_not_allowed', { kind: request.kind })
    // The rule approves what one operator could; what the window makes a two-person change waits for people.
    const lines = request.decidedLines ?? nonZeroLines(request.lines)
    if (operatorApprovalsRequired({ kind: request.kind, lines }, policy, input.facts.recentlyGranted) === 2) {
      return err('request.auto_approval_needs_two_operators', { days: policy.twoOperatorWindowDays })
    }
  }
  if (request.signOff?.actorId === actor.id) return err('request.signer_cannot_approve', {})

  const proposal = input.payload?.decidedLines ?? request.decidedLines ?? nonZeroLines(request.lines)
  const decided = checkDecided(request.lines, proposal)
  if (!decided.ok) return decided

  const effects: RequestEffect[] = []
  let approvals = request.approvals
  const changed = request.decidedLines !== null && !sameLines(request.decidedLines, decided.value)
  if (changed && approvals.length > 0) {
    effects.push({ type: 'approvals_discarded', actorIds: approvals.map((a) => a.actorId) })
    approvals = []
  }
  if (approvals.some((approval) => approval.actorId === actor.id)) {
    return err('request.duplicate_approval', {})
  }
  const next: QuotaRequest = {
    ...base,
    decidedLines: decided.value,
    approvals: [...approvals, { actorId: actor.id, at: input.now, automatic }],
  }
  return ok(settle(next, input, effects))
}

export function signOff(input: DecideInput, base: QuotaRequest): Result<Decision> {
  const { request, actor, project, policy } = input
  if (!requestNeedsSignOff(request, project, policy)) {
    return err('request.security_review_not_required', {})
  }
  if (request.signOff !== null) return err('request.already_signed_off', {})
  if (request.approvals.some((approval) => approval.actorId === actor.id)) {
    return err('request.approver_cannot_sign_off', {})
  }
  const note = (input.payload?.reason ?? '').normalize('NFC').trim()
  if (characterCount(note) > policy.reasonMaxLength) {
    return err('request.reason_too_long', { max: policy.reasonMaxLength, length: characterCount(note) })
  }
  const next: QuotaRequest = { ...base, signOff: { actorId: actor.id, at: input.now, note } }
  return ok(settle(next, input, []))
}
