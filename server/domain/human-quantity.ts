// Amounts as people type them in the console: `1,5 TiB` in Vietnamese, `1.5 TiB` in English,
// `500 GiB`, `2 vCPU`. Parsing is exact (the digits become a bigint, never a float) and strict
// about the reader's separators: in Vietnamese `1.500` is one thousand five hundred, so `1.5` is
// refused with a hint rather than guessed. Which separators a language uses is the catalogue's
// knowledge (numberSymbols in server/i18n/format.ts), and so is showing amounts (i18n/amounts.ts).
import { err, type Result } from './errors'
import { decimalDigits, toCanonicalAmount, type UnitKind } from './quantity'

/** How the reader writes numbers: the separator of thousands (may be empty) and the decimal one. */
export interface NumberSymbols {
  readonly group: string
  readonly decimal: string
}

export type ByteUnit = 'B' | 'KiB' | 'MiB' | 'GiB' | 'TiB' | 'PiB' | 'EiB'

/** Binary units, smallest first, with their power of two. */
export const BINARY_UNITS: readonly (readonly [ByteUnit, number])[] = [
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

export interface LocaleDigits {
  readonly mantissa: bigint
  readonly exp10: number
}

/**
 * Reads `1.234,5` (vi) or `1,234.5` (en) exactly. Group separators are optional but, when
 * present, must split the integer part into threes; the fraction never has them.
 */
export function parseLocaleDigits(text: string, symbols: NumberSymbols): LocaleDigits | null {
  const { group, decimal } = symbols
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

/** Parses a human amount in the given canonical unit kind, written with the reader's separators. */
export function parseHumanAmount(
  input: string,
  unit: UnitKind,
  symbols: NumberSymbols,
  options: HumanParseOptions = {},
): Result<bigint> {
  // Intl output uses no-break spaces; NFKC and \s cover them, and full-width digits too.
  const text = input.normalize('NFKC').trim()
  if (text === '') return err('quantity.empty', {})
  if (text.length > 100) return err('quantity.human_malformed', { input: text.slice(0, 20) })
  const match = HUMAN.exec(text)
  if (match === null) return err('quantity.human_malformed', { input: text })
  const [, sign = '', number = '', unitText = ''] = match
  const digits = parseLocaleDigits(number, symbols)
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
export function parseHumanSize(input: string, symbols: NumberSymbols, options: HumanParseOptions = {}): Result<bigint> {
  return parseHumanAmount(input, 'bytes', symbols, options)
}

/** `1,5` / `1,5 vCPU` (vi), `1.5 vCPU` (en), `500m` → millicores. */
export function parseHumanCpu(input: string, symbols: NumberSymbols): Result<bigint> {
  return parseHumanAmount(input, 'millicores', symbols)
}

/** `1.000` (vi) / `1,000` (en) → 1000n; no fractions, no units. */
export function parseHumanCount(input: string, symbols: NumberSymbols): Result<bigint> {
  return parseHumanAmount(input, 'count', symbols)
}
