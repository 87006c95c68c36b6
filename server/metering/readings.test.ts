import { describe, expect, it } from 'vitest'
import { averageMillicores, readingOf, skewedKeys } from './readings'

describe('readings from the store', () => {
  it('rounds a believable value to a whole canonical unit', () => {
    expect(readingOf(1234.5, 10_000n)).toEqual({ value: 1235n })
    expect(readingOf(0, null)).toEqual({ value: 0n })
  })

  it('says "not measured" for no samples, and refuses NaN, infinities, negatives and the absurd with a reason', () => {
    expect(readingOf(undefined, 1n)).toEqual({ value: null, refusal: null })
    expect(readingOf(Number.NaN, null)).toEqual({ value: null, refusal: 'not_a_number' })
    expect(readingOf(Number.POSITIVE_INFINITY, null)).toEqual({ value: null, refusal: 'not_a_number' })
    expect(readingOf(-1, null)).toEqual({ value: null, refusal: 'negative' })
    // Ten times the physical capacity is the line: at it believed, past it refused.
    expect(readingOf(100_000, 10_000n)).toEqual({ value: 100_000n })
    expect(readingOf(100_001, 10_000n)).toEqual({ value: null, refusal: 'over_capacity' })
  })

  it("turns an hour's CPU seconds into the hour's average millicores", () => {
    expect(averageMillicores(1800)).toBe(500)
    expect(averageMillicores(undefined)).toBeUndefined()
  })

  it('names the senders whose newest sample lies in the future beyond the tolerance', () => {
    const now = new Date('2026-12-06T10:00:00Z')
    const last = new Map([
      ['on-time', now.getTime() - 15_000],
      ['a-little-ahead', now.getTime() + 60_000],
      ['an-hour-ahead', now.getTime() + 3_600_000],
    ])
    expect(skewedKeys(last, now, 120_000)).toEqual(new Set(['an-hour-ahead']))
  })
})
