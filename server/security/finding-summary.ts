// The dashboard's figures (issue 13): findings still to fix by severity × agency × level, the
// overdue and waived counts, and the trend of unresolved findings per day. Status is decided in
// SQL by finding-status-sql.ts; every figure is within the agencies the reader may see (null: all).
import type { Db } from '../db/client'
import { Prisma } from '../db/generated/client'
import { SEVERITIES, type Severity } from './catalogue'
import type { FindingStatus } from './finding-status'
import { statusSql } from './finding-status-sql'

const DAY_MS = 86_400_000
// Days are Việt Nam's (UTC+7, no daylight saving time); the columns hold UTC.
const VN_OFFSET_MS = 7 * 3_600_000
const LOCAL_DAY = (column: Prisma.Sql) => Prisma.sql`(${column} + interval '7 hours')::date`

export type SeverityCounts = Record<Severity, number>

/** Findings still to fix (open or overdue) of one agency at one level, by severity. */
export type SummaryCell = { agencyId: string | null; level: number | null; counts: SeverityCounts }

export type FindingSummary = {
  /** Still to fix: open or overdue, not waived. */
  toFix: SeverityCounts
  overdue: SeverityCounts
  waived: SeverityCounts
  cells: SummaryCell[]
}

export const zeroCounts = (): SeverityCounts => ({ low: 0, medium: 0, high: 0, critical: 0 })

const scopeSql = (scope: readonly string[] | null) =>
  scope === null ? Prisma.sql`TRUE` : Prisma.sql`f."agencyId" = ANY(${[...scope]}::uuid[])`

type GroupRow = {
  agencyId: string | null
  level: number | null
  severity: Severity
  status: FindingStatus
  count: number
}

/** One grouped read of the unresolved findings: every figure of the dashboard but the trend. */
export async function findingSummary(db: Db, scope: readonly string[] | null, now: Date): Promise<FindingSummary> {
  const rows = await db.$queryRaw<GroupRow[]>`
    SELECT f."agencyId", f."securityLevel" AS "level", f."severity"::text AS "severity",
           ${statusSql(now)} AS "status", count(*)::int AS "count"
      FROM "SecurityFinding" f
     WHERE f."resolvedAt" IS NULL AND ${scopeSql(scope)}
     GROUP BY 1, 2, 3, 4`
  const summary: FindingSummary = { toFix: zeroCounts(), overdue: zeroCounts(), waived: zeroCounts(), cells: [] }
  const cells = new Map<string, SummaryCell>()
  for (const row of rows) {
    if (row.status === 'waived') {
      summary.waived[row.severity] += row.count
      continue
    }
    if (row.status === 'overdue') summary.overdue[row.severity] += row.count
    summary.toFix[row.severity] += row.count
    const key = `${row.agencyId ?? ''}/${row.level ?? ''}`
    let cell = cells.get(key)
    if (!cell) cells.set(key, (cell = { agencyId: row.agencyId, level: row.level, counts: zeroCounts() }))
    cell.counts[row.severity] += row.count
  }
  summary.cells = [...cells.values()]
  return summary
}

/** Unresolved findings at the end of one day (Việt Nam), by severity. */
export type TrendDay = { day: string; counts: SeverityCounts }

/** The first instant of the day (Việt Nam) `days - 1` days before the one holding `now`. */
export function trendStart(now: Date, days: number): Date {
  const localMidnight = Math.floor((now.getTime() + VN_OFFSET_MS) / DAY_MS) * DAY_MS - VN_OFFSET_MS
  return new Date(localMidnight - (days - 1) * DAY_MS)
}

/**
 * Unresolved findings (waived ones included: a waiver's past is not kept as days) at the end of
 * each of the last `days` days, from their first-seen and resolved times: those unresolved when
 * the period began, plus those opened, minus those resolved, day by day. Three index ranges
 * instead of a scan of every finding for every day.
 */
export async function findingTrend(
  db: Db,
  scope: readonly string[] | null,
  options: { now: Date; days: number },
): Promise<TrendDay[]> {
  const start = trendStart(options.now, options.days)
  const first = new Date(start.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10)
  const rows = await db.$queryRaw<{ day: string; severity: Severity; count: number }[]>`
    WITH days AS (
      SELECT d::date AS "day" FROM generate_series(${first}::date, ${first}::date + ${options.days - 1}::int, interval '1 day') d
    ), severities AS (
      SELECT unnest(${[...SEVERITIES]}::text[]) AS "severity"
    ), base AS (
      SELECT f."severity"::text AS "severity", count(*) AS "count" FROM "SecurityFinding" f
       WHERE f."firstSeenAt" < ${start} AND (f."resolvedAt" IS NULL OR f."resolvedAt" >= ${start}) AND ${scopeSql(scope)}
       GROUP BY 1
    ), moves AS (
      SELECT ${LOCAL_DAY(Prisma.sql`f."firstSeenAt"`)} AS "day", f."severity"::text AS "severity", count(*) AS "delta"
        FROM "SecurityFinding" f WHERE f."firstSeenAt" >= ${start} AND ${scopeSql(scope)} GROUP BY 1, 2
      UNION ALL
      SELECT ${LOCAL_DAY(Prisma.sql`f."resolvedAt"`)}, f."severity"::text, -count(*)
        FROM "SecurityFinding" f WHERE f."resolvedAt" >= ${start} AND ${scopeSql(scope)} GROUP BY 1, 2
    )
    SELECT to_char(d."day", 'YYYY-MM-DD') AS "day", s."severity",
           (COALESCE((SELECT b."count" FROM base b WHERE b."severity" = s."severity"), 0)
            + COALESCE((SELECT sum(m."delta") FROM moves m WHERE m."severity" = s."severity" AND m."day" <= d."day"), 0))::int AS "count"
      FROM days d CROSS JOIN severities s
     ORDER BY 1`
  const byDay = new Map<string, SeverityCounts>()
  for (const row of rows) {
    const counts = byDay.get(row.day) ?? zeroCounts()
    counts[row.severity] = row.count
    byDay.set(row.day, counts)
  }
  return [...byDay].map(([day, counts]) => ({ day, counts }))
}
