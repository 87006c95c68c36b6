// Amounts as people type and read them in the console: `1,5 TiB` in Vietnamese, `1.5 TiB` in
// English, `500 GiB`, `2 vCPU`. Parsing is exact (the digits become a bigint, never a float) and
// strict about the locale's separators: in Vietnamese `1.500` is one thousand five hundred, so
// `1.5` is refused with a hint rather than guessed.
import { formatNumber, numberSymbols, UNIT_SPACE, type Locale } from '../i18n/format'
import { err, type Result } from './errors'
import { decimalDigits, toCanonicalAmount, type UnitKind } from './quantity'

export type ByteUnit = 'B' | 'KiB' | 'MiB' | 'GiB' | 'TiB' | 'PiB' | 'EiB'

/** Binary units shown by the console, smallest first, with their power of two. */
const BINARY_UNITS: readonly (readonly [ByteUnit, number])[] = [
  ['B', 0],
  ['KiB', 10],
  ['MiB', 20],
  ['GiB', 30],
  ['TiB', 40],
  ['PiB', 50],
  ['EiB', 60],
]

/** Units accepted in human input (lower-cased): binary, their Kubernetes spellings, and SI. */
const BYTE_INPUT_UNITS: Readonly<Record<string, { exp10: number; exp2: number }>> = {
  b: { exp10: 0, exp2: 0 },
  kib: { exp10: 0, exp2: 10 },
  mib: { exp10: 0, exp2: 20 },
  gib: { exp10: 0, exp2: 30 },
  tib: { exp10: 0, exp2: 40 },
  pib: { exp10: 0, exp2: 50 },
  ki: { exp10: 0, exp2: 10 },
  mi: { exp10: 0, exp2: 20 },
  gi: { exp10: 0, exp2: 30 },
  ti: { exp10: 0, exp2: 40 },
  pi: { exp10: 0, exp2: 50 },
  kb: { exp10: 3, exp2: 0 },
  mb: { exp10: 6, exp2: 0 },
  gb: { exp10: 9, exp2: 0 },
  tb: { exp10: 12, exp2: 0 },
  pb: { exp10: 15, exp2: 0 },
}

/** CPU is typed in vCPU (cores); `m` lets an expert type millicores. */
const CPU_INPUT_UNITS: Readonly<Record<string, number>> = {
  '': 3,
  vcpu: 3,
  cpu: 3,
  core: 3,
  cores: 3,
  lõi: 3,
  m: 0,
}

/** Number, optional blanks, optional unit made of letters (the unit may carry diacritics). */
const HUMAN = /^([+-]?)([\d.,]*)\s*(\p{L}*)$/u

interface LocaleDigits {
  readonly mantissa: bigint
  readonly exp10: number
}

/**
 * Reads `1.234,5` (vi) or `1,234.5` (en) exactly. Group separators are optional but, when
 * present, must split the integer part into threes; the fraction never has them.
 */
function parseLocaleDigits(text: string, locale: Locale): LocaleDigits | null {
  const { group, decimal } = numberSymbols(locale)
  const pieces = text.split(decimal)
  if (pieces.length > 2) return null
  const [integerPart = '', fraction = ''] = pieces
  if (integerPart === '' && fraction === '') return null
  if (pieces.length === 2 && fraction === '') return null
  if (!/^\d*$/.test(fraction)) return null
  let integer = integerPart
  if (group !== '' && integerPart.includes(group)) {
    const groups = integerPart.split(group)
    const [head = '', ...tail] = groups
    if (!/^\d{1,3}$/.test(head) || !tail.every((part) => /^\d{3}$/.test(part))) return null
    integer = groups.join('')
  }
  if (!/^\d*$/.test(integer)) return null
  return decimalDigits(integer, fraction)
}

export interface HumanParseOptions {
  /** Unit assumed when the person typed none (a form field labelled GiB). Bytes only. */
  readonly defaultByteUnit?: ByteUnit
}

/** Parses a human amount in the given canonical unit kind, in the person's locale. */
export function parseHumanAmount(
  input: string,
  unit: UnitKind,
  locale: Locale,
  options: HumanParseOptions = {},
): Result<bigint> {
  // Intl output uses no-break spaces; NFKC and \s cover them, and full-width digits too.
  const text = input.normalize('NFKC').trim()
  if (text === '') return err('quantity.empty', {})
  if (text.length > 100) return err('quantity.human_malformed', { input: text.slice(0, 20) })
  const match = HUMAN.exec(text)
  if (match === null) return err('quantity.human_malformed', { input: text })
  const [, sign = '', number = '', unitText = ''] = match
  const digits = parseLocaleDigits(number, locale)
  if (digits === null) return err('quantity.human_malformed', { input: text })

  let exp10 = digits.exp10
  let exp2 = 0
  const unitKey = unitText.toLowerCase()
  if (unit === 'bytes') {
    const named = unitKey === '' ? options.defaultByteUnit?.toLowerCase() : unitKey
    if (named === undefined) return err('quantity.unit_missing', { input: text })
    const scale = BYTE_INPUT_UNITS[named]
    if (scale === undefined) return err('quantity.unit_unknown', { input: text, unit: unitText })
    exp10 += scale.exp10
    exp2 = scale.exp2
  } else if (unit === 'millicores') {
    const scale = CPU_INPUT_UNITS[unitKey]
    if (scale === undefined) return err('quantity.unit_unknown', { input: text, unit: unitText })
    exp10 += scale
  } else if (unitKey !== '') {
    return err('quantity.unit_unknown', { input: text, unit: unitText })
  }
  return toCanonicalAmount({ negative: sign === '-', mantissa: digits.mantissa, exp10, exp2 }, unit, text)
}

/** `1,5 TiB` (vi) / `1.5 TiB` (en) / `500 GiB` / `2 GB` → bytes. */
export function parseHumanSize(input: string, locale: Locale, options: HumanParseOptions = {}): Result<bigint> {
  return parseHumanAmount(input, 'bytes', locale, options)
}

/** `1,5` / `1,5 vCPU` (vi), `1.5 vCPU` (en), `500m` → millicores. */
export function parseHumanCpu(input: string, locale: Locale): Result<bigint> {
  return parseHumanAmount(input, 'millicores', locale)
}

/** `1.000` (vi) / `1,000` (en) → 1000n; no fractions, no units. */
export function parseHumanCount(input: string, locale: Locale): Result<bigint> {
  return parseHumanAmount(input, 'count', locale)
}

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
