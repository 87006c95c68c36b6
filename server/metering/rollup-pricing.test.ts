// The metering's day rollups priced by the statement (decisions 0047 and 0048): a month whose
// hours have the request above the use in some, the use above the request in others, no use or
// nothing at all in others, and corrections up and down, priced from the rollups the deltas build
// equals the same hours priced one by one.
import { describe, expect, it } from 'vitest'
import { localDateOf } from '../domain/local-calendar'
import { estimateFootprint, type FootprintCoefficients } from '../domain/footprint'
import { priceHours, type HourQuantities } from '../domain/pricing'
import type { RateCard } from '../domain/rate-card'
import { computeStatement, dailyUsageOf, statementFootprint, type DayRollup } from '../domain/statement'
import { planRevision, type HourValues, type RecordedHour } from './plan'

const CARDS: RateCard[] = [
  { effectiveFrom: '2026-01-01', prices: [{ resource: 'cpu', price: 3_200_000n, basis: 'max_requested_used' }] },
  { effectiveFrom: '2026-12-15', prices: [{ resource: 'cpu', price: 5_012_345n, basis: 'max_requested_used' }] },
]
const COEFFICIENTS = (effectiveFrom: string, pue: bigint): FootprintCoefficients => ({
  effectiveFrom,
  minWattsPerVcpu: 740_000n,
  maxWattsPerVcpu: 3_500_000n,
  fallbackCpuUtilisation: 500_000n,
  memoryWhPerGibHour: 392_000n,
  ssdWhPerTbHour: 1_200_000n,
  hddWhPerTbHour: 650_000n,
  pue,
  gridKgCo2ePerKwh: 659_200n,
  media: [],
})
const DECEMBER = Date.parse('2026-11-30T17:00:00Z')

/** Hour i's first reading and, for some hours, a later correction. */
function readings(i: number): HourValues[] {
  const base = { granted: 4000n, usedPeak: null, refusal: null }
  const requested = i % 5 === 0 ? null : 1500n
  const used = i % 7 === 0 ? null : i % 3 === 0 ? 1700n : 300n
  const first = { ...base, requested: i % 35 === 0 ? null : requested, used }
  if (i % 11 === 0)
    return [
      { ...first, used: null },
      { ...first, used: 2500n },
    ] // measured late, above
  if (i % 13 === 0)
    return [
      { ...first, used: 2000n },
      { ...first, used: 100n },
    ] // corrected down
  return [first]
}

/** The month's hours through plan.ts, each revision's delta added to its local day's rollup. */
function meterMonth(): { hours: HourQuantities[]; rollups: DayRollup[] } {
  const days = new Map<string, DayRollup>()
  const hours: HourQuantities[] = []
  for (let i = 0; i < 744; i++) {
    const hour = new Date(DECEMBER + i * 3_600_000)
    const day = localDateOf(hour)
    let current: RecordedHour | undefined
    for (const reading of readings(i)) {
      const planned = planRevision(current, reading)
      if (!planned) continue
      const d = planned.delta
      const was = days.get(day) ?? {
        agencyId: 'so-khcn',
        projectId: 'p-a',
        resource: 'cpu',
        day,
        hours: 0,
        grantedHours: 0,
        grantedSum: 0n,
        usedHours: 0,
        usedSum: 0n,
        maxRequestedUsedSum: 0n,
        unmeasuredRequestedSum: 0n,
      }
      days.set(day, {
        ...was,
        hours: was.hours + d.hours,
        grantedHours: was.grantedHours + d.grantedHours,
        grantedSum: was.grantedSum + d.grantedSum,
        usedHours: was.usedHours + d.usedHours,
        usedSum: was.usedSum + d.usedSum,
        maxRequestedUsedSum: was.maxRequestedUsedSum + d.maxRequestedUsedSum,
        unmeasuredRequestedSum: was.unmeasuredRequestedSum + d.unmeasuredRequestedSum,
      })
      current = { ...planned.values, revision: planned.revision }
    }
    hours.push({ hour, granted: current!.granted, requested: current!.requested, used: current!.used })
  }
  return { hours, rollups: [...days.values()] }
}

describe("a month priced from the metering's day rollups", () => {
  it('gives the đồng and the unmeasured hours of pricing the hours one by one', () => {
    const { hours, rollups } = meterMonth()
    expect(rollups).toHaveLength(31)
    const statement = computeStatement('so-khcn', '2026-12-01', rollups.map(dailyUsageOf), CARDS)
    const hourly = priceHours('cpu', hours, CARDS)
    if (!statement.ok || !hourly.ok) throw new Error('both price')
    const [line] = statement.value.projects[0]!.lines
    expect(line).toEqual({
      resource: 'cpu',
      amount: hourly.value.amount,
      quantityHours: hourly.value.quantityHours,
      unmeasuredHours: hourly.value.unmeasuredHours,
      basis: 'max_requested_used',
      cards: ['2026-01-01', '2026-12-15'],
      footprint: null,
    })
    expect(hourly.value.unmeasuredHours).toBeGreaterThan(0)
    // The month mixes both sides: the hours' maxima are neither sum alone.
    const used = rollups.reduce((sum, r) => sum + r.usedSum, 0n)
    expect(line!.quantityHours).toBeGreaterThan(used)
    expect(line!.quantityHours).toBeGreaterThan(hours.reduce((sum, h) => sum + (h.requested ?? 0n), 0n))
  })

  it('gives the energy and emissions of estimating the hours one by one, across a change of coefficients', () => {
    const { hours, rollups } = meterMonth()
    const versions = [COEFFICIENTS('2026-01-01', 1_600_000n), COEFFICIENTS('2026-12-10', 1_450_000n)]
    const byDay = statementFootprint('2026-12-01', rollups, versions)
    const hourly = estimateFootprint('cpu', hours, versions)
    if (!byDay.ok || !hourly.ok) throw new Error('both estimate')
    expect(byDay.value.get('p-a|cpu')).toEqual(hourly.value)
    // Hours without a measured use take the assumed utilisation: they are in the month.
    expect(rollups.reduce((sum, r) => sum + r.unmeasuredRequestedSum, 0n)).toBeGreaterThan(0n)
    expect(hourly.value.energyWh).toBeGreaterThan(0n)
  })
})
