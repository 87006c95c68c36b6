// A project's usage charts (decision 0051): per resource, granted (a step: grants change at once),
// requested and used (the measured averages) over the window's slots, with the same figures as a
// table of exact amounts. Every word from the catalogue, every figure in the reader's format.
import { unitOf } from '../domain/resources'
import { formatAmount } from '../i18n/amounts'
import type { Locale } from '../i18n/format'
import { translate } from '../i18n/index'
import type { Resolution, ResourceUsage, UsagePoint } from '../metering/usage-series'
import { displayUnit, inUnit, slotLabel, slotTick, valueTick } from './labels'
import { missingFigures, type Figure, type MeteringClock } from './missing-figures'
import { lineChart } from './line-chart'
import { chartView, type ChartView } from './view'

const FIGURES = ['granted', 'requested', 'used'] as const

function largest(points: readonly UsagePoint[]): bigint {
  let top = 0n
  for (const p of points) for (const f of FIGURES) if ((p[f] ?? 0n) > top) top = p[f] ?? 0n
  return top
}

function highest(points: readonly UsagePoint[], figure: (typeof FIGURES)[number]): bigint | null {
  const values = points.map((p) => p[figure]).filter((v): v is bigint => v !== null)
  return values.length === 0 ? null : values.reduce((a, b) => (b > a ? b : a))
}

/** Each value formatted once: a grant or a request holds the same figure for most of a window. */
function amountsOf(unitKind: ReturnType<typeof unitOf>, locale: Locale) {
  const done = new Map<bigint, string>()
  return (value: bigint) => {
    let text = done.get(value)
    if (text === undefined) done.set(value, (text = formatAmount(value, unitKind, locale)))
    return text
  }
}

/**
 * A project's charts, one per resource; `resourceLabel` names a resource in the reader's
 * language. Every resource has the same slots (usageSeries), so their names are written once.
 * A missing figure says why and when it will be there, from the metering's clock.
 */
export function usageCharts(
  usage: readonly ResourceUsage[],
  resolution: Resolution,
  locale: Locale,
  resourceLabel: (resource: string) => string,
  clock: MeteringClock,
): ChartView[] {
  const missing = missingFigures(resolution, clock, locale)
  const slotNames = new Map<string, string>()
  const slotName = (start: string) => {
    let name = slotNames.get(start)
    if (name === undefined) slotNames.set(start, (name = slotLabel(resolution, start, locale)))
    return name
  }
  return usage.map((resource) =>
    usageChart(resource, resolution, locale, resourceLabel(resource.resource), slotName, missing),
  )
}

function usageChart(
  usage: ResourceUsage,
  resolution: Resolution,
  locale: Locale,
  resourceLabel: string,
  slotName: (start: string) => string,
  missing: ReturnType<typeof missingFigures>,
): ChartView {
  const { points } = usage
  const unitKind = unitOf(usage.resource)
  const unit = displayUnit(unitKind, largest(points))
  const formatted = amountsOf(unitKind, locale)
  const amount = (p: UsagePoint, figure: Figure) => {
    const value = p[figure]
    return value === null
      ? missing(usage.resource, figure, { start: p.start, recorded: p.hours > 0 })
      : formatted(value)
  }
  /** The highest of a figure over the window; when none, why, as the newest slot says it. */
  const highestOf = (figure: Figure) => {
    const top = highest(points, figure)
    const newest = points.at(-1)
    if (top !== null) return formatted(top)
    return newest === undefined ? '' : amount(newest, figure)
  }
  const geometry = lineChart(
    points.length,
    FIGURES.map((figure) => ({
      key: figure,
      values: points.map((p) => inUnit(p[figure], unit)),
      shape: figure === 'granted' ? ('step' as const) : ('line' as const),
    })),
  )
  const first = points[0]?.start
  const last = points.at(-1)?.start
  return chartView(geometry, {
    id: `usage-${usage.resource.replace(/[^a-zA-Z0-9-]/g, '-')}`,
    title: translate(locale, 'usage.chart.title', { resource: resourceLabel }),
    description: translate(locale, 'usage.chart.description', {
      resource: resourceLabel,
      from: first === undefined ? '' : slotName(first),
      to: last === undefined ? '' : slotName(last),
      granted: highestOf('granted'),
      used: highestOf('used'),
    }),
    yLabel:
      unit.label === '' ? translate(locale, 'usage.axis.count') : translate(locale, 'usage.axis', { unit: unit.label }),
    seriesLabels: FIGURES.map((figure) => translate(locale, `usage.series.${figure}`)),
    slotTick: (slot) => slotTick(resolution, points[slot]?.start ?? '', locale),
    valueTick: (value) => valueTick(value, locale),
    table: {
      columns: [
        translate(locale, 'usage.table.slot'),
        ...FIGURES.map((figure) => translate(locale, `usage.series.${figure}`)),
        translate(locale, 'usage.table.hours'),
      ],
      rows: points.map((p) => [
        slotName(p.start),
        ...FIGURES.map((figure) => amount(p, figure)),
        `${p.usedHours}/${p.hours}`,
      ]),
    },
  })
}
