// A quota request as data: its states, the actions between them and who may take each
// (TRANSITIONS), what a decision returns (the next request and its effects). The rules that apply
// them are request-decide.ts (decide, allowedActions) and request-votes.ts (approvals, sign-off).
import type { LineItem } from './line-items'
import type { RequestContent, RequestKind } from './quota-request'
import type { DutyFacts } from './request-duties'
import type { ApprovalPolicy, SecurityProfile } from './security-policy'

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
  /**
   * The agencies the person belongs to and every agency below them (the principal's); absent for
   * the console's own jobs, which belong to none. An operator may not decide for these.
   */
  readonly agencyIds?: readonly string[]
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
  readonly facts: DecisionFacts
}

/** What deciding reads besides the request and the actor (the workflow loads them; decision 0029). */
export interface DecisionFacts extends DutyFacts {
  /**
   * What the project's other new grants and increases approved within the policy's window added,
   * per resource: the two-operator thresholds apply to it plus this request.
   */
  readonly recentlyGranted: readonly LineItem[]
}

export interface Decision {
  readonly request: QuotaRequest
  readonly effects: readonly RequestEffect[]
}

/** The states in which a request's decision holds: what it granted (or took away) counts. */
export const LIVE_REQUEST_STATES: readonly RequestState[] = ['approved', 'provisioning', 'active']
