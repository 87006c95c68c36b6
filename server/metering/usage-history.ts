// Reads a project's use over a window at one resolution (decision 0051): the current revision of
// each hour's records for hours (a window of at most a month: MAX_SLOTS), the day rollups for days,
// and for months the day rollups summed per local month by the database (12 rows a resource for a
// year, not 365). Shared by the project's usage page, its CSV and GET /api/v1/projects/{namespace}/usage.
import type { Db } from '../db/client'
import { dayRollupsOfProjects, monthRollupsOfProjects } from './rollups'
import {
  hourSums,
  slotsOf,
  usageSeries,
  type Resolution,
  type ResourceUsage,
  type SlotSums,
  type Window,
} from './usage-series'

interface HourRow {
  resource: string
  hour: Date
  used: bigint | null
  usedPeak: bigint | null
  requested: bigint | null
  granted: bigint | null
}

/** The current (highest) revision of each of the project's records in [from, to). */
async function currentHours(db: Db, projectId: string, window: Window): Promise<HourRow[]> {
  return db.$queryRaw<HourRow[]>`
    SELECT DISTINCT ON ("resource", "hour") "resource", "hour", "used", "usedPeak", "requested", "granted"
      FROM "UsageRecord"
     WHERE "projectId" = ${projectId}::uuid
       AND "hour" >= ${new Date(window.from)} AND "hour" < ${new Date(window.to)}
     ORDER BY "resource", "hour", "revision" DESC`
}

export async function projectUsage(
  db: Db,
  projectId: string,
  resolution: Resolution,
  window: Window,
): Promise<ResourceUsage[]> {
  const slots = slotsOf(resolution, window)
  if (resolution === 'hour') {
    const rows = await currentHours(db, projectId, window)
    return usageSeries(
      slots,
      rows.map((row) => ({ resource: row.resource, slot: row.hour.toISOString(), sums: hourSums(row) })),
    )
  }
  if (resolution === 'month') {
    const months = await monthRollupsOfProjects(db, [projectId], window.from, window.to)
    return usageSeries(
      slots,
      months.map((month) => ({ resource: month.resource, slot: month.month, sums: month satisfies SlotSums })),
    )
  }
  const days = await dayRollupsOfProjects(db, [projectId], window.from, window.to)
  return usageSeries(
    slots,
    days.map((day) => ({ resource: day.resource, slot: day.day, sums: day satisfies SlotSums })),
  )
}
