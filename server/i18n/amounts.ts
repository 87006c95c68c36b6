// Amounts as people read them in the console: `1,5 TiB` in Vietnamese, `1.5 TiB` in English,
// `2 vCPU`, `1.000`. Exact amounts go to Intl as decimal strings, never through a float. The
// domain parses what people type (server/domain/human-quantity.ts); what is shown here with
// `exact: true` parses back to the same amount.
import { BINARY_UNITS, type ByteUnit } from '../domain/human-quantity'
import type { UnitKind } from '../domain/quantity'
import { formatNumber, UNIT_SPACE, type Locale } from './format'

/**
 * The exact decimal expansion of value / 2^power as a string (`1.5`): finite, because dividing
 * by a power of two needs at most `power` decimal places. Lets Intl round without floats.
 */
export function binaryQuotient(value: bigint, power: number): `${number}` {
  const negative = value < 0n
  const magnitude = negative ? -value : value
  const size = 2n ** BigInt(power)
  const whole = magnitude / size
  const remainder = magnitude % size
  const sign = negative ? '-' : ''
  if (remainder === 0n) return `${sign}${whole}` as `${number}`
  // remainder / 2^p = remainder × 5^p / 10^p
  const fraction = (remainder * 5n ** BigInt(power)).toString().padStart(power, '0')
  return `${sign}${whole}.${fraction.replace(/0+$/, '')}` as `${number}`
}

/** value / 10^power as an exact decimal string (`1.5` for 1500 millicores). */
export function decimalQuotient(value: bigint, power: number): `${number}` {
  const negative = value < 0n
  const magnitude = (negative ? -value : value).toString().padStart(power + 1, '0')
  const whole = magnitude.slice(0, magnitude.length - power)
  const fraction = magnitude.slice(magnitude.length - power).replace(/0+$/, '')
  const sign = negative ? '-' : ''
  return (fraction === '' ? `${sign}${whole}` : `${sign}${whole}.${fraction}`) as `${number}`
}

/** The largest binary unit not bigger than the amount (B for zero and tiny amounts). */
export function bestByteUnit(bytes: bigint): ByteUnit {
  const magnitude = bytes < 0n ? -bytes : bytes
  let best: ByteUnit = 'B'
  for (const [name, power] of BINARY_UNITS) {
    if (magnitude >= 2n ** BigInt(power)) best = name
  }
  return best
}

export interface FormatOptions {
  /** Default 2 for bytes. Use `exact: true` when the text will be edited and parsed again. */
  readonly maximumFractionDigits?: number
  readonly exact?: boolean
}

/** Bytes in a fixed unit: `formatBytesAs(1610612736n, 'GiB', 'vi')` → `1,5 GiB`. */
export function formatBytesAs(bytes: bigint, unit: ByteUnit, locale: Locale, options: FormatOptions = {}): string {
  const power = BINARY_UNITS.find(([name]) => name === unit)?.[1] ?? 0
  const number = formatNumber(binaryQuotient(bytes, power), locale, {
    maximumFractionDigits: options.maximumFractionDigits ?? 2,
    exact: options.exact === true,
  })
  return `${number}${UNIT_SPACE}${unit}`
}

/** Bytes in the largest fitting binary unit, rounded for reading: `1,5 TiB` / `1.5 TiB`. */
export function formatBytes(bytes: bigint, locale: Locale, options: FormatOptions = {}): string {
  return formatBytesAs(bytes, bestByteUnit(bytes), locale, options)
}

/** Millicores as vCPU, always exact (three decimals at most): `1,5 vCPU`, `0,25 vCPU`. */
export function formatCpu(millicores: bigint, locale: Locale): string {
  const number = formatNumber(decimalQuotient(millicores, 3), locale, { maximumFractionDigits: 3 })
  return `${number}${UNIT_SPACE}vCPU`
}

/** A count with the locale's grouping: `1.000` / `1,000`. */
export function formatCount(count: bigint, locale: Locale): string {
  return formatNumber(count, locale)
}

/** Formats an amount by its unit kind, for tables that mix resources. */
export function formatAmount(amount: bigint, unit: UnitKind, locale: Locale, options: FormatOptions = {}): string {
  if (unit === 'bytes') return formatBytes(amount, locale, options)
  if (unit === 'millicores') return formatCpu(amount, locale)
  return formatCount(amount, locale)
}
