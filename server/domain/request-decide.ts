// The life of a quota request as one pure function: given a request, an action and who takes
// it, either the next request and the side effects to carry out, or the reason it is refused.
// The db layer loads the request, calls decide, writes `request` and applies `effects` (ledger,
// audit) in one transaction. Which agency an actor may act for is authorise()'s business, not
// this module's: here only roles, the rules of the request itself and the separation of duties
// (request-duties.ts, over the facts the workflow loads) count.
import { err, ok, type DomainError, type Result } from './errors'
import { nonZeroLines } from './line-items'
import { characterCount } from './names'
import type { RequestContent } from './quota-request'
import {
  findTransition,
  LIVE_REQUEST_STATES,
  REQUEST_ACTIONS,
  type Actor,
  type Decision,
  type DecideInput,
  type DecisionFacts,
  type QuotaRequest,
  type RequestAction,
  type RequestEffect,
  type RequestState,
  type Role,
  type Transition,
} from './request-state'
import { dutyRefusal } from './request-duties'
import { approve, signOff } from './request-votes'
import { requestNeedsSignOff, type ApprovalPolicy, type SecurityProfile } from './security-policy'

function hasRole(actor: Actor, roles: readonly Role[]): boolean {
  return actor.roles.some((role) => roles.includes(role))
}

function checkReason(raw: string | undefined, policy: ApprovalPolicy): Result<string> {
  const reason = (raw ?? '').normalize('NFC').trim()
  if (reason === '') return err('request.reason_required', {})
  const length = characterCount(reason)
  if (length > policy.reasonMaxLength) {
    return err('request.reason_too_long', { max: policy.reasonMaxLength, length })
  }
  return ok(reason)
}

function refuse(error: DomainError): { ok: false; error: DomainError } {
  return { ok: false, error }
}

/** Refusals common to the decisions of reviewers (approve, sign_off, reject, return). */
function reviewerRefusal(input: DecideInput): Result<true> {
  const { request, actor, now } = input
  const duty = dutyRefusal({
    requesterId: request.requesterId,
    decider: actor,
    action: input.action,
    facts: input.facts,
  })
  if (duty !== null) return refuse(duty)
  if ((input.action === 'approve' || input.action === 'sign_off') && request.endDate !== null) {
    if (request.endDate.getTime() <= now.getTime()) return err('request.end_date_passed', {})
  }
  return ok(true)
}

/** Submitting needs something to review; decide checks the minimum even if the form did more. */
function submittable(content: RequestContent): Result<true> {
  if (nonZeroLines(content.lines).length === 0) return err('request.no_amount', {})
  if (content.justification.trim() === '') return err('request.justification_required', {})
  return ok(true)
}

/** Only the content fields: a caller passing a whole request must not overwrite its state. */
function contentOf(content: RequestContent): RequestContent {
  const { kind, lines, backup, justification, endDate } = content
  return { kind, lines, backup, justification, endDate }
}

/** A clean slate for review: votes, sign-off and proposals of an earlier round do not carry over. */
function forReview(request: QuotaRequest): QuotaRequest {
  return { ...request, decidedLines: null, outcome: null, approvals: [], signOff: null }
}

function roleRefusal(input: DecideInput, transition: Transition): DomainError | null {
  const { actor, action } = input
  if (hasRole(actor, transition.roles)) return null
  if (action === 'approve' && actor.roles.includes('security_officer')) {
    return { code: 'request.security_officer_cannot_approve', params: {} }
  }
  return { code: 'request.role_not_allowed', params: { action, roles: transition.roles.join(', ') } }
}

/**
 * Decides an action on a request. Checks, in order: a stale version, whether the action exists
 * from this state, the actor's roles, the rules of the action; then returns the next request
 * (version + 1) and the effects. Content is taken as already validated by validateForSubmit;
 * decide only re-checks that a submission is not empty.
 */
