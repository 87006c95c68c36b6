import { describe, expect, it } from 'vitest'
import { formatScaledDecimal, MACHINE_SYMBOLS, parseScaledDecimal, roundHalfUp } from './decimal'

const VI = { group: '.', decimal: ',' }
const EN = { group: ',', decimal: '.' }

describe('fixed-scale decimals', () => {
  it('reads a price in each format into ten-thousandths, exactly', () => {
    expect(parseScaledDecimal('412.5', 4, MACHINE_SYMBOLS)).toEqual({ ok: true, value: 4_125_000n })
    expect(parseScaledDecimal('412,5', 4, VI)).toEqual({ ok: true, value: 4_125_000n })
    expect(parseScaledDecimal('1.250', 4, VI)).toEqual({ ok: true, value: 12_500_000n })
    expect(parseScaledDecimal('1,250.0001', 4, EN)).toEqual({ ok: true, value: 12_500_001n })
    expect(parseScaledDecimal(' 0 ', 4, MACHINE_SYMBOLS)).toEqual({ ok: true, value: 0n })
    expect(parseScaledDecimal('0.000001', 6, MACHINE_SYMBOLS)).toEqual({ ok: true, value: 1n })
  })

  it('refuses what it would have to guess or round', () => {
    const code = (text: string, symbols = MACHINE_SYMBOLS) => {
      const result = parseScaledDecimal(text, 4, symbols)
      return result.ok ? null : result.error.code
    }
    expect(code('')).toBe('decimal.empty')
    expect(code('-1')).toBe('decimal.negative')
    expect(code('1.00001')).toBe('decimal.too_precise')
    expect(code('1e3')).toBe('decimal.malformed')
    expect(code('1.2.3')).toBe('decimal.malformed')
    expect(code('12,5')).toBe('decimal.malformed') // a comma is not the API's separator
    expect(code('1.5', VI)).toBe('decimal.malformed') // in Vietnamese a dot groups thousands
    expect(code('99999999999999999999')).toBe('decimal.overflow')
    expect(code('1.0000')).toBeNull() // trailing zeros within the scale are fine
  })

  it('writes values back without trailing zeros', () => {
    expect(formatScaledDecimal(4_125_000n, 4)).toBe('412.5')
    expect(formatScaledDecimal(5n, 4)).toBe('0.0005')
    expect(formatScaledDecimal(0n, 4)).toBe('0')
    expect(formatScaledDecimal(659_200n, 6)).toBe('0.6592')
  })

  it('rounds halves up and everything else to the nearest', () => {
    expect(roundHalfUp(5n, 10n)).toBe(1n)
    expect(roundHalfUp(15n, 10n)).toBe(2n) // not to even: 1,5 đồng is 2 đồng
    expect(roundHalfUp(25n, 10n)).toBe(3n)
    expect(roundHalfUp(4999n, 10_000n)).toBe(0n)
    expect(roundHalfUp(5001n, 10_000n)).toBe(1n)
    expect(roundHalfUp(0n, 7n)).toBe(0n)
    expect(() => roundHalfUp(1n, 0n)).toThrow(RangeError)
  })
})
