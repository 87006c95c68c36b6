// What a chart's axes and table say, in the reader's language (decision 0051): slots as Vietnamese
// dates (dd/MM, MM/yyyy) in Việt Nam's time, values with the locale's separators (1.234,5), amounts
// in the unit that suits the largest (vCPU, MiB/GiB/TiB, counts). The words themselves (axis
// names, series) come from the catalogue through the caller; this file formats figures only.
import { BINARY_UNITS, type ByteUnit } from '../domain/human-quantity'
import type { UnitKind } from '../domain/quantity'
import { bestByteUnit } from '../i18n/amounts'
import { DEFAULT_TIME_ZONE, formatDate, formatDateTime, formatNumber, type Locale } from '../i18n/format'

/** Hours are UTC instants; days and months are local dates (decision 0047's rollups). */
export type Resolution = 'hour' | 'day' | 'month'

const INTL_TAG: Readonly<Record<Locale, string>> = { vi: 'vi-VN', en: 'en-GB' }
const formats = new Map<string, Intl.DateTimeFormat>()

function parts(at: Date, locale: Locale, options: Intl.DateTimeFormatOptions) {
  const key = `${locale}|${JSON.stringify(options)}`
  let format = formats.get(key)
  if (!format)
    formats.set(key, (format = new Intl.DateTimeFormat(INTL_TAG[locale], { ...options, timeZone: DEFAULT_TIME_ZONE })))
  const all = format.formatToParts(at)
  return (type: Intl.DateTimeFormatPartTypes) => all.find((part) => part.type === type)?.value ?? ''
}

/** A slot's start as an instant: a local date starts at local midnight (UTC+7). */
export function slotInstant(resolution: Resolution, start: string): Date {
  return resolution === 'hour' ? new Date(start) : new Date(Date.parse(`${start}T00:00:00+07:00`))
}

/** An axis label, short: vi `06/12 14:00`, `06/12`, `12/2026`; en `06 Dec 14:00`, `06 Dec`, `Dec 2026`. */
export function slotTick(resolution: Resolution, start: string, locale: Locale): string {
  const at = slotInstant(resolution, start)
  const month = locale === 'vi' ? '2-digit' : 'short'
  const get = parts(at, locale, { day: '2-digit', month, year: 'numeric', hour: '2-digit', hourCycle: 'h23' })
  const dayMonth = locale === 'vi' ? `${get('day')}/${get('month')}` : `${get('day')} ${get('month')}`
  if (resolution === 'hour') return `${dayMonth} ${get('hour')}:00`
  if (resolution === 'day') return dayMonth
  return locale === 'vi' ? `${get('month')}/${get('year')}` : `${get('month')} ${get('year')}`
}

/** A table's first column, in full: vi `06/12/2026 14:00`, `06/12/2026`, `12/2026`. */
export function slotLabel(resolution: Resolution, start: string, locale: Locale): string {
  const at = slotInstant(resolution, start)
  if (resolution === 'hour') return formatDateTime(at, locale)
  if (resolution === 'day') return formatDate(at, locale)
  return slotTick('month', start, locale)
}

/** A value tick: at most two decimals, the locale's separators. */
export function valueTick(value: number, locale: Locale): string {
  return formatNumber(value, locale, { maximumFractionDigits: 2 })
}

export interface DisplayUnit {
  /** `vCPU`, `GiB`…, or empty for counts. */
  readonly label: string
  /** Canonical units per display unit. */
  readonly divisor: number
}

/** The unit a chart of amounts is drawn in: vCPU for millicores, the byte unit of the largest value (MiB at least). */
export function displayUnit(unit: UnitKind, largest: bigint): DisplayUnit {
  if (unit === 'millicores') return { label: 'vCPU', divisor: 1000 }
  if (unit === 'count') return { label: '', divisor: 1 }
  const best: ByteUnit = largest < 2n ** 20n ? 'MiB' : bestByteUnit(largest)
  const power = BINARY_UNITS.find(([name]) => name === best)?.[1] ?? 0
  return { label: best, divisor: 2 ** power }
}

/** An amount in a display unit, for drawing (a float is fine for a picture; tables show exact amounts). */
export function inUnit(amount: bigint | null, unit: DisplayUnit): number | null {
  return amount === null ? null : Number(amount) / unit.divisor
}
