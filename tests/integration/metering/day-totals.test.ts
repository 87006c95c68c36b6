// The pools' day totals (decision 0073) against the real database: a day no pass can reach any more
// is summed once into UsageDayTotal after the metering's passes, read from there by the pools'
// charts with the same figures its rollups give, and days still in reach are summed from their rows;
// the metering job keeps a day once it has become final.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dayTotalsOfResources, keepFinalDays, summedDays } from '#server/metering/day-totals'
import { DEFAULT_HOUR_PLAN, HOUR_MS, lastFinalDay } from '#server/metering/hours'
import { runMetering } from '#server/metering/job'
import { connectTimeSeriesStore } from '#server/platform/metrics/time-series'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makeProject } from '../../helpers/fixtures'
import { cpuReading, meterCpu, meterResource } from '../../helpers/metering'
import { requireStackSetting } from '../../helpers/stack-env'

// Local 1-4 November 2026 (from 31 October 17:00 UTC), four days metered.
const FIRST = Date.parse('2026-10-31T17:00:00Z')
const DAYS = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04']
const HOURS = Array.from({ length: 96 }, (_, i) => new Date(FIRST + i * HOUR_MS))
// 6 November 04:20 UTC: every hour up to 3 November is out of reach, 4 November still in it.
const NOW = new Date('2026-11-06T04:20:00Z')
const RESOURCES = ['cpu', 'memory', 'pods']
let t: TestDatabase
let projects: string[]

beforeAll(async () => {
  t = await createTestDatabase()
  const agency = await makeAgency(t.db)
  projects = [await makeProject(t.db, agency), await makeProject(t.db, agency)]
  for (const [i, hour] of HOURS.entries()) {
    // Every ninth hour of the first project unmeasured; the second only from its 30th hour.
    await meterCpu(t.db, projects[0]!, hour, cpuReading(i % 9 === 0 ? null : BigInt(100 + i)))
    if (i >= 30) await meterCpu(t.db, projects[1]!, hour, cpuReading(700n))
    if (i % 5 === 0)
      await meterResource(t.db, projects[1]!, 'memory', hour, { ...cpuReading(BigInt(i) << 20n), granted: 1n << 30n })
  }
}, 180_000)

afterAll(async () => {
  await t?.drop()
})

const all = () => dayTotalsOfResources(t.db, RESOURCES, DAYS[0]!, '2026-11-05')

describe("the pools' day totals", () => {
  it('sum a day once no pass can write to it, with the figures its rollups give', async () => {
    expect(lastFinalDay(NOW, DEFAULT_HOUR_PLAN)).toBe(DAYS[2])
    const fromRows = await summedDays(t.db, RESOURCES, DAYS)
    expect(await all()).toEqual(sorted(fromRows))
    // Three final days × two resources metered; the fourth is still in reach.
    expect(await keepFinalDays(t.db, NOW)).toBe(6)
    expect(await keepFinalDays(t.db, NOW)).toBe(0)
    const kept = await t.db.usageDayTotal.findMany({ orderBy: [{ day: 'asc' }, { resource: 'asc' }] })
    expect(kept.map((k) => `${k.day.toISOString().slice(0, 10)} ${k.resource}`)).toEqual(
      DAYS.slice(0, 3).flatMap((day) => [`${day} cpu`, `${day} memory`]),
    )
    expect(await all()).toEqual(sorted(fromRows))
    // The first day's figures: the second project had no hour yet, the first 21 of 24 measured.
    const cpu = fromRows.find((r) => r.day === DAYS[0] && r.resource === 'cpu')!
    const measured = HOURS.slice(0, 24).flatMap((_, i) => (i % 9 === 0 ? [] : [100 + i]))
    expect(cpu.used).toBe(BigInt(Math.round(measured.reduce((a, b) => a + b, 0) / measured.length)))
    expect(cpu.granted).toBe(4000n)
  })

  it('read a kept day from its total and the days in reach from their rows', async () => {
    const before = await all()
    // A write no pass would make (the first day is out of reach) shows which days are read from where.
    await meterCpu(t.db, projects[1]!, HOURS[2]!, cpuReading(5000n))
    await meterCpu(t.db, projects[1]!, HOURS[80]!, cpuReading(5000n))
    const after = await all()
    const cpuOf = (rows: typeof after, day: string) => rows.find((r) => r.resource === 'cpu' && r.day === day)!
    expect(cpuOf(after, DAYS[0]!)).toEqual(cpuOf(before, DAYS[0]!))
    expect(cpuOf(after, DAYS[3]!).used).toBeGreaterThan(cpuOf(before, DAYS[3]!).used!)
    // Only the resources asked for, in resource and day order.
    expect((await dayTotalsOfResources(t.db, ['memory'], DAYS[0]!, '2026-11-05')).map((r) => r.day)).toEqual(DAYS)
    expect(await dayTotalsOfResources(t.db, [], DAYS[0]!, '2026-11-05')).toEqual([])
  })

  it('are kept by the metering job once its passes are done and the fourth day has become final', async () => {
    // A day later the fourth day is out of reach too. No project here has an allocation, so the job's
    // passes ask the store nothing; what it does after them is under test.
    const later = new Date(NOW.getTime() + 24 * HOUR_MS)
    const logged: string[] = []
    const store = connectTimeSeriesStore({
      url: requireStackSetting('METRICS_URL'),
      username: requireStackSetting('METRICS_USERNAME'),
      password: requireStackSetting('METRICS_PASSWORD'),
      noCache: true,
    })
    await runMetering({ db: t.db, pool: t.pool, store, now: () => later, log: (line) => logged.push(line) })
    expect(logged).toContain("2 day totals kept for the pools' charts")
    const fourth = await t.db.usageDayTotal.findMany({
      where: { day: new Date(DAYS[3]!) },
      orderBy: { resource: 'asc' },
    })
    expect(fourth.map((k) => k.resource)).toEqual(['cpu', 'memory'])
    const fromRows = await summedDays(t.db, ['cpu'], [DAYS[3]!])
    expect(fourth[0]!.used).toBe(fromRows[0]!.used)
  }, 120_000)
})

function sorted<T extends { resource: string; day: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) =>
    a.resource === b.resource ? (a.day < b.day ? -1 : 1) : a.resource < b.resource ? -1 : 1,
  )
}
