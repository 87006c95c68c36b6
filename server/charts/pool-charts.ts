// A capacity pool's charts for operators (decision 0051): per resource, what the pool can give
// (today's effective capacity: capacity is not kept as history), what it granted, what projects
// requested and what they really used, by local day, so that overcommit is set from evidence.
// Pure: the pool's figures in, one chart per resource out.
import { unitOf } from '../domain/resources'
import { formatAmount } from '../i18n/amounts'
import type { Locale } from '../i18n/format'
import { translate } from '../i18n/index'
import { displayUnit, inUnit, slotLabel, slotTick, valueTick } from './labels'
import { missingFigures, type MeteringClock } from './missing-figures'
import { lineChart } from './line-chart'
import { chartView, type ChartView } from './view'

export interface PoolDay {
  readonly day: string
  readonly granted: bigint | null
  readonly requested: bigint | null
  readonly used: bigint | null
  /** Whether any project's hour of the day was recorded (else the figures were never measured). */
  readonly recorded: boolean
}

export interface PoolResourceInput {
  readonly resource: string
  readonly label: string
  /** Effective capacity now (physical × overcommit). */
  readonly capacity: bigint
  readonly physical: bigint
  /** One per day of the window, in order. */
  readonly days: readonly PoolDay[]
}

const FIGURES = ['capacity', 'granted', 'requested', 'used'] as const
type Figure = (typeof FIGURES)[number]

function valueOf(input: PoolResourceInput, day: PoolDay, figure: Figure): bigint | null {
  return figure === 'capacity' ? input.capacity : day[figure]
}

function highestUse(days: readonly PoolDay[]): bigint | null {
  const values = days.map((d) => d.used).filter((v): v is bigint => v !== null)
  return values.length === 0 ? null : values.reduce((a, b) => (b > a ? b : a))
}

/** A missing figure says why and when it will be there, from the metering's clock. */
export function poolChart(poolCode: string, input: PoolResourceInput, locale: Locale, clock: MeteringClock): ChartView {
  const unitKind = unitOf(input.resource)
  let top = input.capacity
  for (const d of input.days) for (const v of [d.granted, d.requested, d.used]) if (v !== null && v > top) top = v
  const unit = displayUnit(unitKind, top)
  const amount = (v: bigint) => formatAmount(v, unitKind, locale)
  const missing = missingFigures('day', clock, locale)
  const figureOf = (d: PoolDay, figure: Figure) => {
    const v = valueOf(input, d, figure)
    if (v !== null) return amount(v)
    return figure === 'capacity' ? '' : missing(input.resource, figure, { start: d.day, recorded: d.recorded })
  }
  const newest = input.days.at(-1)
  const highest = highestUse(input.days)
  const geometry = lineChart(
    input.days.length,
    FIGURES.map((figure) => ({
      key: figure,
      values: input.days.map((d) => inUnit(valueOf(input, d, figure), unit)),
      shape: figure === 'used' || figure === 'requested' ? ('line' as const) : ('step' as const),
    })),
  )
  const first = input.days[0]?.day
  const last = input.days.at(-1)?.day
  const seriesLabels = FIGURES.map((f) => translate(locale, `pools.series.${f}`))
  return chartView(geometry, {
    id: `pool-${poolCode}-${input.resource}`.replace(/[^a-zA-Z0-9-]/g, '-'),
    title: translate(locale, 'pools.chart.title', { resource: input.label }),
    description: translate(locale, 'pools.chart.description', {
      resource: input.label,
      from: first === undefined ? '' : slotLabel('day', first, locale),
      to: last === undefined ? '' : slotLabel('day', last, locale),
      capacity: amount(input.capacity),
      physical: amount(input.physical),
      used: highest !== null ? amount(highest) : newest ? figureOf(newest, 'used') : '',
    }),
    yLabel:
      unit.label === '' ? translate(locale, 'usage.axis.count') : translate(locale, 'usage.axis', { unit: unit.label }),
    seriesLabels,
    slotTick: (slot) => slotTick('day', input.days[slot]?.day ?? '', locale),
    valueTick: (value) => valueTick(value, locale),
    table: {
      columns: [translate(locale, 'usage.table.slot'), ...seriesLabels],
      rows: input.days.map((d) => [slotLabel('day', d.day, locale), ...FIGURES.map((figure) => figureOf(d, figure))]),
    },
  })
}
