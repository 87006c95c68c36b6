// Agencies' yearly budgets (issue 14, decision 0050) on a test database: versions appended with
// their audit entries, a stale save and bad input refused with nothing written, the rows refusing
// to be edited; the year's spending and forecast from the metering's rollups priced by the rate
// card; warnings at 80 / 90 / 100 % told once per crossing, and a new budget version starting over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evaluateBudgets } from '#server/budgets/budget-alerts'
import { yearForecast } from '#server/budgets/spending'
import { saveBudget } from '#server/budgets/store'
import { HOUR_MS } from '#server/metering/hours'
import { renderNotice } from '#server/notifications/render'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makeProject, makeSession, makeUser } from '../../helpers/fixtures'
import { markMetered, meterCpu } from '../../helpers/metering'

const VI = { group: '.', decimal: ',' }
// 7 December 2026, 05:00 in Việt Nam.
const NOW = new Date('2026-12-06T22:00:00Z')
// Local 30 November and local 1 December: 24 hours each, one vCPU used every hour.
const NOV_30 = Date.parse('2026-11-29T17:00:00Z')
const DEC_1 = Date.parse('2026-11-30T17:00:00Z')
const day = (start: number) => Array.from({ length: 24 }, (_, i) => new Date(start + i * HOUR_MS))

let t: TestDatabase
let agency: string
let other: string
let staff: string
const actor = { id: null, label: 'Lê Vận Hành' }

const save = (input: { amount: string; expectedVersion: number; year?: number; agencyId?: string }) =>
  saveBudget(t.db, {
    agencyId: input.agencyId ?? agency,
    year: input.year ?? 2026,
    amount: input.amount,
    note: 'Kế hoạch năm',
    expectedVersion: input.expectedVersion,
    symbols: VI,
    actor,
    now: NOW,
  })
const budgetNotices = (recipientId: string) =>
  t.db.notification.findMany({
    where: { recipientId, kind: 'budget_threshold' },
    orderBy: { createdAt: 'asc' },
    select: { kind: true, requestNumber: true, link: true, params: true },
  })

beforeAll(async () => {
  t = await createTestDatabase()
  agency = await makeAgency(t.db, 'Sở Giáo dục và Đào tạo', { code: 'so-gddt' })
  other = await makeAgency(t.db, 'Sở Tài chính', { code: 'so-tc' })
  const project = await makeProject(t.db, agency)
  staff = await makeUser(t.db, 'Phạm Thu Trang')
  await makeSession(t.db, staff, ['agency_staff'], { agencyCodes: ['so-gddt'] })
  // 10 000 đồng per vCPU-hour (10^-4 đồng per unit), charged on max(requested, used).
  await t.db.rateCardVersion.create({
    data: {
      effectiveFrom: new Date('2026-01-01T00:00:00Z'),
      createdByLabel: 'test',
      prices: { create: [{ resource: 'cpu', price: 100_000_000n, basis: 'max_requested_used' }] },
    },
  })
  for (const hour of [...day(NOV_30), ...day(DEC_1)])
    await meterCpu(t.db, project, hour, { granted: 2000n, requested: 500n, used: 1000n, usedPeak: null, refusal: null })
  await markMetered(t.db, new Date(DEC_1 + 23 * HOUR_MS))
}, 60_000)

afterAll(async () => {
  await t?.drop()
})

describe('setting a budget', () => {
  it('appends version 1 with its audit entry', async () => {
    const saved = await save({ amount: '560.000', expectedVersion: 0 })
    expect(saved).toMatchObject({ ok: true, budget: { version: 1, amount: 560_000n, year: 2026 } })
    const audit = await t.db.auditEntry.findFirst({
      where: { action: 'budget.set' },
      select: { agencyId: true, after: true },
    })
    expect(audit).toEqual({
      agencyId: agency,
      after: { year: 2026, version: 1, amount: '560000', note: 'Kế hoạch năm' },
    })
  })

  it('refuses a stale save (the editor saw no version) and writes nothing', async () => {
    const stale = await save({ amount: '1.000.000', expectedVersion: 0 })
    expect(stale).toMatchObject({ ok: false, stale: true, current: { version: 1 } })
    expect(await t.db.agencyBudget.count({ where: { agencyId: agency } })).toBe(1)
  })

  it('refuses a past year, zero, a negative and an absurd amount, each at its field', async () => {
    const codes = async (input: Parameters<typeof save>[0]) => {
      const result = await save(input)
      return result.ok ? [] : result.issues.map((i) => `${i.path}:${i.error.code}`)
    }
    expect(await codes({ amount: '5', expectedVersion: 0, year: 2025 })).toEqual(['year:budget.year_past'])
    expect(await codes({ amount: '0', expectedVersion: 0, agencyId: other })).toEqual(['amount:budget.amount_zero'])
    expect(await codes({ amount: '-5', expectedVersion: 0, agencyId: other })).toEqual(['amount:decimal.negative'])
    expect(await codes({ amount: '1'.padEnd(16, '0'), expectedVersion: 0, agencyId: other })).toEqual([
      'amount:budget.amount_absurd',
    ])
    expect(await t.db.agencyBudget.count({ where: { agencyId: other } })).toBe(0)
  })

  it('versions are history: an edit or a delete is refused by the database', async () => {
    await expect(t.db.$executeRaw`UPDATE "AgencyBudget" SET "amount" = 1`).rejects.toThrow()
    await expect(t.db.$executeRaw`DELETE FROM "AgencyBudget"`).rejects.toThrow()
  })
})

describe("the year's forecast and its warnings", () => {
  it("spent so far plus the current month's run rate over the hours left", async () => {
    const forecast = await yearForecast(t.db, agency, 2026, NOW)
    // 240 000 đồng in November, 240 000 in December's first 24 hours, 720 hours left.
    expect(forecast).toMatchObject({
      spent: 480_000n,
      dailyRunRate: 240_000n,
      meteredHours: 24,
      hoursLeft: 720,
      forecast: 480_000n + 30n * 240_000n,
    })
    expect(forecast?.months.filter((m) => m.amount > 0n)).toEqual([
      { month: '2026-11-01', amount: 240_000n, closed: false },
      { month: '2026-12-01', amount: 240_000n, closed: false },
    ])
  })

  it('spending at 85.7 % warns at 80 %, the forecast at 100 %, once each', async () => {
    expect(await evaluateBudgets(t.db, NOW)).toBe(2)
    const notices = await budgetNotices(staff)
    expect(
      notices.map((n) => [(n.params as { measure: string }).measure, (n.params as { level: number }).level]),
    ).toEqual([
      ['spent', 80],
      ['forecast', 100],
    ])
    expect(renderNotice(notices[0]!, 'vi').title).toBe(
      'Sở Giáo dục và Đào tạo: chi phí năm 2026 đã đạt 85,7% ngân sách',
    )
    expect(notices[0]!.link).toBe('/agencies/so-gddt')
    expect(await evaluateBudgets(t.db, NOW)).toBe(0)
  })

  it('a new budget version starts from no level: 10 million is below every line', async () => {
    await save({ amount: '10.000.000', expectedVersion: 1 })
    expect(await evaluateBudgets(t.db, NOW)).toBe(0)
    expect(await t.db.budgetAlertState.findFirst({ where: { agencyId: agency } })).toMatchObject({
      budgetVersion: 2,
      spentLevel: 0,
      forecastLevel: 0,
    })
  })
})
