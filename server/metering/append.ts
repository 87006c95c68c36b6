// The write path of the metering (decision 0047, "The write"; decision 0074): an hour's new
// revisions appended and their day's rollup moved by what they change, in one transaction. The hour's
// lock is taken first, so a second pass over the same hour (another replica, a test's racing pass)
// waits for the first to commit and then plans from what it wrote: planned under the lock, a
// revision cannot already be recorded, and each page's records are COPYed straight into UsageRecord
// as the page is planned (memory holds one page; Prisma has no COPY, hence the pg driver's pool),
// at the cost of a bare COPY. What each record moves in its day's rollup is COPYed into a temporary
// table beside them, and after the last page one MERGE moves the day rows by it; the first hour of a
// day, which finds none of them under its month's lock, COPYs its day rows straight in instead. Rows
// planned before the lock (`appendHour`, a writer given its rows) are first checked against what is
// recorded: one already there is not appended, and its delta is not applied. A record written
// meanwhile by something that does not take the lock makes the COPY fail: the hour is rolled back,
// nothing of it written, and the next pass writes it whole. A month is the sum of its days
// (rollups.ts); only a closed month's rows (month-rows.ts) move with a late hour, under the month's
// lock, which also orders every writer of the day rows. A lowered peak, rare (a correction
// downwards), is worked out again from the day's current hours in the same transaction.
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { localMonthOf, nextLocalMonth } from '../domain/local-calendar'
import { HOUR_MS, localDay } from './hours'
import { MONTH_ROWS_OF_DAY, monthLockText } from './month-rows'
import { dayRowText, deltaText, recordText } from './copy-text'
import type { PlannedRevision } from './plan'

export interface AppendRow {
  readonly projectId: string
  readonly resource: string
  readonly planned: PlannedRevision
}

/** One hour's write, open from before its first page until it is committed or rolled back. */
export interface HourWrite {
  /**
   * Counts this pass over the hour in `MeteringHour` (the job's, not a test's: nothing else writes
   * the row) unless another pass counted one since `seen` passes were read: then it returns false
   * and the caller gives the hour up. Taken first, in the hour's transaction, after the hour's lock:
   * a second replica's pass over the same hour waits until this one commits or rolls back, then
   * finds the count moved (decision 0047, "The job"). The count and the records commit together.
   */
  claimPass(seen: number, at: Date): Promise<boolean>
  /** Appends a page's rows, planned under the hour's lock (nothing is visible to others until `commit`). */
  stage(rows: readonly AppendRow[]): Promise<void>
  /** Moves the day rows by what was staged and commits; returns how many records were appended. */
  commit(): Promise<number>
  /** Gives the hour up: nothing staged is written. */
  rollback(): Promise<void>
}

const RECORD_COPY = `COPY "UsageRecord" ("projectId", "hour", "resource", "revision", "granted", "requested", "used",
  "usedPeak", "refusal", "recordedAt") FROM STDIN`

const DAY_ROW_COPY = `COPY "UsageRollup" ("projectId", "resource", "period", "start", "hours", "usedHours", "usedSum",
  "usedPeak", "requestedHours", "requestedSum", "grantedHours", "grantedSum", "maxRequestedUsedSum",
  "unmeasuredRequestedSum") FROM STDIN`

const DELTA_COPY = 'COPY metering_delta FROM STDIN'

const DELTA_COLUMNS = `project_id uuid, resource text, used_peak bigint, d_hours int, d_used_hours int, d_used_sum bigint,
  d_requested_hours int, d_requested_sum bigint, d_granted_hours int, d_granted_sum bigint,
  d_max_requested_used_sum bigint, d_unmeasured_requested_sum bigint, peak_lowered boolean`

/** $1 the hour: its lock, and the transaction's start (now()) as the records' `recordedAt`. */
const OPEN_HOUR = `SELECT pg_advisory_xact_lock(hashtext('usage-hour ' || $1)),
  to_char(timezone('UTC', now()), 'YYYY-MM-DD HH24:MI:SS.US') AS "recordedAt"`

