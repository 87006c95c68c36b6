// The metering's staged write (decision 0047) against the real database: an hour is appended in one
// transaction after its last page, so an hour given up or failing half-way writes nothing; a pass
// that meets another's uncommitted keys waits for it and then appends none of them (the hour is
// counted once, its day rows moved once); and what COPY's text format gives meaning survives it.
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

  it("waits for another pass's uncommitted key, then appends none of it and moves its day row once", async () => {
    const contested = crypto.randomUUID()
    const free = crypto.randomUUID()
    // The other pass, holding the contested key and its day row uncommitted.
    const other = new pg.Client({ connectionString: t.url })
    await other.connect()
    try {
      await other.query('BEGIN')
      await other.query(
        `INSERT INTO "UsageRecord" ("projectId", "hour", "resource", "revision", "granted", "requested", "used", "usedPeak", "recordedAt")
         VALUES ($1, timezone('UTC', $2::timestamptz), 'cpu', 0, 1000, 500, 700, 700, now())`,
        [contested, hour.toISOString()],
      )
      await other.query(
        `INSERT INTO "UsageRollup" ("projectId", "resource", "period", "start", "hours", "usedHours", "usedSum", "usedPeak",
           "requestedHours", "requestedSum", "grantedHours", "grantedSum", "maxRequestedUsedSum", "unmeasuredRequestedSum")
         VALUES ($1, 'cpu', 'day', $2::date, 1, 1, 700, 700, 1, 500, 1, 1000, 700, 0)`,
        [contested, localDay(hour).toISOString().slice(0, 10)],
      )
      let settled = false
      const pass = appendHour(t.pool, hour, [row(contested, 'cpu', values(100n)), row(free, 'cpu', values(300n))])
      void pass.finally(() => (settled = true))
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(settled).toBe(false)
      await other.query('COMMIT')
      expect(await pass).toBe(1)
    } finally {
      await other.end()
    }
    expect((await recordsOf(contested)).map((r) => [r.revision, r.used])).toEqual([[0, 700n]])
    expect(await dayRow(contested, 'cpu')).toMatchObject({ hours: 1, usedSum: 700n })
    expect(await dayRow(free, 'cpu')).toMatchObject({ hours: 1, usedSum: 300n })
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
