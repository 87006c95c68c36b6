// A closed month's rows (decision 0062) against the real database: written once from the day rows,
// moved by a late correction and by a late first hour in the same statement as their days, so a month
// row always equals the sum of its days; read by the statements' stretch read in place of the days
// with the same sums, one row per stretch under one card when a card takes effect within the month.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HOUR_MS } from '#server/metering/hours'
import { hasMonthRows, writeMonthRows } from '#server/metering/month-rows'
import { cardStretchesOfMonthForAll } from '#server/metering/rollups'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makeProject } from '../../helpers/fixtures'
import { cpuReading, meterCpu, meterResource } from '../../helpers/metering'

// Local October 2026: from 2026-09-30 17:00 UTC. Three days of it metered.
const OCTOBER = '2026-10-01'
const FIRST = Date.parse('2026-09-30T17:00:00Z')
const HOURS = Array.from({ length: 72 }, (_, i) => new Date(FIRST + i * HOUR_MS))
let t: TestDatabase
let projects: string[]

const reading = cpuReading

/** Month rows that differ from the sums of their days (every sum the rows keep). */
async function monthsOffTheirDays(): Promise<unknown[]> {
  return t.db.$queryRaw<unknown[]>`
    WITH days AS (
      SELECT "projectId", "resource", date_trunc('month', "start")::date AS month, sum("hours")::int AS hours,
             sum("usedHours")::int AS used_hours, sum("usedSum") AS used, sum("requestedHours")::int AS requested_hours,
             sum("requestedSum") AS requested, sum("grantedHours")::int AS granted_hours, sum("grantedSum") AS granted,
             sum("maxRequestedUsedSum") AS occupied, sum("unmeasuredRequestedSum") AS unmeasured
        FROM "UsageRollup" WHERE "period" = 'day' GROUP BY 1, 2, 3)
    SELECT * FROM days d JOIN (SELECT * FROM "UsageRollup" WHERE "period" = 'month') m
        ON m."projectId" = d."projectId" AND m."resource" = d."resource" AND m."start" = d.month
     WHERE d.hours <> m."hours" OR d.used_hours <> m."usedHours" OR d.used <> m."usedSum"
        OR d.requested_hours <> m."requestedHours" OR d.requested <> m."requestedSum"
        OR d.granted_hours <> m."grantedHours" OR d.granted <> m."grantedSum"
        OR d.occupied <> m."maxRequestedUsedSum" OR d.unmeasured <> m."unmeasuredRequestedSum"`
}

/** The month's stretch as the day rows give it (a boundary the month does not reach forces the days). */
const fromDays = () => cardStretchesOfMonthForAll(t.db, OCTOBER, ['2026-10-31'])

beforeAll(async () => {
  t = await createTestDatabase()
  const agency = await makeAgency(t.db)
  projects = [await makeProject(t.db, agency), await makeProject(t.db, agency)]
  for (const [i, hour] of HOURS.entries()) {
    await meterCpu(t.db, projects[0]!, hour, reading(i % 9 === 0 ? null : BigInt(100 + i)))
    if (i < 30) await meterCpu(t.db, projects[1]!, hour, reading(700n))
  }
}, 120_000)

afterAll(async () => {
  await t?.drop()
})

describe("a closed month's rows", () => {
  it('are written once from the day rows and equal their sums', async () => {
    expect(await hasMonthRows(t.db, OCTOBER)).toBe(false)
    expect(await writeMonthRows(t.db, OCTOBER)).toBe(2)
    expect(await writeMonthRows(t.db, OCTOBER)).toBe(0)
    expect(await monthsOffTheirDays()).toEqual([])
    const month = await t.db.usageRollup.findMany({ where: { period: 'month' }, orderBy: { projectId: 'asc' } })
    expect(month.map((m) => [m.start.toISOString().slice(0, 10), m.usedPeak])).toEqual([
      [OCTOBER, null],
      [OCTOBER, null],
    ])
  })

  it('give the statements the same sums as the days, one row per project and resource', async () => {
    const fromMonth = await cardStretchesOfMonthForAll(t.db, OCTOBER, [])
    expect(fromMonth).toHaveLength(2)
    expect(fromMonth).toEqual(await fromDays())
  })

  it('follow a late correction and a late first hour in the same statement as their days', async () => {
    expect(await meterCpu(t.db, projects[0]!, HOURS[5]!, reading(9000n))).toBe(1)
    expect(await meterCpu(t.db, projects[0]!, HOURS[9]!, reading(40n))).toBe(1)
    expect(await meterCpu(t.db, projects[1]!, HOURS[50]!, reading(10n))).toBe(1)
    expect(await meterResource(t.db, projects[1]!, 'memory', HOURS[51]!, reading(2048n))).toBe(1)
    expect(await monthsOffTheirDays()).toEqual([])
    expect(await t.db.usageRollup.count({ where: { period: 'month' } })).toBe(3)
    expect(await cardStretchesOfMonthForAll(t.db, OCTOBER, [])).toEqual(await fromDays())
  })

  it('are one per stretch when a card takes effect within the month, and follow a late hour into its stretch', async () => {
    // Local November 2026, three days metered; a card from its 2nd makes two stretches, one from the 1st.
    const november = '2026-11-01'
    const first = Date.parse('2026-10-31T17:00:00Z')
    const hours = Array.from({ length: 72 }, (_, i) => new Date(first + i * HOUR_MS))
    for (const [i, hour] of hours.entries()) await meterCpu(t.db, projects[0]!, hour, reading(BigInt(200 + i)))
    await t.db.rateCardVersion.create({
      data: { effectiveFrom: new Date('2026-11-02T00:00:00Z'), createdByLabel: 'month-rows.test' },
    })
    const cards = ['2026-11-02']
    // A boundary the month's metered days do not reach forces the days, with the same stretches.
    const days = () => cardStretchesOfMonthForAll(t.db, november, [...cards, '2026-11-30'])
    expect(await writeMonthRows(t.db, november)).toBe(2)
    const rows = await t.db.usageRollup.findMany({ where: { period: 'month', start: { gte: new Date(november) } } })
    expect(rows.map((r) => [r.start.toISOString().slice(0, 10), r.hours]).sort()).toEqual([
      ['2026-11-01', 24],
      ['2026-11-02', 48],
    ])
    expect(await cardStretchesOfMonthForAll(t.db, november, cards)).toEqual(await days())
    // A late correction on the 3rd moves the second stretch's row only; a late first hour of another
    // project on the 1st gets a row in the first.
    expect(await meterCpu(t.db, projects[0]!, hours[60]!, reading(9000n))).toBe(1)
    expect(await meterCpu(t.db, projects[1]!, hours[3]!, reading(10n))).toBe(1)
    const after = await cardStretchesOfMonthForAll(t.db, november, cards)
    expect(after).toEqual(await days())
    const mine = [
      [0, '2026-11-01', 24],
      [0, '2026-11-02', 48],
    ]
    const late = [[1, '2026-11-01', 1]]
    expect(after.map((r) => [r.projectId === projects[0] ? 0 : 1, r.day, r.hours])).toEqual(
      projects[0]! < projects[1]! ? [...mine, ...late] : [...late, ...mine],
    )
    expect(after.find((r) => r.projectId === projects[0] && r.day === '2026-11-02')!.usedSum).toBe(
      hours.slice(24).reduce((sum, _, i) => sum + BigInt(i + 24 === 60 ? 9000 : 200 + i + 24), 0n),
    )
  })
})
