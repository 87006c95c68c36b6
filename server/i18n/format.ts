// Locale-aware formatting for the console's two languages. Vietnamese comes first: numbers
// `1.234,5`, dates `25/11/2026`, money `1.234.567 ₫`. English uses `1,234.5` and `25 Nov 2026`
// (day, short month, year: it cannot be misread as the American month/day order, which a
// numeric `11/25/2026` or `25/11/2026` could be for an English reader).
//
// Everything goes through Intl (Node ships full ICU) so digit grouping is never hand-written.
// Intl separates a number from its unit or currency with a no-break space (U+00A0), which keeps
// `1,5 TiB` on one line; the console keeps that choice everywhere, and parsers accept any space.

import type { NumberSymbols } from '../domain/human-quantity'

export const LOCALES = ['vi', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'vi'

/**
 * Dates are shown in Vietnam's time whatever the server's zone: an allocation that ends at
 * midnight in Lạng Sơn must not show as ending the day before on a UTC server.
 */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh'

/** The no-break space placed between a number and its unit. */
export const UNIT_SPACE = '\u00a0'

/** en-GB rather than en-US: day before month, and the same number format as en-US. */
const INTL_TAG: Readonly<Record<Locale, string>> = { vi: 'vi-VN', en: 'en-GB' }

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

export interface NumberOptions {
  readonly minimumFractionDigits?: number
  /** At most 20 (Intl's limit in Node 20); default 3. Ignored when `exact`. */
  readonly maximumFractionDigits?: number
  /** Every digit of a decimal string, unrounded (for values that will be edited and parsed). */
  readonly exact?: boolean
}

/** Intl in Node 20 accepts at most 20 fraction digits. */
const INTL_MAX_FRACTION_DIGITS = 20

// Building an Intl formatter loads ICU data and costs far more than formatting with it (a page
// of 25 dates spent ~7 ms per view constructing them); formatters are immutable, so each distinct
// (locale, options) is built once per process and kept. The key space is small and fixed:
// 2 locales × a handful of option sets × the time zones in use.
const numberFormats = new Map<string, Intl.NumberFormat>()
const dateFormats = new Map<string, Intl.DateTimeFormat>()

function numberFormat(tag: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${tag}|${JSON.stringify(options)}`
  let format = numberFormats.get(key)
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(tag, options)))
  return format
}

function dateFormat(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${tag}|${JSON.stringify(options)}`
  let format = dateFormats.get(key)
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(tag, options)))
  return format
}

/**
 * Formats a number. Pass a bigint, or an exact decimal string such as `1234.5` when the value
 * must not go through a float (Intl formats decimal strings exactly, rounding half away from zero).
 */
export function formatNumber(
  value: number | bigint | `${number}`,
  locale: Locale,
  options: NumberOptions = {},
): string {
  if (options.exact === true && typeof value === 'string') {
    // Intl groups the integer part; the fraction, which is never grouped, is appended whole
    // because it may be longer than Intl's 20 digits (1 byte in GiB has 30).
    const [integer = '0', fraction = ''] = value.split('.')
    const whole = numberFormat(INTL_TAG[locale]).format(BigInt(integer))
    const signed = integer.startsWith('-') && BigInt(integer) === 0n ? `-${whole}` : whole
    return fraction === '' ? signed : `${signed}${numberSymbols(locale).decimal}${fraction}`
  }
  return numberFormat(INTL_TAG[locale], {
    minimumFractionDigits: options.minimumFractionDigits ?? 0,
    maximumFractionDigits: Math.min(options.maximumFractionDigits ?? 3, INTL_MAX_FRACTION_DIGITS),
  }).format(value)
}

/** The group and decimal separators of a locale, read from Intl so that parsers agree with it. */
export function numberSymbols(locale: Locale): NumberSymbols {
  const parts = numberFormat(INTL_TAG[locale]).formatToParts(12345.5)
  const group = parts.find((part) => part.type === 'group')?.value ?? ''
  const decimal = parts.find((part) => part.type === 'decimal')?.value ?? '.'
  return { group, decimal }
}

/** Money in Vietnamese đồng, whole đồng: vi `1.234.567 ₫`, en `₫1,234,567`. */
export function formatMoneyVnd(amount: bigint, locale: Locale): string {
  return numberFormat(INTL_TAG[locale], {
    style: 'currency',
    currency: 'VND',
    maximumFractionDigits: 0,
  }).format(amount)
}

function dateParts(date: Date, locale: Locale, timeZone: string, withTime: boolean) {
  const parts = dateFormat(INTL_TAG[locale], {
    day: '2-digit',
    month: locale === 'vi' ? '2-digit' : 'short',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const } : {}),
    timeZone,
  }).formatToParts(date)
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? ''
  return {
    day: get('day'),
    month: get('month'),
    year: get('year'),
    hour: get('hour'),
    minute: get('minute'),
  }
}

/** vi `25/11/2026`, en `25 Nov 2026`, in Vietnam's time unless told otherwise. */
export function formatDate(date: Date, locale: Locale, timeZone = DEFAULT_TIME_ZONE): string {
  const p = dateParts(date, locale, timeZone, false)
  return locale === 'vi' ? `${p.day}/${p.month}/${p.year}` : `${p.day} ${p.month} ${p.year}`
}

/**
 * vi `25/11/2026 14:05`, en `25 Nov 2026, 14:05`. The date comes first in Vietnamese too
 * (ICU puts the time first) so that columns of date-times read and sort like columns of dates.
 */
export function formatDateTime(date: Date, locale: Locale, timeZone = DEFAULT_TIME_ZONE): string {
  const p = dateParts(date, locale, timeZone, true)
  const time = `${p.hour}:${p.minute}`
  return locale === 'vi' ? `${p.day}/${p.month}/${p.year} ${time}` : `${p.day} ${p.month} ${p.year}, ${time}`
}

/** Replaces `{name}` placeholders; unknown placeholders stay visible so a gap is noticed. */
export function interpolate(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    return value === undefined ? whole : String(value)
  })
}
