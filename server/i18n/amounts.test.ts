import { describe, expect, it } from 'vitest'
import { parseHumanCount, parseHumanCpu, parseHumanSize } from '../domain/human-quantity'
import {
  bestByteUnit,
  binaryQuotient,
  decimalQuotient,
  formatAmount,
  formatBytes,
  formatBytesAs,
  formatCount,
  formatCpu,
} from './amounts'
import { numberSymbols } from './format'

const NBSP = '\u00a0'
const Gi = 2n ** 30n
const Ti = 2n ** 40n

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
    expect(parseHumanSize(exact, numberSymbols('en'))).toEqual({ ok: true, value: Gi + 1n })
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
        expect(parseHumanSize(formatBytes(amount, locale, { exact: true }), numberSymbols(locale))).toEqual({
          ok: true,
          value: amount,
        })
      }
      for (const millicores of [1n, 250n, 1500n, 128000n]) {
        expect(parseHumanCpu(formatCpu(millicores, locale), numberSymbols(locale))).toEqual({
          ok: true,
          value: millicores,
        })
      }
      expect(parseHumanCount(formatCount(1234567n, locale), numberSymbols(locale))).toEqual({
        ok: true,
        value: 1234567n,
      })
    }
  })
})
