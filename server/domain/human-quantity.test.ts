import { describe, expect, it } from 'vitest'
import {
  bestByteUnit,
  binaryQuotient,
  decimalQuotient,
  formatAmount,
  formatBytes,
  formatBytesAs,
  formatCount,
  formatCpu,
  parseHumanCount,
  parseHumanCpu,
  parseHumanSize,
} from './human-quantity'

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
    expect(parseHumanSize(input, locale)).toEqual({ ok: true, value: expected })
  })

  it('uses the default unit of the field when none is typed', () => {
    expect(parseHumanSize('500', 'vi', { defaultByteUnit: 'GiB' })).toEqual({ ok: true, value: 500n * Gi })
    expect(parseHumanSize('1,5', 'vi', { defaultByteUnit: 'TiB' })).toEqual({ ok: true, value: (3n * Ti) / 2n })
    const noDefault = parseHumanSize('500', 'vi')
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
    const result = parseHumanSize(input, locale)
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
    expect(parseHumanCpu(input, locale)).toEqual({ ok: true, value: expected })
  })

  it('refuses CPU finer than a millicore and unknown units', () => {
    const fine = parseHumanCpu('0,0005', 'vi')
    expect(!fine.ok && fine.error.code).toBe('quantity.cpu_sub_millicore')
    const unit = parseHumanCpu('2 GiB', 'en')
    expect(!unit.ok && unit.error.code).toBe('quantity.unit_unknown')
    if (!unit.ok) expect(unit.error.params).toMatchObject({ unit: 'GiB' })
  })

  it('reads counts with grouping and refuses fractions and units', () => {
    expect(parseHumanCount('1.000', 'vi')).toEqual({ ok: true, value: 1000n })
    expect(parseHumanCount('1,000', 'en')).toEqual({ ok: true, value: 1000n })
    expect(parseHumanCount('12', 'en')).toEqual({ ok: true, value: 12n })
    const fraction = parseHumanCount('1,5', 'vi')
    expect(!fraction.ok && fraction.error.code).toBe('quantity.count_fractional')
    const unit = parseHumanCount('3 pods', 'en')
    expect(!unit.ok && unit.error.code).toBe('quantity.unit_unknown')
  })
})

describe('exact decimal helpers', () => {
  it('expands quotients by powers of two and ten exactly', () => {
    expect(binaryQuotient(3n * 2n ** 39n, 40)).toBe('1.5')
    expect(binaryQuotient(1n, 10)).toBe('0.0009765625')
    expect(binaryQuotient(2n ** 40n, 40)).toBe('1')
    expect(binaryQuotient(-3n * 2n ** 29n, 30)).toBe('-1.5')
    expect(decimalQuotient(1500n, 3)).toBe('1.5')
    expect(decimalQuotient(1n, 3)).toBe('0.001')
    expect(decimalQuotient(2000n, 3)).toBe('2')
    expect(decimalQuotient(-250n, 3)).toBe('-0.25')
  })

  it('picks the largest binary unit not above the amount', () => {
    expect(bestByteUnit(0n)).toBe('B')
    expect(bestByteUnit(1023n)).toBe('B')
    expect(bestByteUnit(1024n)).toBe('KiB')
    expect(bestByteUnit(Gi * 1023n)).toBe('GiB')
    expect(bestByteUnit(Ti)).toBe('TiB')
  })
})

describe('formatting', () => {
  it('formats bytes in the best unit, rounded to two decimals', () => {
    expect(formatBytes((3n * Ti) / 2n, 'vi')).toBe(`1,5${NBSP}TiB`)
    expect(formatBytes((3n * Ti) / 2n, 'en')).toBe(`1.5${NBSP}TiB`)
    expect(formatBytes(500n * Gi, 'vi')).toBe(`500${NBSP}GiB`)
    expect(formatBytes(0n, 'en')).toBe(`0${NBSP}B`)
    expect(formatBytes(Gi + Gi / 3n, 'en')).toBe(`1.33${NBSP}GiB`)
    expect(formatBytes(1023n * Gi, 'vi')).toBe(`1.023${NBSP}GiB`)
  })

  it('formats bytes in a fixed unit, exactly when asked', () => {
    expect(formatBytesAs(Ti, 'GiB', 'vi')).toBe(`1.024${NBSP}GiB`)
    expect(formatBytesAs(Gi + 1n, 'GiB', 'en')).toBe(`1${NBSP}GiB`)
    const exact = formatBytesAs(Gi + 1n, 'GiB', 'en', { exact: true })
    expect(exact).toBe(`1.000000000931322574615478515625${NBSP}GiB`)
    expect(parseHumanSize(exact, 'en')).toEqual({ ok: true, value: Gi + 1n })
  })

  it('formats CPU as vCPU exactly', () => {
    expect(formatCpu(1500n, 'vi')).toBe(`1,5${NBSP}vCPU`)
    expect(formatCpu(1500n, 'en')).toBe(`1.5${NBSP}vCPU`)
    expect(formatCpu(250n, 'vi')).toBe(`0,25${NBSP}vCPU`)
    expect(formatCpu(1n, 'en')).toBe(`0.001${NBSP}vCPU`)
    expect(formatCpu(64000n, 'vi')).toBe(`64${NBSP}vCPU`)
  })

  it('formats counts and dispatches by unit', () => {
    expect(formatCount(1000n, 'vi')).toBe('1.000')
    expect(formatCount(1000n, 'en')).toBe('1,000')
    expect(formatAmount(2048n, 'count', 'en')).toBe('2,048')
    expect(formatAmount(2500n, 'millicores', 'en')).toBe(`2.5${NBSP}vCPU`)
    expect(formatAmount(2n * Gi, 'bytes', 'vi')).toBe(`2${NBSP}GiB`)
  })

  it('round-trips what it shows through the parser of the same locale', () => {
    for (const locale of ['vi', 'en'] as const) {
      for (const amount of [(3n * Ti) / 2n, 500n * Gi, 1n, 1023n, 2n ** 50n]) {
        expect(parseHumanSize(formatBytes(amount, locale, { exact: true }), locale)).toEqual({
          ok: true,
          value: amount,
        })
      }
      for (const millicores of [1n, 250n, 1500n, 128000n]) {
        expect(parseHumanCpu(formatCpu(millicores, locale), locale)).toEqual({ ok: true, value: millicores })
      }
      expect(parseHumanCount(formatCount(1234567n, locale), locale)).toEqual({ ok: true, value: 1234567n })
    }
  })
})
