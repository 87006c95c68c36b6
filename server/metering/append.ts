// The write path of the metering (decision 0047): an hour's new revisions appended and their day's
// rollup moved by what they change, in one statement for the whole hour, so a rollup moves only for
// a record that was really appended. Each page is COPYed into a temporary table as it is planned
// (memory holds one page; Prisma has no COPY, hence the pg driver's pool), and after the last page
// one statement reads it, in one transaction: one statement for the hour's 80,000 rows is what
// brings the write near a bare COPY's rate, where one a page cost the planning and the round trips
// fifty times. A month is the sum of its days (rollups.ts), not a row of the write path.
// Two passes racing over the same hour both aim at the same (project, hour, resource, revision)
// key: the later one waits for the earlier one's commit, its row conflicts, is not appended, and
// its delta is not applied. Both take the keys in one order (the stage read by project and
// resource), so neither waits on the other for one key while holding another. A lowered peak, rare
// (a correction downwards), is worked out again from the day's current hours in the same transaction.
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { localMonthOf } from '../domain/local-calendar'
import { HOUR_MS, localDay } from './hours'
import { monthLockText } from './month-rows'
import type { PlannedRevision } from './plan'

export interface AppendRow {
  readonly projectId: string
  readonly resource: string
  readonly planned: PlannedRevision
}

/** One hour's write, open from before its first page until it is committed or rolled back. */
export interface HourWrite {
  /** Stages a page's rows (nothing is appended until `commit`). */
  stage(rows: readonly AppendRow[]): Promise<void>
  /** Appends what was staged and commits; returns how many records were appended (the others lost a race). */
  commit(): Promise<number>
  /** Gives the hour up: nothing staged is written. */
  rollback(): Promise<void>
}

const STAGE_COLUMNS = `project_id uuid, resource text, revision int, granted bigint, requested bigint, used bigint,
  used_peak bigint, refusal text, d_hours int, d_used_hours int, d_used_sum bigint, d_requested_hours int,
  d_requested_sum bigint, d_granted_hours int, d_granted_sum bigint, d_max_requested_used_sum bigint,
  d_unmeasured_requested_sum bigint, peak_lowered boolean`

/** Opens the hour's transaction and its stage on a connection of its own. */
export async function openHourWrite(pool: pg.Pool, hour: Date): Promise<HourWrite> {
  if (hour.getTime() % HOUR_MS !== 0) throw new RangeError(`not the start of an hour: ${hour.toISOString()}`)
  const client = await pool.connect()
  let staged = 0
  const end = async (sql: string, release: Error | boolean = false) => {
    try {
      await client.query(sql)
    } finally {
      client.release(release)
    }
  }
  try {
    await client.query('BEGIN')
    await client.query(`CREATE TEMP TABLE metering_stage (${STAGE_COLUMNS}) ON COMMIT DROP`)
  } catch (error) {
    client.release(true)
    throw error
  }
  return {
    async stage(rows) {
      if (rows.length === 0) return
      await copyInto(client, 'COPY metering_stage FROM STDIN', stageText(rows))
      staged += rows.length
    },
    async commit() {
      let appended = 0
      try {
        if (staged > 0) appended = await writeStaged(client, hour)
      } catch (error) {
        await end('ROLLBACK', error as Error)
        throw error
      }
      await end('COMMIT')
      return appended
    },
    rollback: () => end('ROLLBACK'),
  }
}

/** A whole hour's rows at once (a writer with a single page). */
export async function appendHour(pool: pg.Pool, hour: Date, rows: readonly AppendRow[]): Promise<number> {
  const write = await openHourWrite(pool, hour)
  try {
    await write.stage(rows)
  } catch (error) {
    await write.rollback()
    throw error
  }
  return write.commit()
}

/** A rollup row's sums moved by the proposed row's deltas (an upsert's SET list). */
const SUMS_ADDED = [
  'hours',
  'usedHours',
  'usedSum',
  'requestedHours',
  'requestedSum',
  'grantedHours',
  'grantedSum',
  'maxRequestedUsedSum',
  'unmeasuredRequestedSum',
]
  .map((c) => `"${c}" = r."${c}" + EXCLUDED."${c}"`)
  .join(', ')

/**
 * The hour's statement over the stage: $1 the hour, $2 its local day, $3 its local month, $4 whether
 * the month has its rows. Records appended, their day rows moved, and their month rows too when the
 * month has them (a late correction of a closed month).
 */
