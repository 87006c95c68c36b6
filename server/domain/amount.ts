// Exact integer arithmetic on amounts in canonical units (millicores, bytes, counts).
// Amounts are bigint because bytes of a storage pool pass 2^53 long before anyone notices, and
// a float that rounds a quota is a quota nobody can audit.
import { err, ok, type Result } from './errors'

/**
 * The largest amount the console accepts: PostgreSQL's BIGINT, where the ledger keeps amounts.
 * That is 8 EiB of bytes or 9.2 million million vCPU, far beyond any real pool, so hitting it
 * means a typo or an attack, never a real request.
 */
export const MAX_AMOUNT = 2n ** 63n - 1n

/** Accepts an amount in [0, MAX_AMOUNT]. */
export function checkAmount(value: bigint): Result<bigint> {
  if (value < 0n) return err('amount.below_zero', { amount: value.toString() })
  if (value > MAX_AMOUNT) return err('amount.overflow', { max: MAX_AMOUNT.toString() })
  return ok(value)
}

/** A non-negative rational, e.g. an overcommit of 4/1 for CPU. Integers only, never 1.5. */
export interface Ratio {
  readonly numerator: bigint
  readonly denominator: bigint
}

/** Builds a Ratio from integers (the database keeps them as Int): denominator > 0, numerator ≥ 0. */
export function ratio(numerator: number | bigint, denominator: number | bigint): Result<Ratio> {
  const asBig = (value: number | bigint): bigint | null => {
    if (typeof value === 'bigint') return value
    return Number.isSafeInteger(value) ? BigInt(value) : null
  }
  const num = asBig(numerator)
  const den = asBig(denominator)
  if (num === null || den === null || num < 0n || den <= 0n) {
    return err('ratio.invalid', { numerator: String(numerator), denominator: String(denominator) })
  }
  return ok({ numerator: num, denominator: den })
}

export type Rounding = 'floor' | 'ceil'

/** Division of integers rounded towards −∞ or +∞ (bigint `/` truncates towards zero). */
export function divide(dividend: bigint, divisor: bigint, rounding: Rounding): bigint {
  if (divisor === 0n) throw new RangeError('division by zero') // a programming error, not input
  const sign = divisor < 0n ? -1n : 1n
  const a = dividend * sign
  const b = divisor * sign
  const quotient = a / b
  const remainder = a % b
  if (remainder === 0n) return quotient
  if (rounding === 'floor') return a < 0n ? quotient - 1n : quotient
  return a > 0n ? quotient + 1n : quotient
}

/**
 * value × ratio with an explicit rounding direction. Capacity rounds down (never promise more
 * than the hardware has); a price or a reservation might round up. The caller says which.
 */
export function mulRatio(value: bigint, by: Ratio, rounding: Rounding): bigint {
  return divide(value * by.numerator, by.denominator, rounding)
}
