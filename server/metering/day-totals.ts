// Every project's use of a resource on a local day, as a pool's chart and the pools' list read it
// (decisions 0051 and 0073). Summed from the day rollups, a day's 10,000 projects × 8 resources are
// 80,000 rows and the chart's 31 days 2.5 million. A day that no metering pass can write any more
// (hours.ts, `lastFinalDay`) is summed once, after a pass, into `UsageDayTotal`, and read from there;
// the days still in reach, and any final day not yet summed, are summed from their rollups when read.
// The same expressions do both, so a kept day reads exactly as its rollups would.
import type { Db } from '../db/client'
import { Prisma } from '../db/generated/client'
import { localMidnight, type LocalDate } from '../domain/local-calendar'
import { DEFAULT_HOUR_PLAN, lastFinalDay, type HourPlanSettings } from './hours'
import { slotsOf, windowEndingAt } from './usage-series'

/** Every project's use of a resource on a local day, as a pool's chart reads it (decision 0051). */
export interface ResourceDayTotal {
  readonly resource: string
  readonly day: LocalDate
  /** Σ of each project's averages over the day's hours that had the figure; null when none had it. */
  readonly granted: bigint | null
  readonly requested: bigint | null
  readonly used: bigint | null
}

/**
 * The day rows summed per resource and day: what the pool granted, what was requested and what was
 * really used at once, on average. A project whose use was not measured that day adds nothing to `used`.
 */
const SUMMED = Prisma.sql`
  round(sum("grantedSum"::numeric / nullif("grantedHours", 0)))::bigint AS granted,
  round(sum("requestedSum"::numeric / nullif("requestedHours", 0)))::bigint AS requested,
  round(sum("usedSum"::numeric / nullif("usedHours", 0)))::bigint AS used`

/** Final days kept: the pools' chart shows 31, the pools' list the last two. */
const KEPT_DAYS = 40

/**
 * The totals of the resources per local day of [from, to), by resource and day. One read of the
 * kept days (every resource: a day is kept whole, in one statement), then the others' day rows.
 */
export async function dayTotalsOfResources(
  db: Db,
  resources: readonly string[],
  from: LocalDate,
  to: LocalDate,
): Promise<ResourceDayTotal[]> {
  if (resources.length === 0) return []
  const kept = await db.$queryRaw<ResourceDayTotal[]>`
    SELECT "resource", to_char("day", 'YYYY-MM-DD') AS day, "granted", "requested", "used"
      FROM "UsageDayTotal" WHERE "day" >= ${from}::date AND "day" < ${to}::date`
  const keptDays = new Set(kept.map((t) => t.day))
  const open = slotsOf('day', { from, to }).filter((day) => !keptDays.has(day))
  const wanted = new Set(resources)
  const totals = [...kept.filter((t) => wanted.has(t.resource)), ...(await summedDays(db, resources, open))]
  return totals.sort((a, b) => (a.resource === b.resource ? cmp(a.day, b.day) : cmp(a.resource, b.resource)))
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** The day rows of these days summed, through the rollups' (period, start) index, one range a day. */
export async function summedDays(
  db: Db,
  resources: readonly string[],
  days: readonly LocalDate[],
): Promise<ResourceDayTotal[]> {
  if (resources.length === 0 || days.length === 0) return []
  return db.$queryRaw<ResourceDayTotal[]>`
    SELECT "resource", to_char("start", 'YYYY-MM-DD') AS day, ${SUMMED}
      FROM "UsageRollup"
     WHERE "period" = 'day' AND "start" = ANY(${[...days]}::date[]) AND "resource" = ANY(${[...resources]}::text[])
     GROUP BY 1, 2`
}

/**
 * Sums each final day of the last KEPT_DAYS that is not kept yet; returns the rows written. Run
 * after the metering's passes (job.ts): a day becomes final once a day, so most runs read the kept
 * days' dates and write nothing. Two replicas at once write the same sums; the key keeps one.
 */
export async function keepFinalDays(db: Db, now: Date, plan: HourPlanSettings = DEFAULT_HOUR_PLAN): Promise<number> {
  const last = lastFinalDay(now, plan)
  const window = windowEndingAt('day', localMidnight(last), KEPT_DAYS)
  const kept = await db.$queryRaw<{ day: LocalDate }[]>`
    SELECT DISTINCT to_char("day", 'YYYY-MM-DD') AS day FROM "UsageDayTotal"
     WHERE "day" >= ${window.from}::date AND "day" < ${window.to}::date`
  const keptDays = new Set(kept.map((k) => k.day))
  const missing = slotsOf('day', window).filter((day) => !keptDays.has(day))
  if (missing.length === 0) return 0
  return db.$executeRaw`
    INSERT INTO "UsageDayTotal" ("resource", "day", "granted", "requested", "used")
    SELECT "resource", "start", ${SUMMED}
      FROM "UsageRollup" WHERE "period" = 'day' AND "start" = ANY(${missing}::date[])
     GROUP BY 1, 2
    ON CONFLICT DO NOTHING`
}
