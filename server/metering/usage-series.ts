// A project's use over time as pages, CSVs and the API show it (issue 14, decision 0051): for each
// resource one point per slot (an hour, a local day or a local month), with the averages of what
// was used, requested and granted over the slot's measured hours. Pure: rows in, points out.
// Hours come from the records, days from the day rollups, months from the day rollups summed by
// the database (never from a year of hours, and not from the month rows, which the write path may
// stop keeping).
import {
  HOUR_MS,
  localDateOf,
  localMidnight,
  localMonthOf,
  nextLocalDate,
  nextLocalMonth,
} from '../domain/local-calendar'

export type Resolution = 'hour' | 'day' | 'month'
export const RESOLUTIONS: readonly Resolution[] = ['hour', 'day', 'month']

/** The sums a slot's point is made from, as the rollups keep them (decision 0047). */
export interface SlotSums {
  readonly hours: number
  readonly usedHours: number
  readonly usedSum: bigint
  readonly usedPeak: bigint | null
  readonly requestedHours: number
  readonly requestedSum: bigint
  readonly grantedHours: number
  readonly grantedSum: bigint
}

export interface UsagePoint {
  /** An hour's start as an ISO instant; a day's or month's first local date `YYYY-MM-DD`. */
  readonly start: string
  /** Hours with a record, and of those the hours whose use was measured. */
  readonly hours: number
  readonly usedHours: number
  /** Averages over the hours that had each figure, in canonical units, half up; null when none had it. */
  readonly used: bigint | null
  readonly usedPeak: bigint | null
  readonly requested: bigint | null
  readonly granted: bigint | null
}

export interface ResourceUsage {
  readonly resource: string
  readonly points: readonly UsagePoint[]
}

export interface Window {
  readonly from: string
  readonly to: string
}

/** Slots a window may hold: a month of hours, a year and a month of days, three years of months. */
export const MAX_SLOTS: Readonly<Record<Resolution, number>> = { hour: 744, day: 400, month: 36 }
/** What a page shows when not told: the last 48 hours, 31 days, 12 months. */
export const DEFAULT_SLOTS: Readonly<Record<Resolution, number>> = { hour: 48, day: 31, month: 12 }

export const EMPTY_SUMS: SlotSums = {
  hours: 0,
  usedHours: 0,
  usedSum: 0n,
  usedPeak: null,
  requestedHours: 0,
  requestedSum: 0n,
  grantedHours: 0,
  grantedSum: 0n,
}

/** sum ÷ hours rounded half up (sums are never negative); null for no hours. */
export function averageOf(sum: bigint, hours: number): bigint | null {
  if (hours <= 0) return null
  const h = BigInt(hours)
  return (sum * 2n + h) / (2n * h)
}

export function pointOf(start: string, sums: SlotSums): UsagePoint {
  return {
    start,
    hours: sums.hours,
    usedHours: sums.usedHours,
    used: averageOf(sums.usedSum, sums.usedHours),
    usedPeak: sums.usedPeak,
    requested: averageOf(sums.requestedSum, sums.requestedHours),
    granted: averageOf(sums.grantedSum, sums.grantedHours),
  }
}

export function addSums(a: SlotSums, b: SlotSums): SlotSums {
  const peaks = [a.usedPeak, b.usedPeak].filter((p): p is bigint => p !== null)
  return {
    hours: a.hours + b.hours,
    usedHours: a.usedHours + b.usedHours,
    usedSum: a.usedSum + b.usedSum,
    usedPeak: peaks.length === 0 ? null : peaks.reduce((x, y) => (y > x ? y : x)),
    requestedHours: a.requestedHours + b.requestedHours,
    requestedSum: a.requestedSum + b.requestedSum,
    grantedHours: a.grantedHours + b.grantedHours,
    grantedSum: a.grantedSum + b.grantedSum,
  }
}

/** One hour's current record as sums of one hour. */
export function hourSums(record: {
  used: bigint | null
  usedPeak: bigint | null
  requested: bigint | null
  granted: bigint | null
}): SlotSums {
  return {
    hours: 1,
    usedHours: record.used === null ? 0 : 1,
    usedSum: record.used ?? 0n,
    usedPeak: record.usedPeak ?? record.used,
    requestedHours: record.requested === null ? 0 : 1,
    requestedSum: record.requested ?? 0n,
    grantedHours: record.granted === null ? 0 : 1,
    grantedSum: record.granted ?? 0n,
  }
}

/** Every slot of [from, to) in order; `from` and `to` are already slot starts. */
export function slotsOf(resolution: Resolution, window: Window): string[] {
  const slots: string[] = []
  for (let slot = window.from; slot < window.to; slot = nextSlot(resolution, slot)) slots.push(slot)
  return slots
}

/** The last `count` slots up to now's (included): complete hours only, today and this month as far as recorded. */
export function windowEndingAt(resolution: Resolution, now: Date, count = DEFAULT_SLOTS[resolution]): Window {
  const current = slotStartOf(resolution, now)
  const to = resolution === 'hour' ? current : nextSlot(resolution, current)
  return { from: slotsBack(resolution, to, count), to }
}

