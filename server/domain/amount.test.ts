import { describe, expect, it } from 'vitest'
import { checkAmount, divide, MAX_AMOUNT, mulRatio, ratio } from './amount'

describe('checked arithmetic', () => {
  it('accepts amounts from zero to the PostgreSQL BIGINT maximum', () => {
    expect(MAX_AMOUNT).toBe(9223372036854775807n)
    expect(checkAmount(0n)).toEqual({ ok: true, value: 0n })
    expect(checkAmount(MAX_AMOUNT)).toEqual({ ok: true, value: MAX_AMOUNT })
  })

  it('refuses negative and overflowing results with their codes', () => {
    const negative = checkAmount(-1n)
    expect(negative.ok).toBe(false)
    if (!negative.ok) expect(negative.error).toEqual({ code: 'amount.below_zero', params: { amount: '-1' } })
    const over = checkAmount(MAX_AMOUNT + 1n)
    expect(over.ok).toBe(false)
    if (!over.ok) expect(over.error.code).toBe('amount.overflow')
  })
})

describe('ratios and rounding', () => {
  it('builds ratios from integers and refuses the rest', () => {
    expect(ratio(4, 1)).toEqual({ ok: true, value: { numerator: 4n, denominator: 1n } })
    expect(ratio(3n, 2n)).toEqual({ ok: true, value: { numerator: 3n, denominator: 2n } })
    for (const [n, d] of [
      [1, 0],
      [-1, 1],
      [1, -2],
      [1.5, 1],
      [1, Number.NaN],
    ] as const) {
      const result = ratio(n, d)
      expect(result.ok, `${n}/${d}`).toBe(false)
      if (!result.ok) expect(result.error.code).toBe('ratio.invalid')
    }
  })

  it('divides with an explicit direction, for both signs', () => {
    expect(divide(7n, 2n, 'floor')).toBe(3n)
    expect(divide(7n, 2n, 'ceil')).toBe(4n)
    expect(divide(-7n, 2n, 'floor')).toBe(-4n)
    expect(divide(-7n, 2n, 'ceil')).toBe(-3n)
    expect(divide(7n, -2n, 'floor')).toBe(-4n)
    expect(divide(8n, 2n, 'ceil')).toBe(4n)
    expect(() => divide(1n, 0n, 'floor')).toThrow(RangeError)
  })

  it('multiplies by a ratio exactly', () => {
    const third = { numerator: 1n, denominator: 3n }
    expect(mulRatio(10n, third, 'floor')).toBe(3n)
    expect(mulRatio(10n, third, 'ceil')).toBe(4n)
    expect(mulRatio(2n ** 62n, { numerator: 3n, denominator: 2n }, 'floor')).toBe(3n * 2n ** 61n)
    expect(mulRatio(64000n, { numerator: 4n, denominator: 1n }, 'floor')).toBe(256000n)
  })
})
