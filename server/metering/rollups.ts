// The rollups as their readers see them (decisions 0047 and 0048). The write path keeps one row per
// project, resource and local day; a month is the sum of its days (at most 31 rows a project and
// resource, never its hours), worked out here so that no reader sums them its own way. A closed
// month also has a row per project, resource and stretch under one card (month-rows.ts, decisions
// 0062 and 0073), which only the statements' read of a month uses.
import type { Db } from '../db/client'
import { Prisma } from '../db/generated/client'
import { nextLocalMonth, type LocalDate } from '../domain/local-calendar'
import type { ResourceKey } from '../domain/resources'
import type { DayRollup } from '../domain/statement'
import { hasMonthRows, stretchStartsOf } from './month-rows'
import type { SlotSums } from './usage-series'

/** An agency's day rollups of the local month starting `month`, by project, resource and day. */
export function dayRollupsOfMonth(db: Db, agencyId: string, month: LocalDate): Promise<DayRollup[]> {
  return dayRollups(db, agencyId, month)
}

/** Every agency's day rollups of the local month starting `month`: one read for all statements. */
export function dayRollupsOfMonthForAll(db: Db, month: LocalDate): Promise<DayRollup[]> {
  return dayRollups(db, null, month)
}

/**
 * The agency a project's day of use (rollup `r`, project `p`, moves `mv` joined by MOVES) bills to
 * (decision 0057): the one it left by the earliest merger that took effect after that day, else its
 * own. `width_bucket` counts the project's move dates on or before the day, so the next is one
 * further; a project without moves has no `mv` row and bills to its own agency. A join rather than a
 * probe a day row: 60,000 probes of an empty index range cost more than the month's sums, and their
 * estimated cost had PostgreSQL compile the query (JIT) for seconds (decision 0047, "Figures").
 */
const BILLED_AGENCY = Prisma.sql`COALESCE(mv."fromAgencyIds"[width_bucket(r."start", mv."dates") + 1], p."agencyId")`

/** Each moved project's merger dates, earliest first, and the agencies it left on them. */
const MOVES = Prisma.sql`LEFT JOIN (
     SELECT "projectId", array_agg("effectiveDate" ORDER BY "effectiveDate") AS "dates",
            array_agg("fromAgencyId" ORDER BY "effectiveDate") AS "fromAgencyIds"
       FROM "ProjectAgencyMove" GROUP BY 1) mv ON mv."projectId" = r."projectId"`

/**
 * Projects whose use some day billed to one of the agencies: their own, and those they lost by a
 * merger. Asked as a list of project ids, so each is read through the rollups' key: with an OR over
 * the project's columns PostgreSQL read every project's month (110 ms an agency against 0.6 ms at
 * 1,000 agencies).
 */
const ofAgencies = (ids: readonly string[]) => Prisma.sql`r."projectId" IN (
   SELECT "id" FROM "Project" WHERE "agencyId" = ANY(${ids}::uuid[])
   UNION ALL SELECT "projectId" FROM "ProjectAgencyMove" WHERE "fromAgencyId" = ANY(${ids}::uuid[]))
   AND ${BILLED_AGENCY} = ANY(${ids}::uuid[])`

async function dayRollups(db: Db, agencyId: string | null, month: LocalDate): Promise<DayRollup[]> {
  const rows = await db.$queryRaw<(Omit<DayRollup, 'resource' | 'day'> & { resource: string; day: string })[]>`
    SELECT ${BILLED_AGENCY} AS "agencyId", r."projectId", r."resource", to_char(r."start", 'YYYY-MM-DD') AS day, r."hours",
           r."grantedHours", r."grantedSum", r."usedHours", r."usedSum", r."maxRequestedUsedSum",
           r."unmeasuredRequestedSum"
      FROM "UsageRollup" r JOIN "Project" p ON p."id" = r."projectId" ${MOVES}
     WHERE ${agencyId === null ? Prisma.sql`TRUE` : ofAgencies([agencyId])} AND r."period" = 'day'
       AND r."start" >= ${month}::date AND r."start" < ${nextLocalMonth(month)}::date
     ORDER BY r."projectId", r."resource", r."start"`
  // The metering records only keys of the catalogue; one the card does not price is refused there.
  return rows.map((row) => ({ ...row, resource: row.resource as ResourceKey }))
}

