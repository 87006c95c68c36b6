// Who is told what about a quota request: pure functions over the request before and after an
// action. The db layer (record.ts) turns audiences into people and writes the rows in the same
// transaction as the change, so a notification exists if and only if the change was committed.
import { LIVE_REQUEST_STATES, type QuotaRequest, type RequestAction, type RequestState } from '../domain/request-state'
import type { RequestKind } from '../domain/quota-request'
import { ALERT_NOTIFICATION_KINDS } from './alert-plan'
import { MERGE_NOTIFICATION_KINDS } from './merge-plan'
import { CLOSURE_NOTIFICATION_KINDS } from './closure-plan'
import { SYSTEM_NOTIFICATION_KINDS } from './system-plan'
import { WAIVER_NOTIFICATION_KINDS } from './waiver-plan'

export const NOTIFICATION_KINDS = [
  'request_submitted',
  'request_returned',
  'request_approved',
  'request_rejected',
  'request_signed_off',
  'request_revoked',
  'request_expired',
  'request_expiring',
  ...WAIVER_NOTIFICATION_KINDS,
  ...ALERT_NOTIFICATION_KINDS,
  ...SYSTEM_NOTIFICATION_KINDS,
  ...MERGE_NOTIFICATION_KINDS,
  ...CLOSURE_NOTIFICATION_KINDS,
  // Backups failed or missing (decision 0056): backup-notices.ts.
  'backup_unhealthy',
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

/**
 * Who a notice is for. `requester`: the person who filed the request. `operators` and
 * `security_officers`: the people whose latest console roles include dc_operator or
 * security_officer. The actor is never told of their own action.
 */
export type Audience = 'requester' | 'operators' | 'security_officers'

/** What a message needs besides the request's number, project and agency (added by the db layer). */
export interface NoticeParams {
  readonly requestKind: RequestKind
  readonly reason?: string
  readonly outcome?: 'full' | 'partial'
  /** Approved by an auto-approval rule, not a person. */
  readonly automatic?: boolean
  /** ISO 8601; the end date of the allocation (expiring, expired). */
  readonly endsAt?: string
  /** A submission that needs a security officer's sign-off. */
  readonly signOffRequired?: boolean
}

export interface PlannedNotice {
  readonly audience: Audience
  readonly kind: NotificationKind
  readonly params: NoticeParams
}

export interface RequestChange {
  readonly action: RequestAction
  readonly before: Pick<QuotaRequest, 'state'>
  readonly after: Pick<QuotaRequest, 'state' | 'kind' | 'reason' | 'outcome' | 'approvals' | 'signOff' | 'endDate'>
  /** Whether this request needs a security officer's sign-off (requestNeedsSignOff). */
  readonly signOffRequired: boolean
}

/**
 * The notices one accepted action calls for. One notice per audience and event: a sign-off that
 * completes the approval tells the requester "approved" (which says more) rather than both.
 */
export function planRequestNotices(change: RequestChange): PlannedNotice[] {
  const { action, before, after } = change
  const base = { requestKind: after.kind }
  const reason = after.reason ?? ''
  const becameApproved = after.state === 'approved' && before.state !== 'approved'

  switch (action) {
    case 'submit':
    case 'resubmit': {
      if (after.state !== 'submitted') return []
      const params = { ...base, signOffRequired: change.signOffRequired }
      return [
        { audience: 'operators', kind: 'request_submitted', params },
        ...(change.signOffRequired
          ? [{ audience: 'security_officers' as const, kind: 'request_submitted' as const, params }]
          : []),
      ]
    }
    case 'approve':
    case 'sign_off': {
      if (becameApproved) {
        const automatic = after.approvals.some((a) => a.automatic)
        return [
          {
            audience: 'requester',
            kind: 'request_approved',
            params: { ...base, outcome: after.outcome ?? 'full', automatic },
          },
        ]
      }
      if (action === 'sign_off' && after.signOff !== null) {
        return [{ audience: 'requester', kind: 'request_signed_off', params: base }]
      }
      return []
    }
    case 'return':
      return after.state === 'returned'
        ? [{ audience: 'requester', kind: 'request_returned', params: { ...base, reason } }]
        : []
    case 'reject':
      return after.state === 'rejected'
        ? [{ audience: 'requester', kind: 'request_rejected', params: { ...base, reason } }]
        : []
    case 'revoke':
      return after.state === 'revoked'
        ? [{ audience: 'requester', kind: 'request_revoked', params: { ...base, reason } }]
        : []
    case 'expire':
      return after.state === 'expired'
        ? [
            {
              audience: 'requester',
              kind: 'request_expired',
              params: { ...base, ...(after.endDate ? { endsAt: after.endDate.toISOString() } : {}) },
            },
          ]
        : []
    case 'save':
    case 'withdraw':
    case 'start_provisioning':
    case 'mark_active':
      return []
  }
}

/** States in which a request holds an allocation that can end. */
export const LIVE_STATES: readonly RequestState[] = LIVE_REQUEST_STATES

export const EXPIRY_WARNING_DAYS = 14
const DAY_MS = 86_400_000

export interface ExpiringCandidate {
  readonly state: RequestState
  readonly kind: RequestKind
  readonly endsAt: Date | null
}

/**
 * Whether an allocation's end date has passed (the sweep expires it). A decrease holds nothing
 * of its own to give back (and cannot be revoked either): it never expires.
 */
export function isPastDue(request: ExpiringCandidate, now: Date): boolean {
  return (
    LIVE_STATES.includes(request.state) &&
    request.kind !== 'decrease' &&
    request.endsAt !== null &&
    request.endsAt.getTime() <= now.getTime()
  )
}

/** Whether the requester should now be warned that the allocation ends within the warning window. */
export function isExpiringSoon(request: ExpiringCandidate, now: Date, days = EXPIRY_WARNING_DAYS): boolean {
  if (!LIVE_STATES.includes(request.state) || request.kind === 'decrease' || request.endsAt === null) return false
  const left = request.endsAt.getTime() - now.getTime()
  return left > 0 && left <= days * DAY_MS
}

/** The once-only key of the expiry warning of one request (a second sweep makes no second warning). */
export const expiringOnceKey = (requestId: string) => `expiring:${requestId}`

export function planExpiringNotice(request: ExpiringCandidate & { readonly endsAt: Date }): PlannedNotice {
  return {
    audience: 'requester',
    kind: 'request_expiring',
    params: { requestKind: request.kind, endsAt: request.endsAt.toISOString() },
  }
}

export interface People {
  readonly requesterId: string
  /** Users whose latest console roles include dc_operator. */
  readonly operators: readonly string[]
  /** Users whose latest console roles include security_officer. */
  readonly securityOfficers: readonly string[]
}

export interface AddressedNotice {
  readonly recipientId: string
  readonly kind: NotificationKind
  readonly params: NoticeParams
}

/**
 * Puts names on the notices: each audience becomes its people, the actor is left out (nobody is
 * told of what they did themselves), and someone in two audiences (an operator who is also a
 * security officer) gets one notice, not two.
 */
export function addressNotices(planned: readonly PlannedNotice[], people: People, actorId: string): AddressedNotice[] {
  const out: AddressedNotice[] = []
  const seen = new Set<string>()
  for (const notice of planned) {
    const ids =
      notice.audience === 'requester'
        ? [people.requesterId]
        : notice.audience === 'operators'
          ? people.operators
          : people.securityOfficers
    for (const recipientId of ids) {
      const key = `${recipientId}:${notice.kind}`
      if (recipientId === actorId || seen.has(key)) continue
      seen.add(key)
      out.push({ recipientId, kind: notice.kind, params: notice.params })
    }
  }
  return out
}
