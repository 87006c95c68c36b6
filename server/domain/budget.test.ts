import { describe, expect, it } from 'vitest'
import { checkBudget, forecastYear, MAX_BUDGET, readBudgetAmount } from './budget'

const VI = { group: '.', decimal: ',' }
const EN = { group: ',', decimal: '.' }
// 6 December 2026, 22:00 UTC: 7 December, 05:00 in Việt Nam.
const NOW = new Date('2026-12-06T22:00:00Z')

describe('checking a budget', () => {
  it('reads whole đồng in the reader\u2019s grouping', () => {
    expect(readBudgetAmount('1.200.000.000', VI)).toEqual({ ok: true, value: 1_200_000_000n })
    expect(readBudgetAmount('1,200,000,000', EN)).toEqual({ ok: true, value: 1_200_000_000n })
  })

  it('refuses a fraction of a đồng, a negative, zero and an absurd amount', () => {
    expect(readBudgetAmount('1000,5', VI)).toMatchObject({ ok: false, error: { code: 'decimal.too_precise' } })
    expect(readBudgetAmount('-5', VI)).toMatchObject({ ok: false, error: { code: 'decimal.negative' } })
    expect(readBudgetAmount('0', VI)).toMatchObject({ ok: false, error: { code: 'budget.amount_zero' } })
    expect(readBudgetAmount((MAX_BUDGET + 1n).toString(), VI)).toMatchObject({
      ok: false,
      error: { code: 'budget.amount_absurd' },
    })
    expect(readBudgetAmount(MAX_BUDGET.toString(), VI)).toEqual({ ok: true, value: MAX_BUDGET })
  })

  it('takes this local year and the next two, never a past one', () => {
    expect(checkBudget({ year: 2026, amount: '5.000.000' }, VI, NOW)).toEqual({
      ok: true,
      value: { year: 2026, amount: 5_000_000n },
    })
    const past = checkBudget({ year: 2025, amount: '5' }, VI, NOW)
    expect(past).toMatchObject({ ok: false, issues: [{ path: 'year', error: { code: 'budget.year_past' } }] })
    expect(checkBudget({ year: 2029, amount: '5' }, VI, NOW)).toMatchObject({
      ok: false,
      issues: [{ path: 'year', error: { code: 'budget.year_too_far' } }],
    })
  })

  it('uses the local year: 31 December 18:00 UTC is already the new year in Việt Nam', () => {
    const newYear = new Date('2026-12-31T18:00:00Z')
    expect(checkBudget({ year: 2026, amount: '5' }, VI, newYear)).toMatchObject({ ok: false })
  })

  it('reports every issue at once', () => {
    const both = checkBudget({ year: 2020, amount: 'abc' }, VI, NOW)
    expect(both.ok ? [] : both.issues.map((i) => i.path)).toEqual(['year', 'amount'])
  })
})

describe('the forecast to the year end', () => {
  it('adds the current month\u2019s daily run rate times the days left', () => {
    // 10 days of November metered at 100 000 đồng a day; 51 days from 11 November to the year end.
    const f = forecastYear({
      year: 2026,
      earlierMonths: 9_000_000n,
      currentMonth: 1_000_000n,
      month: '2026-11-01',
      meteredHours: 240,
    })
    expect(f.spent).toBe(10_000_000n)
    expect(f.dailyRunRate).toBe(100_000n)
    expect(f.hoursLeft).toBe(51 * 24)
    expect(f.forecast).toBe(10_000_000n + 51n * 100_000n)
  })

  it('rounds the projection once, half up', () => {
    // 1 đồng in November's first 16 hours, 1 448 hours left: 90,5 đồng → 91; 1,5 đồng a day → 2.
    const f = forecastYear({ year: 2026, earlierMonths: 0n, currentMonth: 1n, month: '2026-11-01', meteredHours: 16 })
    expect(f.hoursLeft).toBe(1448)
    expect(f.forecast).toBe(1n + 91n)
    expect(f.dailyRunRate).toBe(2n)
  })

  it('has no forecast before the month has a metered hour, and the spending once the year is over', () => {
    const start = forecastYear({
      year: 2026,
      earlierMonths: 5n,
      currentMonth: 0n,
      month: '2026-12-01',
      meteredHours: 0,
    })
    expect(start).toMatchObject({ spent: 5n, forecast: null, dailyRunRate: null })
    const over = forecastYear({
      year: 2026,
      earlierMonths: 5n,
      currentMonth: 7n,
      month: '2026-12-01',
      meteredHours: 744,
    })
    expect(over).toMatchObject({ spent: 12n, forecast: 12n, hoursLeft: 0 })
  })
})