/** A project's use of a resource over a local month: the sums of its days, and the highest day's peak. */
export interface MonthRollup extends SlotSums {
  readonly projectId: string
  readonly resource: ResourceKey
  readonly maxRequestedUsedSum: bigint
}

/** The month's rollups of the given projects, by project and resource. */
export async function monthRollupsOf(db: Db, projectIds: readonly string[], month: LocalDate): Promise<MonthRollup[]> {
  const rows = await monthRollupsOfProjects(db, projectIds, month, nextLocalMonth(month))
  return rows.map(({ month: _, ...row }) => row)
}

/**
 * The projects' rollups of every local month in [from, to) (month starts), by project, resource
 * and month: the day rows summed in SQL, so a year's chart reads 12 rows a resource, not 365
 * (decision 0051). Months with no day row are absent.
 */
export async function monthRollupsOfProjects(
  db: Db,
  projectIds: readonly string[],
  from: LocalDate,
  to: LocalDate,
): Promise<(MonthRollup & { readonly month: LocalDate })[]> {
  if (projectIds.length === 0) return []
  const rows = await db.$queryRaw<(Omit<MonthRollup, 'resource'> & { resource: string; month: LocalDate })[]>`
    SELECT "projectId"::text AS "projectId", "resource", to_char(date_trunc('month', "start"), 'YYYY-MM-DD') AS month,
           sum("hours")::int AS "hours", sum("usedHours")::int AS "usedHours", sum("usedSum")::bigint AS "usedSum",
           max("usedPeak") AS "usedPeak", sum("requestedHours")::int AS "requestedHours",
           sum("requestedSum")::bigint AS "requestedSum", sum("grantedHours")::int AS "grantedHours",
           sum("grantedSum")::bigint AS "grantedSum", sum("maxRequestedUsedSum")::bigint AS "maxRequestedUsedSum"
      FROM "UsageRollup"
     WHERE "projectId" = ANY(${[...projectIds]}::uuid[]) AND "period" = 'day'
       AND "start" >= ${from}::date AND "start" < ${to}::date
     GROUP BY 1, 2, 3
     ORDER BY 1, 2, 3`
  return rows.map((row) => ({ ...row, resource: row.resource as ResourceKey }))
}

/**
 * Every agency's use of the local month starting `month`, summed per project, resource and stretch
 * of days priced by one card and estimated by one set of footprint coefficients: `boundaries` are
 * the local dates on which a card or coefficients take effect. Both change only at local midnight,
 * a line is the exact sum of its terms rounded once and the footprint is linear in the sums
 * (decision 0048), so a stretch prices and estimates exactly as its days would; each row is a
 * DayRollup whose `day` is the stretch's first. One read of the month's day rows for every
 * statement, returning a row per stretch instead of one per day. A stretch across a merger's date
 * is split by the agency each day bills to (BILLED_AGENCY is among the grouped columns). Given
 * `agencies`, only their use is read: the statements' list prices the open months of the agencies
 * its reader sees in this one read.
 */
export async function cardStretchesOfMonthForAll(
  db: Db,
  month: LocalDate,
  boundaries: readonly LocalDate[],
  agencies: readonly string[] | null = null,
): Promise<DayRollup[]> {
  const end = nextLocalMonth(month)
  const starts = [...new Set([month, ...boundaries.filter((d) => d > month && d < end)])].sort()
  // A closed month's rows (month-rows.ts, decisions 0062 and 0073) are its sums per stretch, when they
  // were written for these stretches: except for a project a merger moved after the month began,
  // whose days may bill to two agencies.
  const theirs = agencies === null ? Prisma.sql`TRUE` : ofAgencies(agencies)
  if ((await hasMonthRows(db, month)) && sameDates(await stretchStartsOf(db, month), starts)) {
    const moved = Prisma.sql`SELECT "projectId" FROM "ProjectAgencyMove" WHERE "effectiveDate" > ${month}::date`
    const own = agencies === null ? Prisma.sql`TRUE` : Prisma.sql`p."agencyId" = ANY(${agencies}::uuid[])`
    const rows = await db.$queryRaw<StretchRow[]>`
      SELECT p."agencyId", r."projectId", r."resource", to_char(r."start", 'YYYY-MM-DD') AS day, r."hours",
             r."grantedHours", r."grantedSum", r."usedHours", r."usedSum", r."maxRequestedUsedSum", r."unmeasuredRequestedSum"
        FROM "UsageRollup" r JOIN "Project" p ON p."id" = r."projectId"
       WHERE r."period" = 'month' AND r."start" >= ${month}::date AND r."start" < ${end}::date
         AND r."projectId" NOT IN (${moved}) AND ${own}
      UNION ALL (${stretchesOfDays(month, starts, Prisma.sql`r."projectId" IN (${moved}) AND ${theirs}`)})
      ORDER BY 2, 3, 4`
    return rows.map((row) => ({ ...row, resource: row.resource as ResourceKey }))
  }
  const rows = await db.$queryRaw<StretchRow[]>`${stretchesOfDays(month, starts, theirs)} ORDER BY 2, 3, 4`
  return rows.map((row) => ({ ...row, resource: row.resource as ResourceKey }))
}

