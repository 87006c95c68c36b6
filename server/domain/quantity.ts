// Kubernetes quantities (`500m`, `4Gi`, `1.5`, `1e3`) parsed into exact canonical amounts and
// written back canonically. Kubernetes itself silently rounds `0.5m` up to `1m`; the console
// refuses instead, because a quota that differs from what was approved is a quota nobody asked for.
import { MAX_AMOUNT } from './amount'
import { err, ok, type DomainErrorCode, type Result } from './errors'

/** The canonical unit of an amount: CPU in millicores, memory and storage in bytes, else counts. */
export type UnitKind = 'millicores' | 'bytes' | 'count'

/** Longer inputs are refused before any arithmetic so that `1e999999999` costs nothing. */
const MAX_INPUT_LENGTH = 100

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
}

const BINARY_SUFFIXES: Readonly<Record<string, number>> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
}

/** Scale from the quantity's base unit (cores, bytes, items) to the canonical unit. */
const CANONICAL_EXP10: Readonly<Record<UnitKind, number>> = { millicores: 3, bytes: 0, count: 0 }

const FRACTIONAL_CODE: Readonly<Record<UnitKind, DomainErrorCode>> = {
  millicores: 'quantity.cpu_sub_millicore',
  bytes: 'quantity.bytes_fractional',
  count: 'quantity.count_fractional',
}

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(.*)$/
const EXPONENT = /^[eE]([+-]?\d+)$/

/**
 * An exact decimal with a power-of-two factor: mantissa × 10^exp10 × 2^exp2. Every quantity
 * Kubernetes accepts has this shape, so nothing is ever approximated.
 */
export interface ExactDecimal {
  readonly negative: boolean
  readonly mantissa: bigint
  readonly exp10: number
  readonly exp2: number
}

/**
 * Converts an exact decimal (already in the canonical unit's scale) to an integer amount, or
 * says why not: not whole, or too large for the ledger.
 */
export function toCanonicalAmount(value: ExactDecimal, unit: UnitKind, input: string): Result<bigint> {
  if (value.mantissa === 0n) return ok(0n) // `-0` and `0.000Gi` are plain zero
  if (value.negative) return err('quantity.negative', { input })
  // The mantissa has at most MAX_INPUT_LENGTH digits, so beyond these bounds the answer is
  // known without computing a huge power.
  if (value.exp10 > 40) return err('quantity.overflow', { input })
  if (value.exp10 < -(MAX_INPUT_LENGTH + 40)) return err(FRACTIONAL_CODE[unit], { input })
  const scaled = value.mantissa * 2n ** BigInt(value.exp2)
  let amount: bigint
  if (value.exp10 >= 0) {
    amount = scaled * 10n ** BigInt(value.exp10)
  } else {
    const divisor = 10n ** BigInt(-value.exp10)
    if (scaled % divisor !== 0n) return err(FRACTIONAL_CODE[unit], { input })
    amount = scaled / divisor
  }
  if (amount > MAX_AMOUNT) return err('quantity.overflow', { input })
  return ok(amount)
}

/** Splits `12.50` into an integer mantissa and a power of ten: 1250 × 10^-2. */
export function decimalDigits(integer: string, fraction: string): { mantissa: bigint; exp10: number } {
  return { mantissa: BigInt(`${integer}${fraction}` || '0'), exp10: -fraction.length }
}

/** Parses a Kubernetes quantity into an exact amount in the given canonical unit. */
export function parseQuantity(input: string, unit: UnitKind): Result<bigint> {
  // Surrounding blanks are a copy-paste accident, not a different quantity; inner ones are not.
  const text = input.trim()
  if (text === '') return err('quantity.empty', {})
  if (text.length > MAX_INPUT_LENGTH) return err('quantity.malformed', { input: text.slice(0, 20) })
  const match = QUANTITY.exec(text)
  if (match === null) return err('quantity.malformed', { input: text })
  const [, sign = '', number = '', suffix = ''] = match
  const [integer = '', fraction = ''] = number.split('.')
  const digits = decimalDigits(integer, fraction)

  let exp10 = digits.exp10 + CANONICAL_EXP10[unit]
  let exp2 = 0
  const decimal = DECIMAL_SUFFIXES[suffix]
  const binary = BINARY_SUFFIXES[suffix]
  const exponent = EXPONENT.exec(suffix)
  if (decimal !== undefined) {
    exp10 += decimal
  } else if (binary !== undefined) {
    exp2 = binary
  } else if (exponent !== null) {
    const power = BigInt(exponent[1] ?? '0')
    // Clamp: anything past ±1000 is decided by the bounds in toCanonicalAmount anyway.
    exp10 += Number(power > 1000n ? 1000n : power < -1000n ? -1000n : power)
  } else {
    return err('quantity.malformed', { input: text })
  }
  return toCanonicalAmount({ negative: sign === '-', mantissa: digits.mantissa, exp10, exp2 }, unit, text)
}

/** `500m` → 500n, `1.5` → 1500n, `2` → 2000n millicores. */
export function parseCpu(input: string): Result<bigint> {
  return parseQuantity(input, 'millicores')
}

/** `4Gi` → 4294967296n, `1G` → 1000000000n bytes. */
export function parseBytes(input: string): Result<bigint> {
  return parseQuantity(input, 'bytes')
}

/** `10` → 10n; `1.5` is refused (there is no half a pod). */
export function parseCount(input: string): Result<bigint> {
  return parseQuantity(input, 'count')
}

const BINARY_DESCENDING = Object.entries(BINARY_SUFFIXES).sort((a, b) => b[1] - a[1])
const DECIMAL_DESCENDING = Object.entries(DECIMAL_SUFFIXES)
  .filter(([, power]) => power > 0)
  .sort((a, b) => b[1] - a[1])

/**
 * Writes an amount as a Kubernetes quantity that means exactly that amount: `1500m`, `2`,
 * `4Gi`, `1G`, `10`. Bytes prefer the largest binary suffix that divides exactly, then a
 * decimal one, then plain bytes; CPU is whole cores when it can be, else millicores.
 */
export function formatK8sQuantity(amount: bigint, unit: UnitKind): string {
  const sign = amount < 0n ? '-' : ''
  const magnitude = amount < 0n ? -amount : amount
  if (magnitude === 0n) return '0'
  if (unit === 'millicores') {
    return magnitude % 1000n === 0n ? `${sign}${magnitude / 1000n}` : `${sign}${magnitude}m`
  }
  if (unit === 'bytes') {
    for (const [suffix, power] of BINARY_DESCENDING) {
      const size = 2n ** BigInt(power)
      if (magnitude % size === 0n) return `${sign}${magnitude / size}${suffix}`
    }
    for (const [suffix, power] of DECIMAL_DESCENDING) {
      const size = 10n ** BigInt(power)
      if (magnitude % size === 0n) return `${sign}${magnitude / size}${suffix}`
    }
  }
  return `${sign}${magnitude}`
}
