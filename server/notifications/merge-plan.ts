// The kind of notice a merger carried out gives (decision 0057); who and what: merge-notices.ts.
export const MERGE_NOTIFICATION_KINDS = ['agency_merged'] as const
export type MergeNotificationKind = (typeof MERGE_NOTIFICATION_KINDS)[number]

export const isMergeKind = (kind: string): kind is MergeNotificationKind =>
  (MERGE_NOTIFICATION_KINDS as readonly string[]).includes(kind)
