// Who is told about a system's closing request (decision 0058): pure, like system-plan.ts. The
// request goes to the people who may decide it (the caller asks the permission map and the
// requests' duties, decision 0075); the decision goes to the one who asked and the agency's staff;
// a withdrawal to everyone told of the request, the one who asked and the agency's staff. Never the
// actor.
export const CLOSURE_NOTIFICATION_KINDS = [
  'closure_requested',
  'closure_approved',
  'closure_rejected',
  'closure_withdrawn',
] as const
export type ClosureNotificationKind = (typeof CLOSURE_NOTIFICATION_KINDS)[number]

export const isClosureKind = (kind: string): kind is ClosureNotificationKind =>
  (CLOSURE_NOTIFICATION_KINDS as readonly string[]).includes(kind)

/** The recipients of one event: each person once, never the one who acted. */
export function closureRecipients(
  kind: ClosureNotificationKind,
  people: { deciders: readonly string[]; staff: readonly string[]; requesterId: string; told?: readonly string[] },
  actorId: string,
): string[] {
  const ids =
    kind === 'closure_requested'
      ? people.deciders
      : kind === 'closure_withdrawn'
        ? [...(people.told ?? []), people.requesterId, ...people.staff]
        : [people.requesterId, ...people.staff]
  return [...new Set(ids)].filter((id) => id !== actorId)
}

/** Every closing notice opens the system's closing page, where it is decided and its history shown. */
export const closureNoticeLink = (namespace: string): string => `/projects/${encodeURIComponent(namespace)}/closing`
