import { describe, expect, it } from 'vitest'
import { parseHumanCount, parseHumanCpu, parseHumanSize, type NumberSymbols } from './human-quantity'

/** The separators of the console's languages (server/i18n/format.test.ts checks they are Intl's). */
const SYMBOLS: Readonly<Record<'vi' | 'en', NumberSymbols>> = {
  vi: { group: '.', decimal: ',' },
  en: { group: ',', decimal: '.' },
}
const NBSP = '\u00a0'
const Gi = 2n ** 30n
const Ti = 2n ** 40n

describe('parseHumanSize', () => {
  it.each([
    ['1,5 TiB', 'vi', (3n * Ti) / 2n],
    ['1.5 TiB', 'en', (3n * Ti) / 2n],
    ['500 GiB', 'vi', 500n * Gi],
    ['500GiB', 'en', 500n * Gi],
    ['500 gib', 'en', 500n * Gi],
    ['1.024 GiB', 'vi', 1024n * Gi],
    ['1,024 GiB', 'en', 1024n * Gi],
    ['2 GB', 'vi', 2_000_000_000n],
    ['1 TB', 'en', 10n ** 12n],
    ['4Gi', 'en', 4n * Gi],
    ['512 MiB', 'vi', 512n * 2n ** 20n],
    ['0,5 GiB', 'vi', Gi / 2n],
    [',5 GiB', 'vi', Gi / 2n],
    [`1,5${NBSP}TiB`, 'vi', (3n * Ti) / 2n],
    ['１,５ TiB', 'vi', (3n * Ti) / 2n], // full-width digits from some Vietnamese IMEs
    ['0 GiB', 'en', 0n],
  ] as const)('%s (%s)', (input, locale, expected) => {
    expect(parseHumanSize(input, SYMBOLS[locale])).toEqual({ ok: true, value: expected })
  })

  it('uses the default unit of the field when none is typed', () => {
    expect(parseHumanSize('500', SYMBOLS.vi, { defaultByteUnit: 'GiB' })).toEqual({ ok: true, value: 500n * Gi })
    expect(parseHumanSize('1,5', SYMBOLS.vi, { defaultByteUnit: 'TiB' })).toEqual({ ok: true, value: (3n * Ti) / 2n })
    const noDefault = parseHumanSize('500', SYMBOLS.vi)
    expect(noDefault.ok).toBe(false)
    if (!noDefault.ok) expect(noDefault.error.code).toBe('quantity.unit_missing')
  })

  it.each([
    ['1.5 TiB', 'vi', 'quantity.human_malformed'], // in Vietnamese the point groups thousands
    ['1,5 TiB', 'en', 'quantity.human_malformed'],
    ['1.50 GiB', 'vi', 'quantity.human_malformed'],
    ['1,2,3 GiB', 'vi', 'quantity.human_malformed'],
    ['12.34.567 GiB', 'vi', 'quantity.human_malformed'],
    ['1, GiB', 'vi', 'quantity.human_malformed'],
    ['abc', 'en', 'quantity.human_malformed'],
    ['5 GiB 3', 'en', 'quantity.human_malformed'],
    ['', 'en', 'quantity.empty'],
    ['5 furlongs', 'en', 'quantity.unit_unknown'],
    ['5 G', 'en', 'quantity.unit_unknown'], // G alone is ambiguous for people: GB or GiB?
    ['-5 GiB', 'vi', 'quantity.negative'],
    ['0,1 KiB', 'vi', 'quantity.bytes_fractional'],
    ['1.5 B', 'en', 'quantity.bytes_fractional'],
    ['9 EiB', 'en', 'quantity.unit_unknown'],
    ['9.000.000 PiB', 'vi', 'quantity.overflow'],
  ] as const)('%s (%s) is refused with %s', (input, locale, code) => {
    const result = parseHumanSize(input, SYMBOLS[locale])
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe(code)
  })
})

describe('parseHumanCpu and parseHumanCount', () => {
  it.each([
    ['1,5', 'vi', 1500n],
    ['1,5 vCPU', 'vi', 1500n],
    ['2 lõi', 'vi', 2000n],
    ['1.5 vCPU', 'en', 1500n],
    ['0.25', 'en', 250n],
    ['4 cores', 'en', 4000n],
    ['500m', 'en', 500n],
    ['1.000', 'vi', 1_000_000n],
  ] as const)('CPU %s (%s) → %s millicores', (input, locale, expected) => {
    expect(parseHumanCpu(input, SYMBOLS[locale])).toEqual({ ok: true, value: expected })
  })

  it('refuses CPU finer than a millicore and unknown units', () => {
    const fine = parseHumanCpu('0,0005', SYMBOLS.vi)
    expect(!fine.ok && fine.error.code).toBe('quantity.cpu_sub_millicore')
    const unit = parseHumanCpu('2 GiB', SYMBOLS.en)
    expect(!unit.ok && unit.error.code).toBe('quantity.unit_unknown')
    if (!unit.ok) expect(unit.error.params).toMatchObject({ unit: 'GiB' })
  })

  it('reads counts with grouping and refuses fractions and units', () => {
    expect(parseHumanCount('1.000', SYMBOLS.vi)).toEqual({ ok: true, value: 1000n })
    expect(parseHumanCount('1,000', SYMBOLS.en)).toEqual({ ok: true, value: 1000n })
    expect(parseHumanCount('12', SYMBOLS.en)).toEqual({ ok: true, value: 12n })
    const fraction = parseHumanCount('1,5', SYMBOLS.vi)
    expect(!fraction.ok && fraction.error.code).toBe('quantity.count_fractional')
    const unit = parseHumanCount('3 pods', SYMBOLS.en)
    expect(!unit.ok && unit.error.code).toBe('quantity.unit_unknown')
  })
})
