// Who is told of a threshold reached (issue 14, decision 0050), pure like plan.ts: a project's
// resource reaching a level goes to its agency's staff, and from 95 % (and over quota) to the
// operators as well; an agency's budget reaching a level goes to its staff and to the operators.
export const ALERT_NOTIFICATION_KINDS = ['usage_threshold', 'budget_threshold'] as const
export type AlertNotificationKind = (typeof ALERT_NOTIFICATION_KINDS)[number]

export interface AlertPeople {
  readonly agencyStaff: readonly string[]
  readonly operators: readonly string[]
}

/** Each person once. */
export function alertRecipients(people: AlertPeople, toOperators: boolean): string[] {
  return [...new Set([...people.agencyStaff, ...(toOperators ? people.operators : [])])]
}

/** Once-only per level reached at an hour: a rerun of the same hour tells nobody twice. */
export const usageAlertKey = (projectId: string, resource: string, hour: Date, level: number) =>
  `usage:${projectId}:${resource}:${hour.toISOString()}:${level}`

/** Once-only per budget version, measure and level: a level is told again only under a new version or after it was cleared. */
export const budgetAlertKey = (
  agencyId: string,
  year: number,
  version: number,
  measure: string,
  level: number,
  at: Date,
) => `budget:${agencyId}:${year}:${version}:${measure}:${level}:${at.toISOString()}`

/** Once-only per crossing of a bucket's quota, by the time it was seen: a rerun of the same look tells nobody twice. */
export const bucketAlertKey = (projectId: string, bucket: string, at: Date) =>
  `bucket:${projectId}:${bucket}:${at.toISOString()}`
