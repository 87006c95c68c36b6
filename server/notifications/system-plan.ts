// Who is told what about an information system's registration (decision 0055): pure, like
// waiver-plan.ts. A registration (or its resubmission) goes to the security officers, who review;
// the decision goes to the agency's staff and whoever proposed the level. Never the actor. A
// re-review (decision 0084) likewise: a proposed change to the officers, who decide it; a
// reopening, and the decision on a change, to the agency's staff and the proponents.
export const SYSTEM_NOTIFICATION_KINDS = [
  'system_registered',
  'system_confirmed',
  'system_returned',
  'system_level_change_proposed',
  'system_reopened',
  'system_level_changed',
  'system_level_change_refused',
] as const
export type SystemNotificationKind = (typeof SYSTEM_NOTIFICATION_KINDS)[number]

/** The notices that ask a security officer to decide; the others go to the agency. */
export const TO_OFFICERS: readonly SystemNotificationKind[] = ['system_registered', 'system_level_change_proposed']
const toOfficers = (kind: SystemNotificationKind) => TO_OFFICERS.includes(kind)

export const isSystemKind = (kind: string): kind is SystemNotificationKind =>
  (SYSTEM_NOTIFICATION_KINDS as readonly string[]).includes(kind)

/** The recipients of one event: each person once, never the one who acted. */
export function systemRecipients(
  kind: SystemNotificationKind,
  people: { officers: readonly string[]; staff: readonly string[]; proponents: readonly string[] },
  actorId: string | null,
): string[] {
  const ids = toOfficers(kind) ? people.officers : [...people.proponents, ...people.staff]
  return [...new Set(ids)].filter((id) => id !== actorId)
}

/** The page a notice opens: the officers' review page, or the agency's registration page. */
export const systemNoticeLink = (kind: SystemNotificationKind, namespace: string): string =>
  toOfficers(kind) ? `/security/systems/${namespace}` : `/systems/${namespace}`