/**
 * Each resource's points over every slot (a slot nobody recorded is a point of no hours, so a
 * gap is drawn as a gap), resources in name order. `rows` may hold several rows per resource and
 * slot (a month's days): they are added up.
 */
export function usageSeries(
  slots: readonly string[],
  rows: readonly { resource: string; slot: string; sums: SlotSums }[],
): ResourceUsage[] {
  const byResource = new Map<string, Map<string, SlotSums>>()
  for (const row of rows) {
    const slotsOfResource = byResource.get(row.resource) ?? new Map<string, SlotSums>()
    byResource.set(row.resource, slotsOfResource)
    slotsOfResource.set(row.slot, addSums(slotsOfResource.get(row.slot) ?? EMPTY_SUMS, row.sums))
  }
  return [...byResource.keys()].sort().map((resource) => ({
    resource,
    points: slots.map((slot) => pointOf(slot, byResource.get(resource)?.get(slot) ?? EMPTY_SUMS)),
  }))
}

const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/

const EARLIEST = new Date(Date.UTC(2000, 0, 1))
const LATEST = new Date(Date.UTC(9000, 0, 1))

/** A local date (its local midnight) or an RFC 3339 instant; null when neither or not a real date. */
export function instantOf(text: string): Date | null {
  if (!DATE_OR_INSTANT.test(text)) return null
  const at = text.length === 10 ? localMidnight(text) : new Date(text)
  // Outside these years a figure is a typing error, and the calendar's arithmetic need not handle it.
  if (Number.isNaN(at.getTime()) || at < EARLIEST || at >= LATEST) return null
  // Date.parse rolls 31 February over into March: a date must read back as written.
  if (localDateOf(at) !== text.slice(0, 10) && text.length === 10) return null
  return at
}

/** The start of the slot an instant falls in. */
export function slotStartOf(resolution: Resolution, at: Date): string {
  if (resolution === 'hour') return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS).toISOString()
  return resolution === 'day' ? localDateOf(at) : localMonthOf(at)
}

/** Where a slot ends (the next slot's start) as an instant. */
export function slotEndOf(resolution: Resolution, slot: string): Date {
  return new Date(slotInstantOf(resolution, nextSlot(resolution, slot)))
}

/** Where a slot starts as milliseconds since the epoch (a day's or month's first local midnight). */
export function slotInstantOf(resolution: Resolution, slot: string): number {
  return resolution === 'hour' ? Date.parse(slot) : localMidnight(slot).getTime()
}

function nextSlot(resolution: Resolution, slot: string): string {
  if (resolution === 'hour') return new Date(Date.parse(slot) + HOUR_MS).toISOString()
  return resolution === 'day' ? nextLocalDate(slot) : nextLocalMonth(slot)
}

/** The slot `count` slots before `slot`. */
function slotsBack(resolution: Resolution, slot: string, count: number): string {
  let at = slot
  for (let i = 0; i < count; i++) at = slotStartOf(resolution, new Date(slotInstantOf(resolution, at) - 1))
  return at
}

/** The first slot starting at or after an instant (`to` is exclusive). */
function slotAtOrAfter(resolution: Resolution, at: Date): string {
  const start = slotStartOf(resolution, at)
  return slotInstantOf(resolution, start) === at.getTime() ? start : nextSlot(resolution, start)
}

export type WindowRefusal = 'from' | 'to' | 'window'

/**
 * The window an API caller asked for: `from` (the slot it falls in) up to `to` (exclusive), each a
 * local date or an instant; the default window's end (now's slot included) when `to` is absent,
 * and the resolution's default length before `to` when `from` is. Refused: unreadable figures,
 * an empty window, or more slots than MAX_SLOTS (a year of hours is never read).
 */
export function requestedWindow(
  resolution: Resolution,
  asked: { from?: string; to?: string },
  now: Date,
): { ok: true; window: Window } | { ok: false; refused: WindowRefusal } {
  const toAt = asked.to === undefined ? null : instantOf(asked.to)
  if (asked.to !== undefined && toAt === null) return { ok: false, refused: 'to' }
  const fromAt = asked.from === undefined ? null : instantOf(asked.from)
  if (asked.from !== undefined && fromAt === null) return { ok: false, refused: 'from' }
  const to = toAt === null ? windowEndingAt(resolution, now).to : slotAtOrAfter(resolution, toAt)
  const from = fromAt === null ? slotsBack(resolution, to, DEFAULT_SLOTS[resolution]) : slotStartOf(resolution, fromAt)
  const window = { from, to }
  if (from >= to) return { ok: false, refused: 'window' }
  // Counting only up to the limit: a window of ten thousand years costs no more than one too long.
  let count = 0
  for (let slot = from; slot < to && count <= MAX_SLOTS[resolution]; count++) slot = nextSlot(resolution, slot)
  return count > MAX_SLOTS[resolution] ? { ok: false, refused: 'window' } : { ok: true, window }
}
