// Who is told what about a security waiver (issue 13, decision 0041): pure, like plan.ts for
// requests. A new request goes to the security officers, who decide; its outcome goes to the
// requester; what changes the project's exposure (a revocation, a warning before expiry, the
// expiry itself) goes to the requester and to the agency's staff, who must act on the findings.
export const WAIVER_NOTIFICATION_KINDS = [
  'waiver_requested',
  'waiver_approved',
  'waiver_rejected',
  'waiver_revoked',
  'waiver_expiring',
  'waiver_expired',
] as const
export type WaiverNotificationKind = (typeof WAIVER_NOTIFICATION_KINDS)[number]

/** `agency`: the staff of the waiver's project's agency. */
export type WaiverAudience = 'requester' | 'security_officers' | 'agency'

export type WaiverEvent = 'request' | 'withdraw' | 'approve' | 'reject' | 'revoke' | 'expire' | 'expiring'

const PLAN: Readonly<Record<WaiverEvent, { kind: WaiverNotificationKind; to: readonly WaiverAudience[] } | null>> = {
  request: { kind: 'waiver_requested', to: ['security_officers'] },
  // Withdrawn before a decision: it leaves the officers' queue, nobody needs a message.
  withdraw: null,
  approve: { kind: 'waiver_approved', to: ['requester'] },
  reject: { kind: 'waiver_rejected', to: ['requester'] },
  revoke: { kind: 'waiver_revoked', to: ['requester', 'agency'] },
  expire: { kind: 'waiver_expired', to: ['requester', 'agency'] },
  expiring: { kind: 'waiver_expiring', to: ['requester', 'agency'] },
}

export function planWaiverNotice(event: WaiverEvent) {
  return PLAN[event]
}

export interface WaiverPeople {
  readonly requesterId: string
  readonly securityOfficers: readonly string[]
  readonly agencyStaff: readonly string[]
}

/** The recipients of one event: each person once, never the one who acted. */
export function waiverRecipients(to: readonly WaiverAudience[], people: WaiverPeople, actorId: string): string[] {
  const ids = to.flatMap((audience) =>
    audience === 'requester'
      ? [people.requesterId]
      : audience === 'security_officers'
        ? people.securityOfficers
        : people.agencyStaff,
  )
  return [...new Set(ids)].filter((id) => id !== actorId)
}

/** The once-only key of one warning (a second sweep, or two at once, warn nobody twice). */
export const waiverWarningKey = (waiverId: string, days: number) => `waiver-expiring:${waiverId}:${days}`
