// Which hours the metering job passes over, and which local day and month an hour belongs to.
// Pure: the job asks the clock and the database, this decides (decision 0047).

import { HOUR_MS, localDateOf, localMidnight, localMonthOf, type LocalDate } from '../domain/local-calendar'

export { HOUR_MS }

export interface HourPlanSettings {
  /** How long after an hour ends its last scrapes are in the store (scrape interval, SeaweedFS's minute). */
  readonly settleMs: number
  /** How long after the first pass the hour is passed over once more, for what came in late. */
  readonly latePassAfterMs: number
  /** Hours further back than this are not caught up (the store keeps more; the job stays bounded). */
  readonly catchUpHours: number
}

export const DEFAULT_HOUR_PLAN: HourPlanSettings = { settleMs: 3 * 60_000, latePassAfterMs: HOUR_MS, catchUpHours: 48 }

export function hourStart(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS)
}

/** What the job knows of an hour it passed over before. */
export interface HourPassed {
  readonly hour: Date
  readonly passes: number
  readonly firstAt: Date
}

/**
 * The complete hours to pass over now, oldest first: every hour of the catch-up window never
 * passed over, and each hour passed over once whose late pass is due. An hour is complete once it
 * has ended and settled; the current hour never is.
 */
export function hoursDue(now: Date, passed: readonly HourPassed[], settings: HourPlanSettings): Date[] {
  const lastComplete = hourStart(new Date(now.getTime() - settings.settleMs)).getTime() - HOUR_MS
  const first = lastComplete - (settings.catchUpHours - 1) * HOUR_MS
  const byHour = new Map(passed.map((p) => [p.hour.getTime(), p]))
  const due: Date[] = []
  for (let t = first; t <= lastComplete; t += HOUR_MS) {
    const seen = byHour.get(t)
    if (!seen || (seen.passes < 2 && now.getTime() - seen.firstAt.getTime() >= settings.latePassAfterMs))
      due.push(new Date(t))
  }
  return due
}

/**
 * The last local day that no pass can write to any more at `now`: each of its hours lies before the
 * first hour `hoursDue` could still name (a late pass included), with one hour more for a replica
 * whose clock runs behind. Its rollups are final, so their sums may be kept (day-totals.ts).
 */
export function lastFinalDay(now: Date, settings: HourPlanSettings): LocalDate {
  const firstInReach =
    hourStart(new Date(now.getTime() - settings.settleMs)).getTime() - (settings.catchUpHours + 1) * HOUR_MS
  // The day holding that hour ends after it; the day before ends at or before it.
  const holding = localDateOf(new Date(firstInReach))
  return localDateOf(new Date(localMidnight(holding).getTime() - 24 * HOUR_MS))
}

/** The local (UTC+7) date an hour falls in, as midnight UTC of that date (a DATE column's value). */
export function localDay(hour: Date): Date {
  return new Date(`${localDateOf(hour)}T00:00:00Z`)
}

/** The first local day of the month an hour falls in. */
export function localMonth(hour: Date): Date {
  return new Date(`${localMonthOf(hour)}T00:00:00Z`)
}
