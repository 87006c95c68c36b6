// Why a usage figure is missing and when it will be there (issue 17), for the usage and pool charts'
// tables and descriptions: never a bare "chưa đo". Pure: the slot, what was recorded in it, the
// clock and the metering period the deployment configured (server/metering/next-measurement.ts).
import { METERED_USE } from '../domain/resources'
import type { Locale } from '../i18n/format'
import { formatDateTime } from '../i18n/format'
import { translate, type MessageKey } from '../i18n/index'
import { DEFAULT_HOUR_PLAN, HOUR_MS, type HourPlanSettings } from '../metering/hours'
import { hourMeasuredBy } from '../metering/next-measurement'
import { slotEndOf, slotInstantOf, type Resolution } from '../metering/usage-series'

export type Figure = 'granted' | 'requested' | 'used'

export interface MeteringClock {
  readonly now: Date
  /** METERING_PERIOD_SECONDS as configured. */
  readonly periodSeconds: number
  readonly plan?: HourPlanSettings
}

export interface MissingSlot {
  readonly start: string
  /** Whether any hour of the slot has a record (the metering passed over it). */
  readonly recorded: boolean
}

type Reason = { key: MessageKey; at?: Date }

/** The reason in the catalogue's terms; see `missingFigures` for the words. */
export function missingReason(
  resource: string,
  figure: Figure,
  resolution: Resolution,
  slot: MissingSlot,
  clock: MeteringClock,
): Reason {
  const plan = clock.plan ?? DEFAULT_HOUR_PLAN
  const now = clock.now.getTime()
  const end = slotEndOf(resolution, slot.start).getTime()
  // No quota counts what is requested of object and backup storage and buckets: never a figure.
  if (figure === 'requested' && METERED_USE.includes(resource)) return { key: 'usage.missing.notRequested' }
  // An hour of the slot has not ended and settled yet, or one the job has not passed over is still
  // within the hours it catches up: the next look measures it.
  const firstInReach = Math.floor((now - plan.settleMs) / HOUR_MS) * HOUR_MS - plan.catchUpHours * HOUR_MS
  if (end + plan.settleMs > now || (!slot.recorded && end > firstInReach)) {
    const start = Math.max(slotInstantOf(resolution, slot.start), now - plan.settleMs - HOUR_MS)
    return { key: 'usage.missing.pending', at: hourMeasuredBy(new Date(start), clock.now, clock.periodSeconds, plan) }
  }
  if (!slot.recorded) return { key: 'usage.missing.never' }
  if (figure === 'granted') return { key: 'usage.missing.notGranted' }
  if (figure === 'requested') return { key: 'usage.missing.notCounted' }
  // Passed over without a reading: the hour is passed over once more an hour later (hours.ts).
  const period = clock.periodSeconds * 1000
  const latePassBy = end + plan.settleMs + period + plan.latePassAfterMs + period
  // What the store reads per bucket is there only once a bucket has been scraped.
  const bucket = resource === 'objectStorage' || resource === 'buckets'
  if (latePassBy > now)
    return {
      key: bucket ? 'usage.missing.noBucketReadingRetry' : 'usage.missing.noReadingRetry',
      at: new Date(latePassBy),
    }
  return { key: bucket ? 'usage.missing.noBucketReading' : 'usage.missing.noReading' }
}

/**
 * The words for missing figures in one reader's language, each sentence written once per page
 * (a window of 48 hours or 31 days repeats the same few).
 */
export function missingFigures(resolution: Resolution, clock: MeteringClock, locale: Locale) {
  const said = new Map<string, string>()
  return (resource: string, figure: Figure, slot: MissingSlot): string => {
    const reason = missingReason(resource, figure, resolution, slot, clock)
    const cacheKey = `${reason.key} ${reason.at?.getTime() ?? ''}`
    let text = said.get(cacheKey)
    if (text === undefined) {
      text = translate(locale, reason.key, reason.at ? { time: formatDateTime(reason.at, locale) } : {})
      said.set(cacheKey, text)
    }
    return text
  }
}
