// The life of a quota request as one pure function: given a request, an action and who takes
// it, either the next request and the side effects to carry out, or the reason it is refused.
// The db layer loads the request, calls decide, writes `request` and applies `effects` (ledger,
// audit) in one transaction. Which agency an actor may act for is authorise()'s business, not
// this module's: here only roles and the rules of the request itself count.
import { err, ok, type DomainError, type Result } from './errors'
import { amountOf, nonZeroLines, sameLines, type LineItem } from './line-items'
import { characterCount } from './names'
import type { RequestContent, RequestKind } from './quota-request'
import {
  operatorApprovalsRequired,
  requestNeedsSignOff,
  type ApprovalPolicy,
  type SecurityProfile,
} from './security-policy'

export const REQUEST_STATES = [
  'draft',
  'submitted',
  'returned',
  'approved',
  'rejected',
  'withdrawn',
  'provisioning',
  'active',
  'expired',
  'revoked',
] as const
export type RequestState = (typeof REQUEST_STATES)[number]

/** No action leads out of these. */
export const TERMINAL_STATES: readonly RequestState[] = ['rejected', 'withdrawn', 'expired', 'revoked']

/** In the order the UI shows their buttons: the constructive ones first. */
export const REQUEST_ACTIONS = [
  'save',
  'submit',
  'resubmit',
  'approve',
  'sign_off',
  'return',
  'reject',
  'withdraw',
  'start_provisioning',
  'mark_active',
  'expire',
  'revoke',
] as const
export type RequestAction = (typeof REQUEST_ACTIONS)[number]

/** `system` is the console's own jobs (provisioning, expiry, auto-approval), never a person. */
export const ROLES = ['agency_staff', 'dc_operator', 'security_officer', 'platform_admin', 'system'] as const
export type Role = (typeof ROLES)[number]

export interface Actor {
  readonly id: string
  readonly roles: readonly Role[]
}

export type Outcome = 'full' | 'partial'

/** An operator's approval (or the system's, when an auto-approval rule allowed it). */
export interface Approval {
  readonly actorId: string
  readonly at: Date
  readonly automatic: boolean
}

export interface SignOff {
  readonly actorId: string
  readonly at: Date
  readonly note: string
}

export interface QuotaRequest extends RequestContent {
  readonly id: string
  readonly projectId: string
  /** Who created it: they may never decide on it, whatever roles they also hold. */
  readonly requesterId: string
  readonly state: RequestState
  /**
   * The amounts being approved, kept apart from the requested `lines`. Set by the first
   * approval (in full: equal to the lines; in part: smaller) and final once `approved`.
   */
  readonly decidedLines: readonly LineItem[] | null
  readonly outcome: Outcome | null
  /** Approvals of the current decidedLines only: a different proposal discards older ones. */
  readonly approvals: readonly Approval[]
  readonly signOff: SignOff | null
  /** Reason of the last return, rejection or revocation. */
  readonly reason: string | null
  /** Optimistic concurrency: every accepted action increments it. */
  readonly version: number
  readonly submittedAt: Date | null
  readonly decidedAt: Date | null
}

export interface Transition {
  readonly from: RequestState
  readonly action: RequestAction
  /** approve and sign_off stay in `submitted` until every vote is in. */
  readonly to: readonly RequestState[]
  readonly roles: readonly Role[]
}

const REVOKERS: readonly Role[] = ['dc_operator', 'platform_admin']
const REVIEWERS: readonly Role[] = ['dc_operator', 'security_officer']

/** Every allowed (state, action) pair and the roles that may take it. Anything else is refused. */
export const TRANSITIONS: readonly Transition[] = [
  { from: 'draft', action: 'save', to: ['draft'], roles: ['agency_staff'] },
  { from: 'draft', action: 'submit', to: ['submitted'], roles: ['agency_staff'] },
  { from: 'draft', action: 'withdraw', to: ['withdrawn'], roles: ['agency_staff'] },
  { from: 'submitted', action: 'approve', to: ['submitted', 'approved'], roles: ['dc_operator', 'system'] },
  { from: 'submitted', action: 'sign_off', to: ['submitted', 'approved'], roles: ['security_officer'] },
  { from: 'submitted', action: 'reject', to: ['rejected'], roles: REVIEWERS },
  { from: 'submitted', action: 'return', to: ['returned'], roles: REVIEWERS },
  { from: 'submitted', action: 'withdraw', to: ['withdrawn'], roles: ['agency_staff'] },
  { from: 'returned', action: 'save', to: ['returned'], roles: ['agency_staff'] },
  { from: 'returned', action: 'resubmit', to: ['submitted'], roles: ['agency_staff'] },
  { from: 'returned', action: 'withdraw', to: ['withdrawn'], roles: ['agency_staff'] },
  { from: 'approved', action: 'start_provisioning', to: ['provisioning'], roles: ['system'] },
  { from: 'approved', action: 'expire', to: ['expired'], roles: ['system'] },
  { from: 'approved', action: 'revoke', to: ['revoked'], roles: REVOKERS },
  { from: 'provisioning', action: 'mark_active', to: ['active'], roles: ['system'] },
  { from: 'provisioning', action: 'expire', to: ['expired'], roles: ['system'] },
  { from: 'provisioning', action: 'revoke', to: ['revoked'], roles: REVOKERS },
  { from: 'active', action: 'expire', to: ['expired'], roles: ['system'] },
  { from: 'active', action: 'revoke', to: ['revoked'], roles: REVOKERS },
]

