// Who is told what about an information system's registration (decision 0055): pure, like
// waiver-plan.ts. A registration (or its resubmission) goes to the security officers, who review;
// the decision goes to the agency's staff and whoever proposed the level. Never the actor.
export const SYSTEM_NOTIFICATION_KINDS = ['system_registered', 'system_confirmed', 'system_returned'] as const
export type SystemNotificationKind = (typeof SYSTEM_NOTIFICATION_KINDS)[number]

export const isSystemKind = (kind: string): kind is SystemNotificationKind =>
  (SYSTEM_NOTIFICATION_KINDS as readonly string[]).includes(kind)

/** The recipients of one event: each person once, never the one who acted. */
export function systemRecipients(
  kind: SystemNotificationKind,
  people: { officers: readonly string[]; staff: readonly string[]; proponents: readonly string[] },
  actorId: string | null,
): string[] {
  const ids = kind === 'system_registered' ? people.officers : [...people.proponents, ...people.staff]
  return [...new Set(ids)].filter((id) => id !== actorId)
}

/** The page a notice opens: the officers' review page, or the agency's registration page. */
export const systemNoticeLink = (kind: SystemNotificationKind, namespace: string): string =>
  kind === 'system_registered' ? `/security/systems/${namespace}` : `/systems/${namespace}`
