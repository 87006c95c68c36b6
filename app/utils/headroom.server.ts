import type { Db } from '#server/db/client'
import { nextMeasuredBy as nextMeasuredAfter } from '#server/metering/next-measurement'
import { METERED_USE } from '#server/domain/resources'
import { loadHeadroom } from '#server/workflow/headroom'
import { formatDateTime, translate, type Locale } from '#app/utils/i18n.server'
import { meteringClock } from '#app/utils/metering-clock.server'
import { byResource, formatOptionalDateTime, formatResourceAmount, resourceLabel } from '#app/utils/labels.server'

export type HeadroomView = Awaited<ReturnType<typeof headroomView>>

/**
 * A resource's use in the reader's words: its amount, or why there is none yet and when there will
 * be (the metering's next hour for what it measures, the periodic check for the quota's counts).
 */
export function usedText(resource: string, used: bigint | null, locale: Locale, nextBy: Date): string {
  if (used !== null) return formatResourceAmount(resource, used, locale)
  return METERED_USE.includes(resource)
    ? translate(locale, 'headroom.notMetered', { time: formatDateTime(nextBy, locale) })
    : translate(locale, 'headroom.notMeasured')
}

/** Headroom of a project or of an agency's projects, in the reader's language and units. */
export async function headroomView(db: Db, scope: { projectId: string } | { agencyId: string }, locale: Locale) {
  const now = new Date()
  const headroom = await loadHeadroom(db, scope, now)
  const nextBy = nextMeasuredBy(now)
  const amount = (resource: string, value: bigint) => formatResourceAmount(resource, value, locale)
  const observedAt = formatOptionalDateTime(headroom.usedObservedAt, locale)
  const meteredUpTo = formatOptionalDateTime(headroom.meteredUpTo, locale)
  const notes = [
    ...(observedAt ? [translate(locale, 'headroom.observedAt', { time: observedAt })] : []),
    ...(meteredUpTo ? [translate(locale, 'headroom.meteredUpTo', { time: meteredUpTo })] : []),
  ]
  return {
    lines: [...headroom.lines].sort(byResource).map((line) => ({
      resource: line.resource,
      label: resourceLabel(line.resource, locale),
      used: usedText(line.resource, line.used, locale, nextBy),
      granted: amount(line.resource, line.granted),
      requested: amount(line.resource, line.requested),
    })),
    note: notes.length > 0 ? notes.join(' ') : translate(locale, 'headroom.notObserved'),
  }
}

/** By when the hour running at `now` is measured, at the metering period this deployment configured. */
export function nextMeasuredBy(now: Date): Date {
  return nextMeasuredAfter(now, meteringClock(now).periodSeconds)
}
