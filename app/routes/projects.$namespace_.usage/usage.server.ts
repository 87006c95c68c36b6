import { z } from 'zod'
import { unitOf } from '#server/domain/resources'
import type { MeteringClock } from '#server/charts/missing-figures'
import { usageCharts } from '#server/charts/usage-charts'
import { projectUsage } from '#server/metering/usage-history'
import { RESOLUTIONS, windowEndingAt, type Resolution, type ResourceUsage } from '#server/metering/usage-series'
import { requireVisibleProject } from '../projects.$namespace/access.server'
import { getDb } from '#app/utils/db.server'
import { httpError, withErrorReference } from '#app/utils/errors.server'
import { resolveLocale, translate, type Locale, type MessageKey } from '#app/utils/i18n.server'
import { byResource, resourceLabel } from '#app/utils/labels.server'
import { meteringClock } from '#app/utils/metering-clock.server'
import { toCsv } from '#app/utils/waivers.server'

// The project's usage page and its CSV (issue 14, decision 0051): one gate (the project page's,
// project.read within the reader's agencies), one reading of the metering's records and rollups.

export const UsageQuery = z.object({ resolution: z.enum(RESOLUTIONS as [Resolution, ...Resolution[]]).default('day') })

/** Authorises, then reads the project's use over the resolution's default window. */
export async function loadUsage(request: Request, rawNamespace: string | undefined, now = new Date()) {
  const { owner, namespace } = await requireVisibleProject(request, rawNamespace)
  const query = UsageQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams))
  if (!query.success) throw httpError(request, 400, { key: 'usage.invalid' })
  const { resolution } = query.data
  const db = getDb()
  const [project, usage] = await withErrorReference(request, () =>
    Promise.all([
      db.project.findUniqueOrThrow({ where: { id: owner.id }, select: { name: true } }),
      projectUsage(db, owner.id, resolution, windowEndingAt(resolution, now)),
    ]),
  )
  return { namespace, name: project.name, resolution, usage: [...usage].sort(byResource) }
}

export function usageChartsOf(
  usage: readonly ResourceUsage[],
  resolution: Resolution,
  locale: Locale,
  clock: MeteringClock,
) {
  return usageCharts(usage, resolution, locale, (resource) => resourceLabel(resource, locale), clock)
}

export async function usagePage(request: Request, rawNamespace: string | undefined) {
  const locale = resolveLocale(request)
  const now = new Date()
  const { usage, ...rest } = await loadUsage(request, rawNamespace, now)
  return { ...rest, charts: usageChartsOf(usage, rest.resolution, locale, meteringClock(now)) }
}

/** The figures as CSV, in canonical units (millicores, bytes, counts) so a spreadsheet sums them exactly. */
export function usageCsv(usage: readonly ResourceUsage[], locale: Locale): string {
  const t = (key: MessageKey) => translate(locale, key)
  const header = [
    t('usage.csv.resource'),
    t('usage.csv.key'),
    t('usage.csv.start'),
    t('usage.csv.unit'),
    t('usage.series.granted'),
    t('usage.series.requested'),
    t('usage.series.used'),
    t('usage.csv.peak'),
    t('usage.table.hours'),
  ]
  const text = (value: bigint | null) => (value === null ? '' : value.toString())
  const rows = usage.flatMap((resource) =>
    resource.points.map((p) => [
      resourceLabel(resource.resource, locale),
      resource.resource,
      p.start,
      unitOf(resource.resource),
      text(p.granted),
      text(p.requested),
      text(p.used),
      text(p.usedPeak),
      p.usedHours,
    ]),
  )
  return toCsv(header, rows)
}