export function decide(input: DecideInput): Result<Decision> {
  const { request, action, actor, policy, now } = input
  if (input.expectedVersion !== undefined && input.expectedVersion !== request.version) {
    return err('request.stale', { expected: input.expectedVersion, current: request.version })
  }
  const transition = findTransition(request.state, action)
  if (transition === undefined) {
    return err('request.transition_not_allowed', { state: request.state, action })
  }
  const roleError = roleRefusal(input, transition)
  if (roleError !== null) return refuse(roleError)

  const base: QuotaRequest = { ...request, version: request.version + 1 }
  const payload = input.payload ?? {}
  const to = (state: RequestState, changes: Partial<QuotaRequest> = {}, effects: RequestEffect[] = []) =>
    ok<Decision>({ request: { ...base, ...changes, state }, effects })

  switch (action) {
    case 'save': {
      if (payload.content === undefined) return err('request.content_missing', {})
      return to(request.state, contentOf(payload.content))
    }
    case 'submit':
    case 'resubmit': {
      const content = contentOf(payload.content ?? request)
      const check = submittable(content)
      if (!check.ok) return check
      const fresh = forReview({ ...base, ...content })
      return ok({ request: { ...fresh, state: 'submitted', submittedAt: now, reason: null }, effects: [] })
    }
    case 'withdraw':
      return to('withdrawn')
    case 'approve':
    case 'sign_off': {
      const refusal = reviewerRefusal(input)
      if (!refusal.ok) return refusal
      return action === 'approve' ? approve(input, base) : signOff(input, base)
    }
    case 'reject':
    case 'return': {
      const refusal = reviewerRefusal(input)
      if (!refusal.ok) return refusal
      const isOperator = actor.roles.includes('dc_operator')
      if (!isOperator && !requestNeedsSignOff(request, input.project, policy)) {
        return err('request.security_review_not_required', {})
      }
      const reason = checkReason(payload.reason, policy)
      if (!reason.ok) return reason
      if (action === 'reject') return to('rejected', { reason: reason.value, decidedAt: now })
      return ok({ request: { ...forReview(base), state: 'returned', reason: reason.value }, effects: [] })
    }
    case 'start_provisioning':
      return to('provisioning')
    case 'mark_active':
      return to('active')
    case 'expire': {
      if (request.endDate === null || request.endDate.getTime() > now.getTime()) {
        return err('request.not_yet_expired', {})
      }
      return to('expired', {}, [release(request)])
    }
    case 'revoke': {
      if (request.kind === 'decrease') return err('request.decrease_not_revocable', {})
      const reason = checkReason(payload.reason, policy)
      if (!reason.ok) return reason
      return to('revoked', { reason: reason.value }, [release(request)])
    }
  }
}

/**
 * A project's increases and decreases change the allocation its `new` grant made; when that
 * grant ends (expired or revoked), they end with it. Its release already gave back everything
 * the project held, so they end with no effect of their own (releasing them again would give
 * back the same amounts twice). Null when the request is not one that ends with the grant.
 */
export function endWithGrant(request: QuotaRequest, grantEnd: 'expired' | 'revoked'): QuotaRequest | null {
  if (request.kind === 'new' || !LIVE_REQUEST_STATES.includes(request.state)) return null
  return { ...request, state: grantEnd, version: request.version + 1 }
}

function release(request: QuotaRequest): RequestEffect {
  return { type: 'release', kind: request.kind, lines: request.decidedLines ?? [] }
}

/**
 * The actions this actor could take now, for the UI's buttons. It asks decide itself (with a
 * placeholder reason), so a button is never shown for an action decide would refuse for a
 * reason other than a missing or bad reason or payload.
 */
export function allowedActions(input: {
  readonly request: QuotaRequest
  readonly project: SecurityProfile
  readonly actor: Actor
  readonly policy: ApprovalPolicy
  readonly now: Date
  readonly facts: DecisionFacts
}): RequestAction[] {
  return REQUEST_ACTIONS.filter(
    (action) => decide({ ...input, action, payload: { reason: '-', content: input.request } }).ok,
  )
}