/** $1 the hour, $2 now, $3 the passes the caller saw: one more, or no row if another pass counted one. */
const CLAIM_PASS = `INSERT INTO "MeteringHour" ("hour", "passes", "firstAt", "lastAt", "appended")
  VALUES (timezone('UTC', $1::timestamptz), 1, timezone('UTC', $2::timestamptz), timezone('UTC', $2::timestamptz), 0)
  ON CONFLICT ("hour") DO UPDATE SET "passes" = "MeteringHour"."passes" + 1, "lastAt" = EXCLUDED."lastAt"
   WHERE "MeteringHour"."passes" = $3
  RETURNING "passes"`

/** The unique key's code: a record of the hour already there. */
const UNIQUE_VIOLATION = '23505'

/** The hour as UsageRecord keeps it: UTC, without zone. */
const utcText = (at: Date) => at.toISOString().slice(0, 19).replace('T', ' ')

interface OpenHour {
  readonly client: pg.PoolClient
  readonly write: HourWrite
}

async function beginHour(pool: pg.Pool, hour: Date): Promise<OpenHour> {
  if (hour.getTime() % HOUR_MS !== 0) throw new RangeError(`not the start of an hour: ${hour.toISOString()}`)
  const client = await pool.connect()
  let recordedAt: string
  try {
    await client.query('BEGIN')
    recordedAt = (await client.query<{ recordedAt: string }>(OPEN_HOUR, [hour.toISOString()])).rows[0]!.recordedAt
    await client.query(`CREATE TEMP TABLE metering_delta (${DELTA_COLUMNS}) ON COMMIT DROP`)
  } catch (error) {
    client.release(true)
    throw error
  }
  const hourText = utcText(hour)
  let staged = 0
  let claimed = false
  /** The hour's day rows, once its first page comes (with the month's lock). */
  let days: DayRows | undefined
  const end = async (sql: string, release: Error | boolean = false) => {
    try {
      await client.query(sql)
    } finally {
      client.release(release)
    }
  }
  const write: HourWrite = {
    async claimPass(seen, at) {
      const counted = await client.query(CLAIM_PASS, [hour.toISOString(), at.toISOString(), seen])
      claimed = counted.rowCount === 1
      return claimed
    },
    async stage(rows) {
      if (rows.length === 0) return
      days ??= await lockDays(client, hour)
      try {
        await copyInto(client, RECORD_COPY, recordText(rows, hourText, recordedAt))
      } catch (error) {
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error
        throw new Error(
          `hour ${hour.toISOString()}: a record of it was written meanwhile without the hour's lock; nothing of the hour is written, the next pass writes it whole`,
          { cause: error },
        )
      }
      if (days.written) {
        await copyInto(client, DAY_ROW_COPY, dayRowText(rows, days.day))
        // Only a lowered peak needs its delta after the last page (recomputePeaks).
        const lowered = rows.filter((r) => r.planned.delta.peakLowered)
        if (lowered.length > 0) await copyInto(client, DELTA_COPY, deltaText(lowered))
      } else await copyInto(client, DELTA_COPY, deltaText(rows))
      staged += rows.length
    },
    async commit() {
      try {
        if (days && staged > 0) await moveDays(client, hour, days, staged)
        if (claimed)
          await client.query(
            `UPDATE "MeteringHour" SET "appended" = $2 WHERE "hour" = timezone('UTC', $1::timestamptz)`,
            [hour.toISOString(), staged],
          )
      } catch (error) {
        await end('ROLLBACK', error as Error)
        throw error
      }
      await end('COMMIT')
      return staged
    },
    rollback: () => end('ROLLBACK'),
  }
  return { client, write }
}

/** Opens the hour's transaction on a connection of its own, once the hour's lock is taken. */
export async function openHourWrite(pool: pg.Pool, hour: Date): Promise<HourWrite> {
  return (await beginHour(pool, hour)).write
}

