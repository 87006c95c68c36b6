import { describe, expect, it } from 'vitest'
import {
  formatDate,
  formatDateTime,
  formatMoneyVnd,
  formatNumber,
  interpolate,
  isLocale,
  numberSymbols,
} from './format'

const NBSP = '\u00a0'

describe('numbers', () => {
  it('groups and separates decimals by locale', () => {
    expect(formatNumber(1234.5, 'vi')).toBe('1.234,5')
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5')
    expect(formatNumber(1234567n, 'vi')).toBe('1.234.567')
    expect(formatNumber(1234567n, 'en')).toBe('1,234,567')
  })

  it('formats exact decimal strings beyond float precision', () => {
    expect(formatNumber('12345678901234567890.5', 'vi', { maximumFractionDigits: 1 })).toBe(
      '12.345.678.901.234.567.890,5',
    )
    // 1.005 is 1.00499999… as a float; as a decimal string it rounds half away from zero.
    expect(formatNumber('1.005', 'en', { maximumFractionDigits: 2 })).toBe('1.01')
  })

  it('honours fraction digit options', () => {
    expect(formatNumber(2, 'vi', { minimumFractionDigits: 2 })).toBe('2,00')
    expect(formatNumber(2.3456, 'en', { maximumFractionDigits: 2 })).toBe('2.35')
  })

  it('reads the separators from Intl', () => {
    expect(numberSymbols('vi')).toEqual({ group: '.', decimal: ',' })
    expect(numberSymbols('en')).toEqual({ group: ',', decimal: '.' })
  })
})

describe('money', () => {
  it('shows whole đồng with the locale conventions', () => {
    expect(formatMoneyVnd(1234567n, 'vi')).toBe(`1.234.567${NBSP}₫`)
    expect(formatMoneyVnd(1234567n, 'en')).toBe('₫1,234,567')
    expect(formatMoneyVnd(0n, 'vi')).toBe(`0${NBSP}₫`)
    expect(formatMoneyVnd(-5000n, 'vi')).toBe(`-5.000${NBSP}₫`)
  })

  it('keeps amounts above 2^53 exact', () => {
    expect(formatMoneyVnd(9007199254740993n, 'vi')).toBe(`9.007.199.254.740.993${NBSP}₫`)
  })
})

describe('dates', () => {
  // 20:05 UTC on 25 Nov 2026 is already 26 Nov, 03:05 in Lạng Sơn.
  const lateEvening = new Date(Date.UTC(2026, 10, 25, 20, 5))

  it('shows dd/MM/yyyy in Vietnamese and "25 Nov 2026" in English, in Vietnam time', () => {
    expect(formatDate(lateEvening, 'vi')).toBe('26/11/2026')
    expect(formatDate(lateEvening, 'en')).toBe('26 Nov 2026')
    expect(formatDate(new Date(Date.UTC(2026, 0, 5, 3)), 'vi')).toBe('05/01/2026')
  })

  it('can use another time zone', () => {
    expect(formatDate(lateEvening, 'vi', 'UTC')).toBe('25/11/2026')
  })

  it('puts the date first in date-times, 24-hour clock', () => {
    expect(formatDateTime(lateEvening, 'vi')).toBe('26/11/2026 03:05')
    expect(formatDateTime(lateEvening, 'en')).toBe('26 Nov 2026, 03:05')
    expect(formatDateTime(new Date(Date.UTC(2026, 5, 1, 10, 30)), 'vi')).toBe('01/06/2026 17:30')
  })
})

describe('helpers', () => {
  it('interpolates placeholders and leaves unknown ones visible', () => {
    expect(interpolate('{a} và {b}', { a: 'Sở Y tế', b: 3 })).toBe('Sở Y tế và 3')
    expect(interpolate('{missing}!', {})).toBe('{missing}!')
  })

  it('recognises the two locales only', () => {
    expect(isLocale('vi')).toBe(true)
    expect(isLocale('en')).toBe(true)
    expect(isLocale('fr')).toBe(false)
    expect(isLocale(undefined)).toBe(false)
  })
})

describe('exact numbers', () => {
  it('keeps every fraction digit of a decimal string, grouping the integer part', () => {
    expect(formatNumber('1234.000000000931322574615478515625', 'vi', { exact: true })).toBe(
      '1.234,000000000931322574615478515625',
    )
    expect(formatNumber('1234', 'en', { exact: true })).toBe('1,234')
    expect(formatNumber('-0.5', 'en', { exact: true })).toBe('-0.5')
  })

  it('caps rounded formatting at Intl’s 20 fraction digits instead of throwing', () => {
    expect(formatNumber('0.5', 'en', { maximumFractionDigits: 50 })).toBe('0.5')
  })
})
