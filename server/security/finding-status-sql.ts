// The SQL twin of finding-status.ts, for the searches and counts that must decide a finding's
// status inside PostgreSQL (a filter on "overdue" over 100,000 findings cannot read them all into
// Node). Built from the same constants (DAYS_TO_FIX) and the same reading of a waiver as
// waiverCovers; tests/integration/security/status-sql.test.ts runs both over a table of findings
// and waivers, boundaries included, and compares them. Change one, change the other.
import { Prisma } from '../db/generated/client'
import { SEVERITIES } from './catalogue'
import { DAYS_TO_FIX, type FindingStatus } from './finding-status'

const DAY_MS = 86_400_000

export const FINDING_STATUSES = ['open', 'overdue', 'waived', 'resolved'] as const satisfies readonly FindingStatus[]

/**
 * Whether an approved, unexpired waiver of the finding's project covers it at `now` (waiverCovers):
 * for the whole check (no subject) or for its very subject. `f` is the finding's alias.
 */
export function waivedSql(now: Date): Prisma.Sql {
  return Prisma.sql`EXISTS (
    SELECT 1 FROM "SecurityWaiver" w
     WHERE w."projectId" = f."projectId" AND w."checkId" = f."checkId"
       AND w."state" = 'approved' AND w."expiresAt" > ${now}
       AND (w."subjectKind" IS NULL
            OR (w."subjectKind" = f."subjectKind" AND COALESCE(w."subjectNamespace", '') = f."subjectNamespace"
                AND w."subjectName" = f."subjectName")))`
}

/**
 * Whether an open finding is past its days to fix at `now` (dueAt(finding) <= now): first seen at or
 * before now minus its severity's days, one bound per severity so the (firstSeenAt) index serves it.
 */
export function pastDueSql(now: Date): Prisma.Sql {
  const bounds = SEVERITIES.map(
    (severity) =>
      Prisma.sql`(f."severity" = ${severity}::"FindingSeverity" AND f."firstSeenAt" <= ${new Date(now.getTime() - DAYS_TO_FIX[severity] * DAY_MS)})`,
  )
  return Prisma.sql`(${Prisma.join(bounds, ' OR ')})`
}

/** findingStatus as a column: 'open' | 'overdue' | 'waived' | 'resolved'. */
export function statusSql(now: Date): Prisma.Sql {
  return Prisma.sql`(CASE WHEN f."resolvedAt" IS NOT NULL THEN 'resolved'
    WHEN ${waivedSql(now)} THEN 'waived'
    WHEN ${pastDueSql(now)} THEN 'overdue'
    ELSE 'open' END)`
}

/** A condition true for findings whose status at `now` is one of `statuses`. */
export function statusInSql(statuses: readonly FindingStatus[], now: Date): Prisma.Sql {
  const wanted = new Set(statuses)
  if (wanted.size === 0) return Prisma.sql`FALSE`
  if (wanted.size === FINDING_STATUSES.length) return Prisma.sql`TRUE`
  const parts: Prisma.Sql[] = []
  if (wanted.has('resolved')) parts.push(Prisma.sql`f."resolvedAt" IS NOT NULL`)
  const unresolved: Prisma.Sql[] = []
  if (wanted.has('waived')) unresolved.push(waivedSql(now))
  const notWaived = Prisma.sql`NOT ${waivedSql(now)}`
  if (wanted.has('open') && wanted.has('overdue')) unresolved.push(notWaived)
  else if (wanted.has('overdue')) unresolved.push(Prisma.sql`(${notWaived} AND ${pastDueSql(now)})`)
  else if (wanted.has('open')) unresolved.push(Prisma.sql`(${notWaived} AND NOT ${pastDueSql(now)})`)
  if (unresolved.length > 0) parts.push(Prisma.sql`(f."resolvedAt" IS NULL AND (${Prisma.join(unresolved, ' OR ')}))`)
  return Prisma.sql`(${Prisma.join(parts, ' OR ')})`
}
