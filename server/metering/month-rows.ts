// A closed month's rollup rows (decision 0062): once the statements job closes a local month, it
// writes one row per project and resource holding the sums of the month's day rows, so that every
// later read of the month (each run of the job looks again for late corrections) reads 2,000 rows
// instead of 60,000. Never written by the hourly write path as such: the day rows stay what it
// upserts, and only an hour of a month that has its rows (a late correction, a catch-up) moves them,
// in the same statement as its day's (append.ts). The month's lock orders the two: the job's write
// and an hour's cannot interleave, so no delta is lost between reading the days and writing the sums.
// A month row keeps no peak (usedPeak NULL): peaks are read from the days (rollups.ts).
import type { Db, Tx } from '../db/client'
import { nextLocalMonth, type LocalDate } from '../domain/local-calendar'

/** The text whose hash is the month's advisory lock, taken by `pg_advisory_xact_lock(hashtext(…))`. */
export const monthLockText = (month: LocalDate) => `usage-month ${month}`

/** Whether the month has its rows: then a write of one of its hours moves them too. */
export async function hasMonthRows(db: Db | Tx, month: LocalDate): Promise<boolean> {
  const [row] = await db.$queryRaw<{ found: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM "UsageRollup" WHERE "period" = 'month' AND "start" = ${month}::date) AS found`
  return row?.found ?? false
}

/** Writes the month's rows from its day rows, unless it has them; returns how many were written. */
export async function writeMonthRows(db: Db, month: LocalDate): Promise<number> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${monthLockText(month)}))::text`
    if (await hasMonthRows(tx, month)) return 0
    return tx.$executeRaw`
      INSERT INTO "UsageRollup" ("projectId", "resource", "period", "start", "hours", "usedHours", "usedSum", "usedPeak",
                                 "requestedHours", "requestedSum", "grantedHours", "grantedSum", "maxRequestedUsedSum",
                                 "unmeasuredRequestedSum")
      SELECT "projectId", "resource", 'month'::"UsagePeriod", ${month}::date, sum("hours"), sum("usedHours"),
             sum("usedSum"), NULL, sum("requestedHours"), sum("requestedSum"), sum("grantedHours"), sum("grantedSum"),
             sum("maxRequestedUsedSum"), sum("unmeasuredRequestedSum")
        FROM "UsageRollup"
       WHERE "period" = 'day' AND "start" >= ${month}::date AND "start" < ${nextLocalMonth(month)}::date
       GROUP BY 1, 2`
  })
}
