import { describe, expect, it } from 'vitest'
import { chargedQuantity, exactLineCost, lineAmount, priceHours, type HourQuantities } from './pricing'
import { PRICE_ONE, type ChargeBasis, type RateCard } from './rate-card'
import type { ResourceKey } from './resources'

const GIB = 2n ** 30n
const HOUR = 3_600_000

function card(
  effectiveFrom: string,
  prices: Partial<Record<ResourceKey, [price: string, basis: ChargeBasis]>>,
): RateCard {
  return {
    effectiveFrom,
    prices: (Object.entries(prices) as [ResourceKey, [string, ChargeBasis]][]).map(([resource, [price, basis]]) => ({
      resource,
      // Test prices have at most four decimals, so this product is a whole number of ten-thousandths.
      price: BigInt(Math.round(Number(price) * 10_000)),
      basis,
    })),
  }
}

function hours(from: string, count: number, q: Partial<Omit<HourQuantities, 'hour'>>): HourQuantities[] {
  const start = Date.parse(from)
  return Array.from({ length: count }, (_, i) => ({
    hour: new Date(start + i * HOUR),
    granted: q.granted ?? null,
    requested: q.requested ?? null,
    used: q.used ?? null,
  }))
}

const amount = (result: ReturnType<typeof priceHours>) => (result.ok ? result.value.amount : result.error.code)

describe('the charged quantity of an hour', () => {
  const hour = { hour: new Date(0), granted: 2000n, requested: 500n, used: 800n }
  it('takes what the basis says, max(requested, used) as OpenCost allocates', () => {
    expect(chargedQuantity('granted', hour)).toEqual({ quantity: 2000n, measured: true })
    expect(chargedQuantity('used', hour)).toEqual({ quantity: 800n, measured: true })
    expect(chargedQuantity('max_requested_used', hour)).toEqual({ quantity: 800n, measured: true })
    expect(chargedQuantity('max_requested_used', { ...hour, used: 100n })).toEqual({ quantity: 500n, measured: true })
  })
  it('never takes "not measured" for zero use: it says the figure is a lower bound', () => {
    expect(chargedQuantity('max_requested_used', { ...hour, used: null })).toEqual({ quantity: 500n, measured: false })
    expect(chargedQuantity('used', { ...hour, used: null })).toEqual({ quantity: 0n, measured: false })
    expect(chargedQuantity('max_requested_used', { ...hour, requested: null })).toEqual({
      quantity: 800n,
      measured: true,
    })
  })
})

describe('the cost of a line', () => {
  const base = card('2026-01-01', {
    cpu: ['412.5', 'max_requested_used'],
    'volume:standard': ['1488', 'max_requested_used'],
  })

  it('charges a day of one occupied vCPU at 412,5 đ per vCPU-hour exactly', () => {
    const day = hours('2026-12-01T00:00:00Z', 24, { requested: 1000n, used: 300n })
    expect(priceHours('cpu', day, [base])).toEqual({
      ok: true,
      value: { resource: 'cpu', amount: 9900n, quantityHours: 24_000n, hours: 24, unmeasuredHours: 0 },
    })
  })

  it('prices each side of a card change by its own card (the change is at 17:00 UTC)', () => {
    const later = card('2026-12-15', { cpu: ['500', 'max_requested_used'] })
    const across = hours('2026-12-14T15:00:00Z', 4, { requested: 1000n, used: 0n })
    // 15:00 and 16:00 UTC are 14 December local (412,5 each); 17:00 and 18:00 are 15 December (500 each).
    expect(amount(priceHours('cpu', across, [later, base]))).toBe(1825n)
  })

  it('divides a GiB-month by the hours of the local month each hour falls in', () => {
    const gib = { requested: GIB, used: null }
    // A whole local December (744 h) and a whole local November (720 h) each cost the monthly price.
    expect(amount(priceHours('volume:standard', hours('2026-11-30T17:00:00Z', 744, gib), [base]))).toBe(1488n)
    expect(amount(priceHours('volume:standard', hours('2026-10-31T17:00:00Z', 720, gib), [base]))).toBe(1488n)
    // The hour 16:00 UTC on 30 November is November's (1488/720); 17:00 is December's (1488/744 = 2).
    const exact = exactLineCost('volume:standard', [
      { quantityHours: GIB, price: 1488n * PRICE_ONE, monthHours: 720 },
      { quantityHours: GIB, price: 1488n * PRICE_ONE, monthHours: 744 },
    ])
    expect(exact.numerator * 720n).toBe(exact.denominator * (1488n + 2n * 720n)) // 2,0667 + 2 đồng
    expect(amount(priceHours('volume:standard', hours('2026-11-30T16:00:00Z', 2, gib), [base]))).toBe(4n)
  })

  it('rounds once per line, half up, not once per hour', () => {
    const half = card('2026-01-01', { cpu: ['0.5', 'used'] })
    // Three vCPU-hours at 0,5 đ: 1,5 đ → 2 đ (per-hour rounding would say 3 đ).
    expect(amount(priceHours('cpu', hours('2026-12-01T00:00:00Z', 3, { used: 1000n }), [half]))).toBe(2n)
    const third = card('2026-01-01', { cpu: ['0.1666', 'used'] })
    expect(amount(priceHours('cpu', hours('2026-12-01T00:00:00Z', 3, { used: 1000n }), [third]))).toBe(0n) // 0,4998
    const over = card('2026-01-01', { cpu: ['0.1667', 'used'] })
    expect(amount(priceHours('cpu', hours('2026-12-01T00:00:00Z', 3, { used: 1000n }), [over]))).toBe(1n) // 0,5001
  })

  it('gives the same amount from daily sums as from the hours (rollups price alike)', () => {
    const many = hours('2026-12-01T00:00:00Z', 72, { requested: 750n, used: 333n })
    const hourly = priceHours('cpu', many, [base])
    expect(hourly.ok && hourly.value.amount).toBe(
      lineAmount('cpu', [{ quantityHours: 72n * 750n, price: 4_125_000n, monthHours: 744 }]),
    )
  })

  it('counts unmeasured hours and charges what was known', () => {
    const usedCard = card('2026-01-01', { objectStorage: ['744', 'used'] })
    const series = [...hours('2026-12-01T00:00:00Z', 2, { used: GIB }), ...hours('2026-12-01T02:00:00Z', 1, {})]
    const priced = priceHours('objectStorage', series, [usedCard])
    expect(priced.ok && priced.value).toMatchObject({ amount: 2n, hours: 3, unmeasuredHours: 1 })
  })

  it('refuses hours before the first card and resources the card does not price', () => {
    expect(amount(priceHours('cpu', hours('2025-12-31T16:00:00Z', 1, { used: 1n }), [base]))).toBe(
      'rate_card.none_in_force',
    )
    expect(amount(priceHours('memory', hours('2026-12-01T00:00:00Z', 1, { used: 1n }), [base]))).toBe(
      'rate_card.resource_unpriced',
    )
  })
})