const WRITE_HOUR = `WITH appended AS (
       INSERT INTO "UsageRecord" ("projectId", "hour", "resource", "revision", "granted", "requested", "used",
                                  "usedPeak", "refusal", "recordedAt")
       SELECT project_id, timezone('UTC', $1::timestamptz), resource, revision, granted, requested, used,
              used_peak, refusal, timezone('UTC', now())
         FROM metering_stage
        ORDER BY project_id, resource
       ON CONFLICT DO NOTHING
       RETURNING "projectId", "resource"
     ), rolled AS (
       INSERT INTO "UsageRollup" AS r ("projectId", "resource", "period", "start", "hours", "usedHours", "usedSum",
                                       "usedPeak", "requestedHours", "requestedSum", "grantedHours", "grantedSum",
                                       "maxRequestedUsedSum", "unmeasuredRequestedSum")
       SELECT i.project_id, i.resource, 'day'::"UsagePeriod", $2::date, i.d_hours, i.d_used_hours, i.d_used_sum,
              i.used_peak, i.d_requested_hours, i.d_requested_sum, i.d_granted_hours, i.d_granted_sum,
              i.d_max_requested_used_sum, i.d_unmeasured_requested_sum
         FROM metering_stage i
         JOIN appended a ON a."projectId" = i.project_id AND a."resource" = i.resource
        ORDER BY i.project_id, i.resource
       ON CONFLICT ("projectId", "resource", "period", "start") DO UPDATE SET
         "usedPeak" = GREATEST(r."usedPeak", EXCLUDED."usedPeak"), ${SUMS_ADDED}
       RETURNING 1
     ), monthly AS (
       INSERT INTO "UsageRollup" AS r ("projectId", "resource", "period", "start", "hours", "usedHours", "usedSum",
                                       "usedPeak", "requestedHours", "requestedSum", "grantedHours", "grantedSum",
                                       "maxRequestedUsedSum", "unmeasuredRequestedSum")
       SELECT i.project_id, i.resource, 'month'::"UsagePeriod", $3::date, i.d_hours, i.d_used_hours, i.d_used_sum,
              NULL, i.d_requested_hours, i.d_requested_sum, i.d_granted_hours, i.d_granted_sum,
              i.d_max_requested_used_sum, i.d_unmeasured_requested_sum
         FROM metering_stage i
         JOIN appended a ON a."projectId" = i.project_id AND a."resource" = i.resource
        WHERE $4::boolean
        ORDER BY i.project_id, i.resource
       ON CONFLICT ("projectId", "resource", "period", "start") DO UPDATE SET ${SUMS_ADDED}
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM appended)::int AS "appended", (SELECT count(*) FROM rolled)::int AS "rolled",
            (SELECT count(*) FROM monthly)::int AS "monthly"`

/** The staged hour appended and its rollups moved, in one statement; then the lowered peaks. */
async function writeStaged(client: pg.PoolClient, hour: Date): Promise<number> {
  const day = localDay(hour).toISOString().slice(0, 10)
  const month = localMonthOf(hour)
  // A closed month's rows (month-rows.ts) move with its days; the lock keeps them from being written meanwhile.
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [monthLockText(month)])
  const closed = await client.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM "UsageRollup" WHERE "period" = 'month' AND "start" = $1::date) AS found`,
    [month],
  )
  const result = await client.query<{ appended: number }>(WRITE_HOUR, [
    hour.toISOString(),
    day,
    month,
    closed.rows[0]?.found ?? false,
  ])
  await recomputePeaks(client, hour)
  return result.rows[0]?.appended ?? 0
}

/** The day's peak from its current hours wherever the hour lowered one (the month's is the highest of its days', when read). */
async function recomputePeaks(client: pg.PoolClient, hour: Date): Promise<void> {
  const day = localDay(hour)
  // The local day starts 7 hours before midnight UTC of its date.
  const dayStart = new Date(day.getTime() - 7 * HOUR_MS)
  const dayEnd = new Date(dayStart.getTime() + 24 * HOUR_MS)
  await client.query(
    `UPDATE "UsageRollup" r SET "usedPeak" = (
       SELECT max(c."usedPeak") FROM (
         SELECT DISTINCT ON (u."hour") u."usedPeak" FROM "UsageRecord" u
          WHERE u."projectId" = r."projectId" AND u."resource" = r."resource"
            AND u."hour" >= timezone('UTC', $1::timestamptz) AND u."hour" < timezone('UTC', $2::timestamptz)
          ORDER BY u."hour", u."revision" DESC) c)
      FROM (SELECT DISTINCT project_id, resource FROM metering_stage WHERE peak_lowered) k
     WHERE r."projectId" = k.project_id AND r."resource" = k.resource AND r."period" = 'day' AND r."start" = $3::date`,
    [dayStart.toISOString(), dayEnd.toISOString(), day.toISOString().slice(0, 10)],
  )
}

function copyInto(client: pg.PoolClient, sql: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = client.query(copyFrom(sql))
    stream.on('finish', resolve)
    stream.on('error', reject)
    stream.end(body)
  })
}

/** A value in COPY's text format: \N for NULL, the four characters it gives meaning escaped. */
function field(value: string | number | bigint | boolean | null): string {
  if (value === null) return '\\N'
  return String(value).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!)
}

/** The rows as the stage's COPY reads them, in STAGE_COLUMNS' order. */
export function stageText(rows: readonly AppendRow[]): string {
  let text = ''
  for (const { projectId, resource, planned } of rows) {
    const { values: v, delta: d } = planned
    const fields = [
      projectId,
      resource,
      planned.revision,
      v.granted,
      v.requested,
      v.used,
      v.usedPeak,
      v.refusal,
      d.hours,
      d.usedHours,
      d.usedSum,
      d.requestedHours,
      d.requestedSum,
      d.grantedHours,
      d.grantedSum,
      d.maxRequestedUsedSum,
      d.unmeasuredRequestedSum,
      d.peakLowered,
    ]
    text += `${fields.map(field).join('\t')}\n`
  }
  return text
}
