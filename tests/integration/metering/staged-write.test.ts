// The metering's staged write (decision 0047) against the real database: an hour is appended in one
// transaction after its last page, so an hour given up or failing half-way writes nothing; a pass
// over an hour another pass holds waits for its lock and then appends none of what it recorded (the
// hour is counted once, its day rows moved once); a record slipped in without the lock fails the
// hour whole; and what COPY's text format gives meaning survives it.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendHour, openHourWrite, type AppendRow } from '#server/metering/append'
import { HOUR_MS, hourStart, localDay } from '#server/metering/hours'
import { meterHour } from '#server/metering/job'
import { planRevision, type HourValues } from '#server/metering/plan'
import { connectTimeSeriesStore, type TimeSeriesStore } from '#server/platform/metrics/time-series'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makePools, makeUser } from '../../helpers/fixtures'
import { approvedProject, ROOMY_POOLS } from '../../helpers/provisioning'
import { requireStackSetting } from '../../helpers/stack-env'

let t: TestDatabase
// Five hours back: complete, and in no other test's way.
const hour = new Date(hourStart(new Date()).getTime() - 5 * HOUR_MS)
const values = (used: bigint, refusal: string | null = null): HourValues => ({
  granted: 1000n,
  requested: 500n,
  used,
  usedPeak: used,
  refusal,
})
const row = (projectId: string, resource: string, v: HourValues): AppendRow => ({
  projectId,
  resource,
  planned: planRevision(undefined, v)!,
})
const recordsOf = (projectId: string) =>
  t.db.usageRecord.findMany({ where: { projectId }, orderBy: [{ hour: 'asc' }, { resource: 'asc' }] })
const dayRow = (projectId: string, resource: string) =>
  t.db.usageRollup.findFirst({ where: { projectId, resource, period: 'day', start: localDay(hour) } })

beforeAll(async () => {
  t = await createTestDatabase()
})

afterAll(async () => {
  await t?.drop()
})

