// Fixed-scale decimals for prices and coefficients: the text `412.5` with scale 4 is the integer
// 4125000 (ten-thousandths). Money is never a float; neither are the figures it is computed from.
// People type with their language's separators (`412,5` in Vietnamese); the API and the database
// use a dot and no grouping.
import { err, ok, type Result } from './errors'
import { parseLocaleDigits, type NumberSymbols } from './human-quantity'

/** How the API, the database and the seed write decimals. */
export const MACHINE_SYMBOLS: NumberSymbols = { group: '', decimal: '.' }

/** The largest scaled value kept: PostgreSQL's BIGINT. */
const MAX_SCALED = 2n ** 63n - 1n

/**
 * Reads a non-negative decimal with at most `scale` fractional digits into an integer of
 * 10^-scale units. Refuses signs, more digits than the scale (never rounds what a person typed)
 * and values past BIGINT.
 */
export function parseScaledDecimal(input: string, scale: number, symbols: NumberSymbols): Result<bigint> {
  const text = input.normalize('NFKC').trim()
  if (text === '') return err('decimal.empty', {})
  if (text.startsWith('-')) return err('decimal.negative', { input: text })
  if (text.length > 40) return err('decimal.malformed', { input: text.slice(0, 20) })
  const digits = /^[\d.,]+$/.test(text) ? parseLocaleDigits(text, symbols) : null
  if (digits === null) return err('decimal.malformed', { input: text })
  const shift = scale + digits.exp10
  if (shift < 0) {
    const divisor = 10n ** BigInt(-shift)
    if (digits.mantissa % divisor !== 0n) return err('decimal.too_precise', { input: text, scale })
    return ok(digits.mantissa / divisor)
  }
  const value = digits.mantissa * 10n ** BigInt(shift)
  if (value > MAX_SCALED) return err('decimal.overflow', { input: text })
  return ok(value)
}

/** Writes a scaled integer back as machine text with no trailing zeros: 4125000n, 4 → `412.5`. */
export function formatScaledDecimal(value: bigint, scale: number): string {
  const sign = value < 0n ? '-' : ''
  const digits = (value < 0n ? -value : value).toString().padStart(scale + 1, '0')
  const integer = digits.slice(0, digits.length - scale)
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '')
  return fraction === '' ? `${sign}${integer}` : `${sign}${integer}.${fraction}`
}

/** n / d rounded to the nearest integer, halves away from zero (d > 0, n ≥ 0 for money). */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive') // a programming error
  const negative = numerator < 0n
  const magnitude = negative ? -numerator : numerator
  const rounded = (2n * magnitude + denominator) / (2n * denominator)
  return negative ? -rounded : rounded
}
