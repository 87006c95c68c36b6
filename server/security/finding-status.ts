// What an open finding's status is, one rule for the pages, the API, the reports and the
// PolicyReports: waived while an approved, unexpired waiver of its project covers its check (for
// its subject, or for the whole check), overdue once open longer than its severity allows.
import type { Severity } from './catalogue'

const DAY_MS = 86_400_000

/** Days to fix an open finding, by severity: then it is overdue. */
export const DAYS_TO_FIX: Readonly<Record<Severity, number>> = { critical: 7, high: 30, medium: 90, low: 180 }

/** The longest a waiver may last, by the severity of what it waives (at most 12 months). */
export const WAIVER_MAX_DAYS: Readonly<Record<Severity, number>> = { critical: 30, high: 90, medium: 365, low: 365 }

export interface FindingFacts {
  readonly projectId: string | null
  readonly checkId: string
  readonly subjectKind: string
  readonly subjectNamespace: string
  readonly subjectName: string
  readonly severity: Severity
  readonly firstSeenAt: Date
  readonly resolvedAt: Date | null
}

export interface WaiverFacts {
  readonly projectId: string
  readonly checkId: string
  /** null: the whole check on the project. */
  readonly subjectKind: string | null
  readonly subjectNamespace: string | null
  readonly subjectName: string | null
  readonly state: string
  readonly expiresAt: Date
}

/** The columns of a waiver the rule reads, as a database select of exactly WaiverFacts. */
export const WAIVER_FACT_COLUMNS = {
  projectId: true,
  checkId: true,
  subjectKind: true,
  subjectNamespace: true,
  subjectName: true,
  state: true,
  expiresAt: true,
} as const satisfies Record<keyof WaiverFacts, true>

export type FindingStatus = 'open' | 'overdue' | 'waived' | 'resolved'

/** Whether the waiver covers the finding at `now`. */
export function waiverCovers(waiver: WaiverFacts, finding: FindingFacts, now: Date): boolean {
  if (waiver.state !== 'approved' || waiver.expiresAt <= now) return false
  if (waiver.projectId !== finding.projectId || waiver.checkId !== finding.checkId) return false
  if (waiver.subjectKind === null) return true
  return (
    waiver.subjectKind === finding.subjectKind &&
    (waiver.subjectNamespace ?? '') === finding.subjectNamespace &&
    waiver.subjectName === finding.subjectName
  )
}

/** The latest expiry among the waivers covering the finding at `now`, or null when none does. */
export function waivedUntil(finding: FindingFacts, waivers: readonly WaiverFacts[], now: Date): Date | null {
  let until: Date | null = null
  for (const waiver of waivers)
    if (waiverCovers(waiver, finding, now) && (until === null || waiver.expiresAt > until)) until = waiver.expiresAt
  return until
}

/** When an open finding becomes overdue. */
export function dueAt(finding: Pick<FindingFacts, 'severity' | 'firstSeenAt'>): Date {
  return new Date(finding.firstSeenAt.getTime() + DAYS_TO_FIX[finding.severity] * DAY_MS)
}

export function findingStatus(finding: FindingFacts, waivers: readonly WaiverFacts[], now: Date): FindingStatus {
  if (finding.resolvedAt !== null) return 'resolved'
  if (waivers.some((waiver) => waiverCovers(waiver, finding, now))) return 'waived'
  return dueAt(finding) <= now ? 'overdue' : 'open'
}

/** The latest expiry a waiver requested at `at` for that severity may have. */
export function latestWaiverExpiry(severity: Severity, at: Date): Date {
  return new Date(at.getTime() + WAIVER_MAX_DAYS[severity] * DAY_MS)
}
