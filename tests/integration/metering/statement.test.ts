// A month priced from the rollups the metering stored (decisions 0047 and 0048), on a test
// database: two local days of hours (request above the use in some, the use above the request or
// unknown in others, corrections up and down, two passes racing over one hour) and an hour of the
// next month, written through the metering's one write path; the agency's statement read from the
// stored day rollups equals the same hours priced one by one, and another agency's use is in none
// of it. The migration's fill of existing rows gives the write path's sums.
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { priceHours, type HourQuantities } from '#server/domain/pricing'
import type { RateCard } from '#server/domain/rate-card'
import { computeStatement, dailyUsageOf } from '#server/domain/statement'
import { appendHour } from '#server/metering/append'
import { recordedHours, recordKey } from '#server/metering/facts'
import { HOUR_MS } from '#server/metering/hours'
import { planRevision, type HourValues } from '#server/metering/plan'
import { dayRollupsOfMonth } from '#server/metering/rollups'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makeProject } from '../../helpers/fixtures'
import { meterCpu } from '../../helpers/metering'

const CARDS: RateCard[] = [
  { effectiveFrom: '2026-01-01', prices: [{ resource: 'cpu', price: 3_212_345n, basis: 'max_requested_used' }] },
]
// Local 29 and 30 November (from 17:00 UTC the day before), then the first hour of December.
const FIRST = Date.parse('2026-11-28T17:00:00Z')
const HOURS = Array.from({ length: 49 }, (_, i) => new Date(FIRST + i * HOUR_MS))

let t: TestDatabase
let agencyId: string
let projectId: string
let otherProjectId: string

function reading(i: number, used: bigint | null): HourValues {
  return { granted: 4000n, requested: i % 6 === 0 ? null : 1500n, used, usedPeak: used, refusal: null }
}
const firstUse = (i: number) => (i % 5 === 0 ? null : i % 3 === 0 ? 1900n : 400n)
/** Later passes: a use measured late above the request, and one corrected down below it. */
const correction = (i: number) => (i % 7 === 0 ? 2600n : i % 11 === 0 ? 100n : undefined)

const meter = (project: string, hour: Date, values: HourValues) => meterCpu(t.db, project, hour, values)

/** The hours as now recorded (the current revision of each), as pricing.ts takes them. */
async function currentHours(project: string): Promise<HourQuantities[]> {
  const out: HourQuantities[] = []
  for (const hour of HOURS) {
    const current = (await recordedHours(t.db, [project], hour)).get(recordKey(project, 'cpu'))
    if (current) out.push({ hour, granted: current.granted, requested: current.requested, used: current.used })
  }
  return out
}

beforeAll(async () => {
  t = await createTestDatabase()
  agencyId = await makeAgency(t.db)
  projectId = await makeProject(t.db, agencyId)
  otherProjectId = await makeProject(t.db, await makeAgency(t.db, 'Sở Tài chính'))
  for (const [i, hour] of HOURS.entries()) {
    await meter(projectId, hour, reading(i, firstUse(i)))
    await meter(otherProjectId, hour, reading(i, 9000n))
  }
  for (const [i, hour] of HOURS.entries()) {
    const used = correction(i)
    if (used !== undefined) expect(await meter(projectId, hour, reading(i, used))).toBe(1)
  }
}, 60_000)

afterAll(async () => {
  await t?.drop()
})

describe('a month priced from the stored rollups', () => {
  it('counts an hour once when two passes race over its correction', async () => {
    const hour = HOURS[4]!
    const current = (await recordedHours(t.db, [projectId], hour)).get(recordKey(projectId, 'cpu'))
    const planned = planRevision(current, reading(4, 3100n))!
    const rows = [{ projectId, resource: 'cpu', planned }]
    const [a, b] = await Promise.all([appendHour(t.pool, hour, rows), appendHour(t.pool, hour, rows)])
    expect(a + b).toBe(1)
  })

  it("gives the đồng and unmeasured hours of the agency's November hours priced one by one", async () => {
    const rollups = await dayRollupsOfMonth(t.db, agencyId, '2026-11-01')
    expect(rollups.map((r) => [r.projectId, r.day, r.hours])).toEqual([
      [projectId, '2026-11-29', 24],
      [projectId, '2026-11-30', 24],
    ])
    const statement = computeStatement(agencyId, '2026-11-01', rollups.map(dailyUsageOf), CARDS)
    const november = (await currentHours(projectId)).slice(0, 48)
    const hourly = priceHours('cpu', november, CARDS)
    if (!statement.ok || !hourly.ok) throw new Error('both price')
    expect(statement.value.projects).toEqual([
      {
        projectId,
        lines: [
          {
            resource: 'cpu',
            amount: hourly.value.amount,
            quantityHours: hourly.value.quantityHours,
            unmeasuredHours: hourly.value.unmeasuredHours,
            basis: 'max_requested_used',
            cards: ['2026-01-01'],
            footprint: null,
          },
        ],
        total: hourly.value.amount,
      },
    ])
    expect(hourly.value.unmeasuredHours).toBeGreaterThan(0)
    // December's first hour is in December's rollups only.
    expect((await dayRollupsOfMonth(t.db, agencyId, '2026-12-01')).map((r) => r.hours)).toEqual([1])
  })

  it("fills existing rows from the records as the write path keeps them (the migration's hand-written part)", async () => {
    const sums = () =>
      t.db.usageRollup.findMany({
        select: { projectId: true, period: true, start: true, maxRequestedUsedSum: true },
        orderBy: [{ projectId: 'asc' }, { period: 'asc' }, { start: 'asc' }],
      })
    const kept = await sums()
    const sql = readFileSync('prisma/migrations/20261206205816_rollup_max_requested_used/migration.sql', 'utf8')
    const admin = new pg.Client({ connectionString: t.adminUrl })
    await admin.connect()
    try {
      await admin.query(`UPDATE "UsageRollup" SET "maxRequestedUsedSum" = 0`)
      await admin.query(sql.slice(sql.indexOf('-- Hand-written below')))
    } finally {
      await admin.end()
    }
    expect(await sums()).toEqual(kept)
    expect(kept.filter((r) => r.maxRequestedUsedSum > 0n)).toHaveLength(kept.length)
  })

  it("fills the requested hours without a measured use likewise (the footprint's migration)", async () => {
    const sums = () =>
      t.db.usageRollup.findMany({
        select: { projectId: true, period: true, start: true, unmeasuredRequestedSum: true },
        orderBy: [{ projectId: 'asc' }, { period: 'asc' }, { start: 'asc' }],
      })
    const kept = await sums()
    const sql = readFileSync('prisma/migrations/20261206231002_rollup_unmeasured_requested/migration.sql', 'utf8')
    const admin = new pg.Client({ connectionString: t.adminUrl })
    await admin.connect()
    try {
      await admin.query(`UPDATE "UsageRollup" SET "unmeasuredRequestedSum" = 0`)
      await admin.query(sql.slice(sql.indexOf('-- Hand-written below')))
    } finally {
      await admin.end()
    }
    expect(await sums()).toEqual(kept)
    expect(kept.some((r) => r.unmeasuredRequestedSum > 0n)).toBe(true)
  })
})
