// What a page hands its chart component (decision 0051): the geometry with every label already in
// the reader's language, and the same figures as a table for screen readers and for whoever would
// rather read. The component (app/components/chart.tsx) only draws this; no maths in the browser.
// The view is also the page's hydration data, so it holds what is drawn and nothing more: paths
// as text (a series' markers or bars are one path, server/charts/marks.ts), the labelled ticks only.
import type { BarChartGeometry } from './bar-chart'
import type { Plot } from './frame'
import type { LineChartGeometry } from './line-chart'
import { barsPath, legendMark, markerPlaces, markerShape } from './marks'

export interface LabelledTick {
  readonly at: number
  readonly label: string
}

export interface SeriesView {
  readonly key: string
  readonly label: string
  /**
   * Index of the series' colour (the stylesheet's palette) and of its dash and marker (the
   * component's four of each): series differ by more than colour.
   */
  readonly index: number
  /** The line's path; empty for bars and for a series with no value. */
  readonly d: string
  /** A line's measured slots as empty segments, each drawn with `marker`; or its bars. May be empty. */
  readonly marks: string
  /** The marker's shape around the origin; empty for bars. */
  readonly marker: string
  /** The legend swatch's mark, in a 28 × 10 box (drawn with `marker` too). */
  readonly legendMark: string
}

export interface ChartTable {
  readonly columns: readonly string[]
  /** The first cell of a row names its slot; the rest are the series' figures, formatted. */
  readonly rows: readonly (readonly string[])[]
}

export interface ChartView {
  readonly kind: 'line' | 'bars'
  /** Unique on the page: the SVG's title and description are referenced by it. */
  readonly id: string
  readonly title: string
  readonly description: string
  readonly width: number
  readonly height: number
  readonly plot: Plot
  readonly xTicks: readonly LabelledTick[]
  readonly yTicks: readonly LabelledTick[]
  /** The value axis's name with its unit, e.g. `vCPU` or `Chi phí (đồng)`. */
  readonly yLabel: string
  readonly series: readonly SeriesView[]
  readonly reference: { readonly y: number; readonly label: string } | null
  readonly table: ChartTable
}

export interface ChartWords {
  readonly id: string
  readonly title: string
  readonly description: string
  readonly yLabel: string
  /** A label per series key. */
  readonly seriesLabels: readonly string[]
  /** A slot's tick text, asked only of the labelled slots: long slot names belong in the table. */
  readonly slotTick: (slot: number) => string
  readonly valueTick: (value: number) => string
  readonly table: ChartTable
  readonly referenceLabel?: string
}

export function chartView(geometry: LineChartGeometry | BarChartGeometry, words: ChartWords): ChartView {
  const bars = 'reference' in geometry
  const kind = bars ? 'bars' : 'line'
  return {
    kind,
    id: words.id,
    title: words.title,
    description: words.description,
    width: geometry.frame.width,
    height: geometry.frame.height,
    plot: geometry.plot,
    xTicks: geometry.xTicks.map((tick) => ({ at: tick.at, label: words.slotTick(tick.value) })),
    yTicks: geometry.yTicks.map((tick) => ({ at: tick.at, label: words.valueTick(tick.value) })),
    yLabel: words.yLabel,
    series: geometry.series.map((s, index) => ({
      key: s.key,
      label: words.seriesLabels[index] ?? s.key,
      index,
      d: 'd' in s ? s.d : '',
      marks: 'bars' in s ? barsPath(s.bars) : markerPlaces(s.points),
      marker: 'bars' in s ? '' : markerShape(index),
      legendMark: legendMark(kind),
    })),
    reference:
      bars && geometry.reference !== null ? { y: geometry.reference, label: words.referenceLabel ?? '' } : null,
    table: words.table,
  }
}
