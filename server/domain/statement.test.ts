import { describe, expect, it } from 'vitest'
import { priceHours, type HourQuantities } from './pricing'
import type { RateCard } from './rate-card'
import { closesAt, computeStatement, statementChanges, withFootprint, type DailyUsage } from './statement'

const GIB = 2n ** 30n
const card = (effectiveFrom: string, cpu: bigint): RateCard => ({
  effectiveFrom,
  prices: [
    { resource: 'cpu', price: cpu, basis: 'max_requested_used' },
    { resource: 'objectStorage', price: 7_440_000n, basis: 'used' }, // 744 đ per GiB-month
  ],
})
const CARDS = [card('2026-01-01', 3_200_000n), card('2026-12-15', 5_000_000n)] // 320 đ, then 500 đ per vCPU-hour

/** A day of `vcpu` occupied vCPU (24 h), as a daily rollup that sums max(requested, used). */
function cpuDay(projectId: string, day: string, vcpu: bigint, agencyId = 'so-khcn'): DailyUsage {
  return {
    agencyId,
    projectId,
    resource: 'cpu',
    day,
    hours: 24,
    sums: { max_requested_used: 24n * vcpu * 1000n, granted: 24n * 4000n },
    measuredHours: { max_requested_used: 24, granted: 24 },
  }
}
const days = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `2026-12-${String(from + i).padStart(2, '0')}`)