describe("the metering's staged hour", () => {
  it('writes nothing of an hour given up after its pages were staged, and keeps no connection', async () => {
    const projectId = crypto.randomUUID()
    const write = await openHourWrite(t.pool, hour)
    await write.stage([row(projectId, 'cpu', values(100n))])
    await write.stage([row(projectId, 'memory', values(200n))])
    await write.rollback()
    expect(await recordsOf(projectId)).toEqual([])
    expect(await dayRow(projectId, 'cpu')).toBeNull()
    expect(t.pool.totalCount - t.pool.idleCount).toBe(0)
  })

  it('waits for another pass over the hour, then appends none of what it recorded and moves its day row once', async () => {
    const contested = crypto.randomUUID()
    const free = crypto.randomUUID()
    // The other pass holds the hour's lock, the contested record and its delta staged, uncommitted.
    const other = await openHourWrite(t.pool, hour)
    let settled = false
    let pass: Promise<number> | undefined
    try {
      await other.stage([row(contested, 'cpu', values(700n))])
      pass = appendHour(t.pool, hour, [row(contested, 'cpu', values(100n)), row(free, 'cpu', values(300n))])
      void pass.then(
        () => (settled = true),
        () => (settled = true),
      )
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(settled).toBe(false)
    } finally {
      expect(await other.commit()).toBe(1)
    }
    expect(await pass).toBe(1)
    expect((await recordsOf(contested)).map((r) => [r.revision, r.used])).toEqual([[0, 700n]])
    expect(await dayRow(contested, 'cpu')).toMatchObject({ hours: 1, usedSum: 700n })
    expect(await dayRow(free, 'cpu')).toMatchObject({ hours: 1, usedSum: 300n })
  })

  it("refuses an hour a record was written into without the hour's lock: nothing of it written, the next pass writes it", async () => {
    const intruded = crypto.randomUUID()
    const free = crypto.randomUUID()
    // A writer that does not take the hour's lock (not the metering's write path): its record is
    // uncommitted when the pass plans and lands before the pass's COPY can add the same key.
    const intruder = new pg.Client({ connectionString: t.url })
    await intruder.connect()
    let pass: Promise<number> | undefined
    try {
      await intruder.query('BEGIN')
      await intruder.query(
        `INSERT INTO "UsageRecord" ("projectId", "hour", "resource", "revision", "granted", "requested", "used", "usedPeak", "recordedAt")
         VALUES ($1, timezone('UTC', $2::timestamptz), 'cpu', 0, 1000, 500, 700, 700, now())`,
        [intruded, hour.toISOString()],
      )
      pass = appendHour(t.pool, hour, [row(free, 'cpu', values(300n)), row(intruded, 'cpu', values(100n))])
      void pass.catch(() => undefined)
      await new Promise((resolve) => setTimeout(resolve, 500))
      await intruder.query('COMMIT')
    } finally {
      await intruder.end()
    }
    await expect(pass).rejects.toThrow(/without the hour's lock; nothing of the hour is written/)
    expect(await recordsOf(free)).toEqual([])
    expect(await dayRow(free, 'cpu')).toBeNull()
    expect(await dayRow(intruded, 'cpu')).toBeNull()
    expect(t.pool.totalCount - t.pool.idleCount).toBe(0)
    // The next pass finds the intruder's record and appends the rest.
    expect(await appendHour(t.pool, hour, [row(free, 'cpu', values(300n)), row(intruded, 'cpu', values(100n))])).toBe(1)
    expect(await dayRow(free, 'cpu')).toMatchObject({ hours: 1, usedSum: 300n })
  })

  it("inserts a new day's rows once when two of its hours are written at the same time", async () => {
    // The first two hours of a local day no other test writes (17:00 UTC starts one).
    const first = new Date(hourStart(new Date()).getTime() - 40 * 24 * HOUR_MS)
    first.setUTCHours(17)
    const second = new Date(first.getTime() + HOUR_MS)
    const projectId = crypto.randomUUID()
    const day = localDay(first)
    expect(await t.db.usageRollup.count({ where: { period: 'day', start: day } })).toBe(0)
    const written = await Promise.all([
      appendHour(t.pool, first, [row(projectId, 'cpu', values(100n))]),
      appendHour(t.pool, second, [row(projectId, 'cpu', values(300n)), row(projectId, 'memory', values(5n))]),
    ])
    expect(written).toEqual([1, 2])
    const rows = await t.db.usageRollup.findMany({ where: { projectId, period: 'day', start: day } })
    expect(rows.map((r) => [r.resource, r.hours, r.usedSum, r.usedPeak]).sort()).toEqual([
      ['cpu', 2, 400n, 300n],
      ['memory', 1, 5n, 5n],
    ])
  })

  it("moves a large hour's day rows (joined by hashing, from 10,000 rows) as it moves a small one's", async () => {
    // The first two hours of a local day no other test writes.
    const first = new Date(hourStart(new Date()).getTime() - 41 * 24 * HOUR_MS)
    first.setUTCHours(17)
    const second = new Date(first.getTime() + HOUR_MS)
    const projects = Array.from({ length: 5_000 }, () => crypto.randomUUID())
    const late = crypto.randomUUID()
    const both = (used: bigint) =>
      projects.flatMap((p) => [row(p, 'cpu', values(used)), row(p, 'memory', values(used))])
    expect(await appendHour(t.pool, first, both(100n))).toBe(10_000)
    // The second hour moves the 10,000 rows the first made and inserts the late project's two.
    expect(
      await appendHour(t.pool, second, [...both(300n), row(late, 'cpu', values(7n)), row(late, 'memory', values(7n))]),
    ).toBe(10_002)
    const rows = await t.db.$queryRaw<{ hours: number; usedSum: bigint; usedPeak: bigint; n: bigint }[]>`
      SELECT "hours", "usedSum", "usedPeak", count(*) AS n FROM "UsageRollup"
       WHERE "period" = 'day' AND "start" = ${localDay(first)} GROUP BY 1, 2, 3 ORDER BY 1, 2`
    expect(rows.map((r) => [r.hours, r.usedSum, r.usedPeak, r.n])).toEqual([
      [1, 7n, 7n, 2n],
      [2, 400n, 300n, 10_000n],
    ])
  })

  it("keeps what COPY's text format gives meaning: backslash, tab, newline, NULL", async () => {
    const projectId = crypto.randomUUID()
    const refusal = 'a\\N\tb\nc\r\\'
    expect(
      await appendHour(t.pool, hour, [row(projectId, 'cpu', { ...values(0n), used: null, usedPeak: null, refusal })]),
    ).toBe(1)
    const [record] = await recordsOf(projectId)
    expect(record).toMatchObject({ refusal, used: null, usedPeak: null, requested: 500n })
  })
})

describe('the job over a failing store', () => {
  it('writes nothing of an hour whose second page fails, and writes it whole on the next pass', async () => {
    await makePools(t.db, ROOMY_POOLS)
    const agencyId = await makeAgency(t.db)
    const requesterId = await makeUser(t.db, 'Nguyễn Văn An')
    const operatorId = await makeUser(t.db)
    const lines = { cpu: 2000n, pods: 10n }
    const made = [
      await approvedProject(t.db, { agencyId, requesterId, operatorId, lines }),
      await approvedProject(t.db, { agencyId, requesterId, operatorId, lines }),
    ]
    // Pages go by project id: the store fails on the second.
    const [first, second] = made.sort((a, b) => (a.projectId < b.projectId ? -1 : 1)) as [
      (typeof made)[0],
      (typeof made)[0],
    ]
    // The current hour: the grants made now stand at its end.
    const now = hourStart(new Date())
    const real = connectTimeSeriesStore({
      url: requireStackSetting('METRICS_URL'),
      username: requireStackSetting('METRICS_USERNAME'),
      password: requireStackSetting('METRICS_PASSWORD'),
      noCache: true,
    })
    const failing: TimeSeriesStore = {
      instant: (query, at) =>
        query.includes(second.namespace) ? Promise.reject(new Error('store down')) : real.instant(query, at),
      range: (query, range) =>
        query.includes(second.namespace) ? Promise.reject(new Error('store down')) : real.range(query, range),
    }
    const ids = [first.projectId, second.projectId]
    const deps = { db: t.db, pool: t.pool, pageSize: 1 }
    await expect(meterHour({ ...deps, store: failing }, now)).rejects.toThrow('store down')
    expect(await t.db.usageRecord.count({ where: { projectId: { in: ids } } })).toBe(0)
    expect(t.pool.totalCount - t.pool.idleCount).toBe(0)
    const report = await meterHour({ ...deps, store: real }, now)
    expect(report).toMatchObject({ projects: 2, appended: 4 })
    expect(await t.db.usageRollup.count({ where: { projectId: { in: ids } } })).toBe(4)
  }, 60_000)
})
