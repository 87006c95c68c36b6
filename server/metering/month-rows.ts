// A closed month's rollup rows (decisions 0062 and 0073): once the statements job closes a local
// month, it writes one row per project, resource and stretch of the month under one rate card and
// one set of footprint coefficients (`start` the stretch's first day; a month no version changes
// within is one stretch from the 1st), holding the sums of the stretch's day rows, so that every
// later read of the month (each run of the job looks again for late corrections) reads 2,000 rows
// instead of 60,000 at 1,000 agencies. Never written by the hourly write path as such: the day rows
// stay what it upserts, and only an hour of a month that has its rows (a late correction, a
// catch-up) moves its stretch's row, in the same statement as its day's (append.ts). The month's
// lock orders the two: the job's write and an hour's cannot interleave, so no delta is lost between
// reading the days and writing the sums. A month row keeps no peak (usedPeak NULL): peaks are read
// from the days (rollups.ts). Versions take effect only on a later day than today
// (dated-versions.ts), so a closed month's stretches never change.
import type { Db, Tx } from '../db/client'
import { Prisma } from '../db/generated/client'
import { nextLocalMonth, type LocalDate } from '../domain/local-calendar'

/** The text whose hash is the month's advisory lock, taken by `pg_advisory_xact_lock(hashtext(…))`. */
export const monthLockText = (month: LocalDate) => `usage-month ${month}`

/**
 * The dates a stretch may start on: a rate card's or the footprint coefficients' taking effect. The
 * statements job's boundaries are the same versions (close-statements.ts). SQL text, so that the
 * write path's pg driver and Prisma read it alike.
 */
const VERSION_DATES = `SELECT "effectiveFrom" AS d FROM "RateCardVersion"
  UNION SELECT "effectiveFrom" FROM "FootprintVersion"`

/**
 * For the write path ($1 the month's first day, $2 the next month's, $3 the hour's local day):
 * whether the month has its rows, and the first day of the stretch the day falls in.
 */
export const MONTH_ROWS_OF_DAY = `SELECT
  EXISTS (SELECT 1 FROM "UsageRollup" WHERE "period" = 'month' AND "start" >= $1::date AND "start" < $2::date) AS found,
  to_char((SELECT max(d) FROM (SELECT $1::date AS d UNION ${VERSION_DATES}) v
            WHERE d >= $1::date AND d <= $3::date), 'YYYY-MM-DD') AS stretch`

/** Whether the month has its rows: then a write of one of its hours moves them too. */
export async function hasMonthRows(db: Db | Tx, month: LocalDate): Promise<boolean> {
  const [row] = await db.$queryRaw<{ found: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM "UsageRollup"
                    WHERE "period" = 'month' AND "start" >= ${month}::date AND "start" < ${nextLocalMonth(month)}::date) AS found`
  return row?.found ?? false
}

/** The first days of the month's stretches, in order: the 1st and each version's date within it. */
export async function stretchStartsOf(db: Db | Tx, month: LocalDate): Promise<LocalDate[]> {
  const rows = await db.$queryRaw<{ day: LocalDate }[]>`
    SELECT to_char(d, 'YYYY-MM-DD') AS day FROM (SELECT ${month}::date AS d UNION ${Prisma.raw(VERSION_DATES)}) v
     WHERE d >= ${month}::date AND d < ${nextLocalMonth(month)}::date ORDER BY d`
  return rows.map((r) => r.day)
}

/** Writes the month's rows from its day rows, unless it has them; returns how many were written. */
export async function writeMonthRows(db: Db, month: LocalDate): Promise<number> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${monthLockText(month)}))::text`
    if (await hasMonthRows(tx, month)) return 0
    const starts = await stretchStartsOf(tx, month)
    return tx.$executeRaw`
      INSERT INTO "UsageRollup" ("projectId", "resource", "period", "start", "hours", "usedHours", "usedSum", "usedPeak",
                                 "requestedHours", "requestedSum", "grantedHours", "grantedSum", "maxRequestedUsedSum",
                                 "unmeasuredRequestedSum")
      SELECT "projectId", "resource", 'month'::"UsagePeriod", (${starts}::date[])[width_bucket("start", ${starts}::date[])],
             sum("hours"), sum("usedHours"), sum("usedSum"), NULL, sum("requestedHours"), sum("requestedSum"),
             sum("grantedHours"), sum("grantedSum"), sum("maxRequestedUsedSum"), sum("unmeasuredRequestedSum")
        FROM "UsageRollup"
       WHERE "period" = 'day' AND "start" >= ${month}::date AND "start" < ${nextLocalMonth(month)}::date
       GROUP BY 1, 2, 4`
  })
}