describe("a month's statement", () => {
  it('prices each day by the card in force that day and adds the rounded lines up', () => {
    const usage = [
      ...days(1, 31).map((d) => cpuDay('p-a', d, 2n)),
      ...days(1, 31).map((d) => cpuDay('p-b', d, 1n)),
      ...days(1, 31).map((d) => ({
        agencyId: 'so-khcn',
        projectId: 'p-b',
        resource: 'objectStorage' as const,
        day: d,
        hours: 24,
        sums: { used: 24n * 10n * GIB },
        measuredHours: { used: d === '2026-12-31' ? 20 : 24 },
      })),
    ]
    const result = computeStatement('so-khcn', '2026-12-01', usage, CARDS)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    // p-a: 2 vCPU × 24 h × (14 days × 320 + 17 days × 500) = 48 × 12.980 = 623.040 đ.
    expect(result.value.projects[0]).toEqual({
      projectId: 'p-a',
      lines: [
        {
          resource: 'cpu',
          amount: 623_040n,
          quantityHours: 2n * 1000n * 744n,
          unmeasuredHours: 0,
          basis: 'max_requested_used',
          cards: ['2026-01-01', '2026-12-15'],
          // Estimated apart (statementFootprint), then stored with the version.
          footprint: null,
        },
      ],
      total: 623_040n,
    })
    // p-b: 311.520 đ of CPU and 10 GiB kept the whole month at 744 đ = 7.440 đ, 4 hours unmeasured.
    expect(result.value.projects[1]?.lines.map((l) => [l.resource, l.amount, l.unmeasuredHours])).toEqual([
      ['cpu', 311_520n, 0],
      ['objectStorage', 7440n, 4],
    ])
    expect(result.value.total).toBe(623_040n + 311_520n + 7440n)
  })

  it('gives the same đồng from daily sums as from the hours', () => {
    const hours: HourQuantities[] = Array.from({ length: 744 }, (_, i) => ({
      hour: new Date(Date.parse('2026-11-30T17:00:00Z') + i * 3_600_000),
      granted: 4000n,
      requested: 1500n,
      used: i % 3 === 0 ? 1700n : 300n,
    }))
    const byDay = new Map<string, bigint>()
    for (const h of hours) {
      const day = new Date(h.hour.getTime() + 7 * 3_600_000).toISOString().slice(0, 10)
      const q = h.used! > h.requested! ? h.used! : h.requested!
      byDay.set(day, (byDay.get(day) ?? 0n) + q)
    }
    const usage = [...byDay].map(([day, sum]) => ({
      ...cpuDay('p-a', day, 0n),
      sums: { max_requested_used: sum },
    }))
    const statement = computeStatement('so-khcn', '2026-12-01', usage, CARDS)
    const hourly = priceHours('cpu', hours, CARDS)
    expect(statement.ok && statement.value.total).toBe(hourly.ok && hourly.value.amount)
  })

  it("keeps to the agency and the month, and refuses sums that lack the card's basis", () => {
    const usage = [
      cpuDay('p-a', '2026-11-30', 5n),
      cpuDay('p-x', '2026-12-02', 5n, 'so-tc'),
      cpuDay('p-a', '2026-12-02', 1n),
    ]
    const result = computeStatement('so-khcn', '2026-12-01', usage, CARDS)
    expect(result.ok && result.value.projects.map((p) => [p.projectId, p.total])).toEqual([['p-a', 7680n]])
    // Sums without the card's basis (here only what was granted) are refused, never priced as zero.
    const rollup = { ...cpuDay('p-a', '2026-12-02', 1n), sums: { granted: 1n } }
    const refused = computeStatement('so-khcn', '2026-12-01', [rollup], CARDS)
    expect(refused.ok ? null : refused.error).toEqual({
      code: 'statement.basis_not_summed',
      params: { resource: 'cpu', basis: 'max_requested_used' },
    })
  })

  it('closes after the local month ends and its late pass, and says what a correction changes', () => {
    expect(closesAt('2026-12-01', 2 * 3_600_000).toISOString()).toBe('2026-12-31T19:00:00.000Z')
    const closed = computeStatement('so-khcn', '2026-12-01', [cpuDay('p-a', '2026-12-02', 1n)], CARDS)
    const corrected = computeStatement(
      'so-khcn',
      '2026-12-01',
      [cpuDay('p-a', '2026-12-02', 2n), cpuDay('p-b', '2026-12-03', 1n)],
      CARDS,
    )
    if (!closed.ok || !corrected.ok) throw new Error('both compute')
    expect(statementChanges(closed.value, corrected.value).map((c) => [c.projectId, c.before, c.after])).toEqual([
      ['p-a', 7680n, 15_360n],
      ['p-b', 0n, 7680n],
    ])
    expect(statementChanges(closed.value, closed.value)).toEqual([])
  })

  it('lists a correction that moves the quantity or the unmeasured hours but not the đồng, and a line gone', () => {
    const day = cpuDay('p-a', '2026-12-02', 1n)
    // One millicore-hour more: 0,32 đ, which rounds to the same 7.680 đ; the quantity still moves.
    const more = { ...day, sums: { ...day.sums, max_requested_used: day.sums.max_requested_used! + 1n } }
    const unmeasured = { ...day, measuredHours: { ...day.measuredHours, max_requested_used: 23 } }
    const closed = computeStatement('so-khcn', '2026-12-01', [day, cpuDay('p-b', '2026-12-02', 1n)], CARDS)
    const [a, b] = [[more], [unmeasured]].map((usage) => computeStatement('so-khcn', '2026-12-01', usage, CARDS))
    if (!closed.ok || !a?.ok || !b?.ok) throw new Error('all compute')
    expect(statementChanges(closed.value, a.value)).toEqual([
      {
        projectId: 'p-a',
        resource: 'cpu',
        before: 7680n,
        after: 7680n,
        quantityHoursBefore: 24_000n,
        quantityHoursAfter: 24_001n,
        unmeasuredHoursBefore: 0,
        unmeasuredHoursAfter: 0,
        footprintBefore: null,
        footprintAfter: null,
      },
      {
        projectId: 'p-b',
        resource: 'cpu',
        before: 7680n,
        after: 0n,
        quantityHoursBefore: 24_000n,
        quantityHoursAfter: 0n,
        unmeasuredHoursBefore: 0,
        unmeasuredHoursAfter: 0,
        footprintBefore: null,
        // A line gone has no energy left.
        footprintAfter: { energyWh: 0n, co2eGrams: 0n },
      },
    ])
    expect(statementChanges(closed.value, b.value).map((c) => [c.projectId, c.unmeasuredHoursAfter])).toEqual([
      ['p-a', 1],
      ['p-b', 0],
    ])
  })

  it('lists a line whose stored energy or emissions alone moved, and not one that gained figures it lacked', () => {
    const closed = computeStatement('so-khcn', '2026-12-01', [cpuDay('p-a', '2026-12-02', 1n)], CARDS)
    if (!closed.ok) throw new Error('computes')
    const at = (energyWh: bigint, co2eGrams: bigint) =>
      withFootprint(closed.value, new Map([['p-a|cpu', { energyWh, co2eGrams }]]))
    expect(statementChanges(at(100n, 66n), at(100n, 67n)).map((c) => [c.footprintBefore, c.footprintAfter])).toEqual([
      [
        { energyWh: 100n, co2eGrams: 66n },
        { energyWh: 100n, co2eGrams: 67n },
      ],
    ])
    expect(statementChanges(at(100n, 66n), at(100n, 66n))).toEqual([])
    // A version closed before figures were stored (null) is not corrected only to add them.
    expect(statementChanges(closed.value, at(100n, 66n))).toEqual([])
    expect(statementChanges(at(100n, 66n), withFootprint(closed.value, null))).toEqual([])
  })
})