export function findTransition(state: RequestState, action: RequestAction): Transition | undefined {
  return TRANSITIONS.find((transition) => transition.from === state && transition.action === action)
}

/** What the caller must do besides writing the returned request. */
export type RequestEffect =
  /** Write the ledger for these decided amounts (a decrease gives them back), checking capacity. */
  | { readonly type: 'allocate'; readonly kind: RequestKind; readonly lines: readonly LineItem[] }
  /** Give back what this request was granted (revocation, expiry). */
  | { readonly type: 'release'; readonly kind: RequestKind; readonly lines: readonly LineItem[] }
  /** Earlier approvals no longer count: they approved different amounts. Audit that. */
  | { readonly type: 'approvals_discarded'; readonly actorIds: readonly string[] }

export interface ActionPayload {
  /** save, submit, resubmit: the new content (already checked by validateDraft/validateForSubmit). */
  readonly content?: RequestContent
  /** approve: the amounts approved, one per requested resource; absent = the current proposal or in full. */
  readonly decidedLines?: readonly LineItem[]
  /** reject, return, revoke: required. sign_off: an optional note. */
  readonly reason?: string
}

export interface DecideInput {
  readonly request: QuotaRequest
  /** The project's security profile, read when deciding (it may have changed since submission). */
  readonly project: SecurityProfile
  readonly action: RequestAction
  readonly actor: Actor
  readonly policy: ApprovalPolicy
  readonly now: Date
  /** The version the person saw; a different current version means the form is stale. */
  readonly expectedVersion?: number
  readonly payload?: ActionPayload
}

export interface Decision {
  readonly request: QuotaRequest
  readonly effects: readonly RequestEffect[]
}

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
  readonly approvals: number
  readonly automatic: boolean
  readonly signOffRequired: boolean
  readonly signedOff: boolean
  readonly complete: boolean
}

export function approvalProgress(
  request: Pick<QuotaRequest, 'kind' | 'lines' | 'decidedLines' | 'approvals' | 'signOff'>,
  project: SecurityProfile,
  policy: ApprovalPolicy,
): ApprovalProgress {
  const lines = request.decidedLines ?? request.lines
  const approvalsRequired = operatorApprovalsRequired({ kind: request.kind, lines }, policy)
  const automatic = request.approvals.some((approval) => approval.automatic)
  const approvals = request.approvals.length
  const signOffRequired = requestNeedsSignOff(request, project, policy)
  const signedOff = request.signOff !== null
  const approved = automatic || approvals >= approvalsRequired
  return {
    approvalsRequired,
    approvals,
    automatic,
    signOffRequired,
    signedOff,
    complete: approved && (!signOffRequired || signedOff),
  }
}

/** Moves a submitted request to `approved` when its votes are complete, else leaves it. */
function settle(request: QuotaRequest, input: DecideInput, effects: RequestEffect[]): Decision {
  const progress = approvalProgress(request, input.project, input.policy)
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

function refuse(error: DomainError): { ok: false; error: DomainError } {
  return { ok: false, error }
}

/** Refusals common to the decisions of reviewers (approve, sign_off, reject, return). */
function reviewerRefusal(input: DecideInput): Result<true> {
  const { request, actor, now } = input
  if (actor.id === request.requesterId) return err('request.requester_cannot_decide', {})
  if ((input.action === 'approve' || input.action === 'sign_off') && request.endDate !== null) {
    if (request.endDate.getTime() <= now.getTime()) return err('request.end_date_passed', {})
  }
  return ok(true)
}

function approve(input: DecideInput, base: QuotaRequest): Result<Decision> {
  const { request, actor, policy } = input
  const automatic = !actor.roles.includes('dc_operator') && actor.roles.includes('system')
  if (automatic) {
    const allowed =
      (request.kind === 'decrease' && policy.autoApproveDecreases) ||
      (request.kind === 'increase' && policy.autoApproveIncreases)
    if (!allowed) return err('request.auto_approval_not_allowed', { kind: request.kind })
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

function signOff(input: DecideInput, base: QuotaRequest): Result<Decision> {
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

/** The states in which a request's decision holds: what it granted (or took away) counts. */
export const LIVE_REQUEST_STATES: readonly RequestState[] = ['approved', 'provisioning', 'active']

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
}): RequestAction[] {
  return REQUEST_ACTIONS.filter(
    (action) => decide({ ...input, action, payload: { reason: '-', content: input.request } }).ok,
  )
}
