// The metering's rows in COPY's text format (append.ts): a record of UsageRecord and what it moves in
// its day's rollup. Amounts are digits and need no escape; only text (a resource, a refusal) may hold
// the four characters the format gives meaning. Written by hand rather than by mapping each field
// through one escaping function: at 80,000 rows an hour that mapping cost more than the COPY itself.
import type { AppendRow } from './append'

/** A text value: \N for NULL, backslash, tab, newline and carriage return escaped. */
export function copyField(value: string | null): string {
  if (value === null) return '\\N'
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!)
    : value
}

const amount = (value: bigint | null) => (value === null ? '\\N' : String(value))

/**
 * The rows as UsageRecord's COPY reads them (RECORD_COLUMNS' order in append.ts): `hour` and
 * `recordedAt` as UTC timestamps without zone, as the table keeps them.
 */
export function recordText(rows: readonly AppendRow[], hour: string, recordedAt: string): string {
  let text = ''
  for (const { projectId, resource, planned } of rows) {
    const v = planned.values
    text += `${copyField(projectId)}\t${hour}\t${copyField(resource)}\t${planned.revision}\t${amount(v.granted)}\t${amount(v.requested)}\t${amount(v.used)}\t${amount(v.usedPeak)}\t${copyField(v.refusal)}\t${recordedAt}\n`
  }
  return text
}

/** The rows' rollup deltas as the hour's delta table reads them (DELTA_COLUMNS' order in append.ts). */
export function deltaText(rows: readonly AppendRow[]): string {
  let text = ''
  for (const { projectId, resource, planned } of rows) {
    const d = planned.delta
    text += `${copyField(projectId)}\t${copyField(resource)}\t${amount(d.usedPeak)}\t${d.hours}\t${d.usedHours}\t${d.usedSum}\t${d.requestedHours}\t${d.requestedSum}\t${d.grantedHours}\t${d.grantedSum}\t${d.maxRequestedUsedSum}\t${d.unmeasuredRequestedSum}\t${d.peakLowered}\n`
  }
  return text
}

/**
 * The rows as new day rows of the rollups (DAY_ROW_COPY's order in append.ts), for a day that has
 * none yet: each row's sums are its deltas, its peak the hour's.
 */
export function dayRowText(rows: readonly AppendRow[], day: string): string {
  let text = ''
  for (const { projectId, resource, planned } of rows) {
    const d = planned.delta
    text += `${copyField(projectId)}\t${copyField(resource)}\tday\t${day}\t${d.hours}\t${d.usedHours}\t${d.usedSum}\t${amount(d.usedPeak)}\t${d.requestedHours}\t${d.requestedSum}\t${d.grantedHours}\t${d.grantedSum}\t${d.maxRequestedUsedSum}\t${d.unmeasuredRequestedSum}\n`
  }
  return text
}
