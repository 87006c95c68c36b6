import type { Db } from '#server/db/client'
import { loadHeadroom } from '#server/workflow/headroom'
import { translate, type Locale } from '#app/utils/i18n.server'
import { byResource, formatOptionalDateTime, formatResourceAmount, resourceLabel } from '#app/utils/labels.server'

export type HeadroomView = Awaited<ReturnType<typeof headroomView>>

/** Headroom of a project or of an agency's projects, in the reader's language and units. */
export async function headroomView(db: Db, scope: { projectId: string } | { agencyId: string }, locale: Locale) {
  const headroom = await loadHeadroom(db, scope)
  const amount = (resource: string, value: bigint) => formatResourceAmount(resource, value, locale)
  const observedAt = formatOptionalDateTime(headroom.usedObservedAt, locale)
  return {
    lines: [...headroom.lines].sort(byResource).map((line) => ({
      resource: line.resource,
      label: resourceLabel(line.resource, locale),
      used: line.used === null ? translate(locale, 'headroom.notMeasured') : amount(line.resource, line.used),
      granted: amount(line.resource, line.granted),
      requested: amount(line.resource, line.requested),
    })),
    note: observedAt
      ? translate(locale, 'headroom.observedAt', { time: observedAt })
      : translate(locale, 'headroom.notObserved'),
  }
}