/**
 * Stages each page as it comes while the next one is planned (a page's COPY runs on the hour's
 * connection, the next page's reads on others): at most two pages in memory.
 */
export async function stagePages(write: HourWrite, pages: AsyncIterable<readonly AppendRow[]>): Promise<void> {
  let staging: Promise<void> = Promise.resolve()
  try {
    for await (const rows of pages) {
      await staging
      staging = write.stage(rows)
      // Awaited before the next page or below: not an unhandled rejection while the next page is planned.
      staging.catch(() => undefined)
    }
  } catch (error) {
    await staging.catch(() => undefined)
    throw error
  }
  await staging
}

/**
 * A whole hour's rows at once, planned before the hour's lock was taken (a writer with a single page):
 * a revision that another pass recorded meanwhile is not appended, and its delta is not applied.
 */
export async function appendHour(pool: pg.Pool, hour: Date, rows: readonly AppendRow[]): Promise<number> {
  const { client, write } = await beginHour(pool, hour)
  try {
    await write.stage(await unrecorded(client, hour, rows))
  } catch (error) {
    await write.rollback()
    throw error
  }
  return write.commit()
}

/** The rows whose revision is not recorded yet (read under the hour's lock, so none can be meanwhile). */
async function unrecorded(client: pg.PoolClient, hour: Date, rows: readonly AppendRow[]): Promise<AppendRow[]> {
  if (rows.length === 0) return []
  const found = await client.query<{ i: string }>(
    `SELECT k.i FROM unnest($1::uuid[], $2::text[], $3::int[]) WITH ORDINALITY AS k(p, r, v, i)
      WHERE EXISTS (SELECT 1 FROM "UsageRecord" u WHERE u."projectId" = k.p AND u."hour" = timezone('UTC', $4::timestamptz)
                       AND u."resource" = k.r AND u."revision" = k.v)`,
    [
      rows.map((r) => r.projectId),
      rows.map((r) => r.resource),
      rows.map((r) => r.planned.revision),
      hour.toISOString(),
    ],
  )
  const recorded = new Set(found.rows.map((r) => Number(r.i) - 1))
  return rows.filter((_, i) => !recorded.has(i))
}

/** A rollup's sums, each with the delta column that moves it. */
const SUMS = [
  ['hours', 'd_hours'],
  ['usedHours', 'd_used_hours'],
  ['usedSum', 'd_used_sum'],
  ['requestedHours', 'd_requested_hours'],
  ['requestedSum', 'd_requested_sum'],
  ['grantedHours', 'd_granted_hours'],
  ['grantedSum', 'd_granted_sum'],
  ['maxRequestedUsedSum', 'd_max_requested_used_sum'],
  ['unmeasuredRequestedSum', 'd_unmeasured_requested_sum'],
] as const

const ROLLUP_COLUMNS = `"projectId", "resource", "period", "start", "hours", "usedHours", "usedSum", "usedPeak",
  "requestedHours", "requestedSum", "grantedHours", "grantedSum", "maxRequestedUsedSum", "unmeasuredRequestedSum"`

/** A delta row as a new rollup row of `period` starting on `start` (SQL): its sums are the deltas. */
const rollupValues = (period: string, start: string, peak: string) =>
  `i.project_id, i.resource, '${period}'::"UsagePeriod", ${start}, i.d_hours, i.d_used_hours, i.d_used_sum, ${peak},
   i.d_requested_hours, i.d_requested_sum, i.d_granted_hours, i.d_granted_sum, i.d_max_requested_used_sum,
   i.d_unmeasured_requested_sum`

/**
 * A closed month's stretch row moved by the hour's deltas ($1 the stretch's first day): a late
 * correction of a month the statements job has closed (month-rows.ts). Rare: an upsert.
 */
