// The write path of the metering (decision 0047): one hour's new revisions appended and the day's
// rollup moved by what they change, in one statement, so a rollup moves only for a record that was
// really appended. A month is the sum of its days (rollups.ts), not a row of its own: one upsert a
// record instead of two. Two passes racing over the same hour both aim at the same
// (project, hour, resource, revision) key: the loser's row conflicts, is not appended, and its
// delta is not applied. A lowered peak, rare (a correction downwards), is worked out again from
// the day's current hours in the same transaction.
import type { Db, Tx } from '../db/client'
import { HOUR_MS, localDay } from './hours'
import type { PlannedRevision } from './plan'

export interface AppendRow {
  readonly projectId: string
  readonly resource: string
  readonly planned: PlannedRevision
}

const text = (value: bigint | null) => (value === null ? null : value.toString())

/** Appends the rows (all of one hour); returns how many were appended (the others lost a race). */
export async function appendHour(db: Db, hour: Date, rows: readonly AppendRow[]): Promise<number> {
  if (rows.length === 0) return 0
  if (hour.getTime() % HOUR_MS !== 0) throw new RangeError(`not the start of an hour: ${hour.toISOString()}`)
  // The page as one JSON parameter: 15 arrays of a parameter each cost the client more than the statement.
  const page = pageJson(rows)
  const lowered = rows.filter((r) => r.planned.delta.peakLowered)
  // One statement is atomic on its own; the rare lowered peak needs a second one in the same transaction.
  const write = async (tx: Db | Tx) => {
    const [result] = await tx.$queryRaw<{ appended: number }[]>`
      WITH input AS (
        SELECT * FROM jsonb_to_recordset(${page}::jsonb)
          AS i(project_id uuid, resource text, revision int, granted bigint, requested bigint, used bigint,
               used_peak bigint, refusal text, d_hours int, d_used_hours int, d_used_sum bigint,
               d_requested_hours int, d_requested_sum bigint, d_granted_hours int, d_granted_sum bigint,
               d_max_requested_used_sum bigint, d_unmeasured_requested_sum bigint)
      ), appended AS (
        INSERT INTO "UsageRecord" ("projectId", "hour", "resource", "revision", "granted", "requested", "used",
                                   "usedPeak", "refusal", "recordedAt")
        SELECT project_id, timezone('UTC', ${hour}::timestamptz), resource, revision, granted, requested, used,
               used_peak, refusal, timezone('UTC', now())
          FROM input
        ON CONFLICT DO NOTHING
        RETURNING "projectId", "resource"
      ), rolled AS (
        INSERT INTO "UsageRollup" AS r ("projectId", "resource", "period", "start", "hours", "usedHours", "usedSum",
                                        "usedPeak", "requestedHours", "requestedSum", "grantedHours", "grantedSum",
                                        "maxRequestedUsedSum", "unmeasuredRequestedSum")
        SELECT i.project_id, i.resource, 'day'::"UsagePeriod", ${localDay(hour)}::date, i.d_hours, i.d_used_hours, i.d_used_sum,
               i.used_peak, i.d_requested_hours, i.d_requested_sum, i.d_granted_hours, i.d_granted_sum,
               i.d_max_requested_used_sum, i.d_unmeasured_requested_sum
          FROM input i
          JOIN appended a ON a."projectId" = i.project_id AND a."resource" = i.resource
        ON CONFLICT ("projectId", "resource", "period", "start") DO UPDATE SET
          "hours" = r."hours" + EXCLUDED."hours",
          "usedHours" = r."usedHours" + EXCLUDED."usedHours",
          "usedSum" = r."usedSum" + EXCLUDED."usedSum",
          "usedPeak" = GREATEST(r."usedPeak", EXCLUDED."usedPeak"),
          "requestedHours" = r."requestedHours" + EXCLUDED."requestedHours",
          "requestedSum" = r."requestedSum" + EXCLUDED."requestedSum",
          "grantedHours" = r."grantedHours" + EXCLUDED."grantedHours",
          "grantedSum" = r."grantedSum" + EXCLUDED."grantedSum",
          "maxRequestedUsedSum" = r."maxRequestedUsedSum" + EXCLUDED."maxRequestedUsedSum",
          "unmeasuredRequestedSum" = r."unmeasuredRequestedSum" + EXCLUDED."unmeasuredRequestedSum"
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM appended)::int AS "appended", (SELECT count(*) FROM rolled)::int AS "rolled"`
    if (lowered.length > 0) await recomputePeaks(tx, hour, lowered)
    return result?.appended ?? 0
  }
  return lowered.length > 0 ? db.$transaction((tx) => write(tx)) : write(db)
}

/** The day's peak from its current hours (the month's is the highest of its days', when read). */
async function recomputePeaks(tx: Db | Tx, hour: Date, rows: readonly AppendRow[]): Promise<void> {
  const day = localDay(hour)
  // The local day starts 7 hours before midnight UTC of its date.
  const dayStart = new Date(day.getTime() - 7 * HOUR_MS)
  const dayEnd = new Date(dayStart.getTime() + 24 * HOUR_MS)
  const projectIds = rows.map((r) => r.projectId)
  const resources = rows.map((r) => r.resource)
  await tx.$executeRaw`
    UPDATE "UsageRollup" r SET "usedPeak" = (
      SELECT max(c."usedPeak") FROM (
        SELECT DISTINCT ON (u."hour") u."usedPeak" FROM "UsageRecord" u
         WHERE u."projectId" = r."projectId" AND u."resource" = r."resource"
           AND u."hour" >= timezone('UTC', ${dayStart}::timestamptz) AND u."hour" < timezone('UTC', ${dayEnd}::timestamptz)
         ORDER BY u."hour", u."revision" DESC) c)
     FROM unnest(${projectIds}::uuid[], ${resources}::text[]) AS k(project_id, resource)
     WHERE r."projectId" = k.project_id AND r."resource" = k.resource AND r."period" = 'day' AND r."start" = ${day}::date`
}

/** The rows as jsonb_to_recordset reads them; amounts as strings (JSON numbers are doubles). */
function pageJson(rows: readonly AppendRow[]): string {
  return JSON.stringify(
    rows.map(({ projectId, resource, planned: { revision, values: v, delta: d } }) => ({
      project_id: projectId,
      resource,
      revision,
      granted: text(v.granted),
      requested: text(v.requested),
      used: text(v.used),
      used_peak: text(v.usedPeak),
      refusal: v.refusal,
      d_hours: d.hours,
      d_used_hours: d.usedHours,
      d_used_sum: d.usedSum.toString(),
      d_requested_hours: d.requestedHours,
      d_requested_sum: d.requestedSum.toString(),
      d_granted_hours: d.grantedHours,
      d_granted_sum: d.grantedSum.toString(),
      d_max_requested_used_sum: d.maxRequestedUsedSum.toString(),
      d_unmeasured_requested_sum: d.unmeasuredRequestedSum.toString(),
    })),
  )
}