type StretchRow = Omit<DayRollup, 'resource' | 'day'> & { resource: string; day: string }

const sameDates = (a: readonly LocalDate[], b: readonly LocalDate[]) =>
  a.length === b.length && a.every((d, i) => d === b[i])

/** The month's day rows of the projects `which` selects, summed per stretch starting on `starts`. */
function stretchesOfDays(month: LocalDate, starts: readonly LocalDate[], which: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT ${BILLED_AGENCY} AS "agencyId", r."projectId", r."resource",
           to_char((${starts}::date[])[width_bucket(r."start", ${starts}::date[])], 'YYYY-MM-DD') AS day,
           sum(r."hours")::int AS "hours", sum(r."grantedHours")::int AS "grantedHours",
           sum(r."grantedSum")::bigint AS "grantedSum", sum(r."usedHours")::int AS "usedHours",
           sum(r."usedSum")::bigint AS "usedSum", sum(r."maxRequestedUsedSum")::bigint AS "maxRequestedUsedSum",
           sum(r."unmeasuredRequestedSum")::bigint AS "unmeasuredRequestedSum"
      FROM "UsageRollup" r JOIN "Project" p ON p."id" = r."projectId" ${MOVES}
     WHERE r."period" = 'day' AND r."start" >= ${month}::date AND r."start" < ${nextLocalMonth(month)}::date AND ${which}
     GROUP BY 1, 2, 3, 4`
}

/** Rows by their agency, in the order read. */
export function byAgency<T extends { readonly agencyId: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const row of rows) {
    const list = out.get(row.agencyId)
    if (list) list.push(row)
    else out.set(row.agencyId, [row])
  }
  return out
}

/** A project's day rollup as the usage pages and API read it: every sum, and the day's peak. */
export interface ProjectDayRollup {
  readonly resource: string
  readonly day: LocalDate
  readonly hours: number
  readonly usedHours: number
  readonly usedSum: bigint
  readonly usedPeak: bigint | null
  readonly requestedHours: number
  readonly requestedSum: bigint
  readonly grantedHours: number
  readonly grantedSum: bigint
}

/**
 * Projects' day rollups of the local days [from, to), by project, resource and day (decision 0051):
 * months are summed from these, so nothing here depends on the month rows. One index range per
 * project (the key starts with it).
 */
export async function dayRollupsOfProjects(
  db: Db,
  projectIds: readonly string[],
  from: LocalDate,
  to: LocalDate,
): Promise<(ProjectDayRollup & { readonly projectId: string })[]> {
  if (projectIds.length === 0) return []
  return db.$queryRaw<(ProjectDayRollup & { projectId: string })[]>`
    SELECT r."projectId", r."resource", to_char(r."start", 'YYYY-MM-DD') AS day, r."hours", r."usedHours",
           r."usedSum", r."usedPeak", r."requestedHours", r."requestedSum", r."grantedHours", r."grantedSum"
      FROM "UsageRollup" r
     WHERE r."projectId" = ANY(${[...projectIds]}::uuid[]) AND r."period" = 'day'
       AND r."start" >= ${from}::date AND r."start" < ${to}::date
     ORDER BY r."projectId", r."resource", r."start"`
}