const MOVE_MONTH_ROW = `INSERT INTO "UsageRollup" AS r (${ROLLUP_COLUMNS})
  SELECT ${rollupValues('month', '$1::date', 'NULL')} FROM metering_delta i
  ON CONFLICT ("projectId", "resource", "period", "start") DO UPDATE SET
  ${SUMS.map(([c]) => `"${c}" = r."${c}" + EXCLUDED."${c}"`).join(', ')}`

/**
 * The hour's day rows moved by its deltas ($1 its local day), in one statement that joins the
 * deltas to the day's rows: a row there gets the sums added and the higher peak, a missing one (the
 * day's first hour, a project new that day) is inserted. No ORDER BY and no ON CONFLICT: every
 * writer of day rows holds the month's lock, so none can appear or move meanwhile.
 */
const MOVE_DAYS = `MERGE INTO "UsageRollup" AS r
  USING metering_delta i
     ON r."projectId" = i.project_id AND r."resource" = i.resource AND r."period" = 'day' AND r."start" = $1::date
   WHEN MATCHED THEN UPDATE SET "usedPeak" = GREATEST(r."usedPeak", i.used_peak),
        ${SUMS.map(([c, d]) => `"${c}" = r."${c}" + i.${d}`).join(', ')}
   WHEN NOT MATCHED THEN INSERT (${ROLLUP_COLUMNS}) VALUES (${rollupValues('day', '$1::date', 'i.used_peak')})`

/**
 * From this many staged rows the deltas are joined to the day's rows by hashing those once, not by
 * probing the rollups' key for each delta, which the planner may pick from its estimates (it has no
 * statistics of the temporary table, and its costs assume disk reads): at 80,000 rows the probes
 * took about 1.5 times as long (decision 0074). A few rows (a late pass's corrections) are cheaper
 * probed than the day read whole.
 */
const HASHED_FROM = 10_000

/** How the hour's day rows are written, decided under the month's lock before its first page. */
interface DayRows {
  /** The hour's local day, YYYY-MM-DD. */
  readonly day: string
  /** The first day of the closed month's stretch the day falls in, when the month has its rows (month-rows.ts). */
  readonly stretch: string | null
  /** Written page by page with the records: the day had no rows and its month none either. */
  readonly written: boolean
}

/**
 * Takes the month's lock, which orders every writer of its day rows and its closed rows, and holds
 * it until the hour commits: a day found without rows has none until then, so the first hour of a
 * day COPYs its day rows straight into the rollups page by page, as its records, with no stage and
 * no join after the last page. Any other hour stages its deltas for one MERGE.
 */
async function lockDays(client: pg.PoolClient, hour: Date): Promise<DayRows> {
  const day = localDay(hour).toISOString().slice(0, 10)
  const month = localMonthOf(hour)
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [monthLockText(month)])
  const closed = await client.query<{ found: boolean; stretch: string }>(MONTH_ROWS_OF_DAY, [
    month,
    nextLocalMonth(month),
    day,
  ])
  const { found, stretch } = closed.rows[0]!
  const dayRows = await client.query<{ there: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM "UsageRollup" WHERE "period" = 'day' AND "start" = $1::date) AS there`,
    [day],
  )
  return { day, stretch: found ? stretch : null, written: !found && !dayRows.rows[0]!.there }
}

/** The staged hour's rollups moved: a closed month's row, then the day rows, then the lowered peaks. */
async function moveDays(client: pg.PoolClient, hour: Date, days: DayRows, staged: number): Promise<void> {
  if (!days.written) {
    if (days.stretch !== null) await client.query(MOVE_MONTH_ROW, [days.stretch])
    if (staged >= HASHED_FROM) await client.query('SET LOCAL enable_nestloop = off')
    await client.query(MOVE_DAYS, [days.day])
    if (staged >= HASHED_FROM) await client.query('RESET enable_nestloop')
  }
  await recomputePeaks(client, hour)
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
      FROM (SELECT DISTINCT project_id, resource FROM metering_delta WHERE peak_lowered) k
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
