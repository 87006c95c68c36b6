// A stacked bar chart's geometry (decision 0051): one bar per slot (a month), stacked by series (a
// project's cost), with an optional reference level drawn across (the month's share of a budget).
// d3's band scale places the bars and its stack sums the layers. Pure.
import { scaleBand, scaleLinear } from 'd3-scale'
import { stack } from 'd3-shape'
import { FRAME, labelledSlots, plotOf, round1, type Frame, type Plot } from './frame'
import type { Tick } from './line-chart'

export interface BarSeriesInput {
  readonly key: string
  /** One value per slot, display units, zero or more. */
  readonly values: readonly number[]
}

export interface BarRect {
  readonly slot: number
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

export interface BarChartGeometry {
  readonly frame: Frame
  readonly plot: Plot
  readonly xTicks: readonly Tick[]
  readonly yTicks: readonly Tick[]
  readonly series: readonly { readonly key: string; readonly bars: readonly BarRect[] }[]
  /** The reference level's y, when one was given. */
  readonly reference: number | null
}

export function stackedBars(
  slotCount: number,
  series: readonly BarSeriesInput[],
  reference: number | null = null,
  frame: Frame = FRAME,
): BarChartGeometry {
  const plot = plotOf(frame)
  const slots = Array.from({ length: slotCount }, (_, index) => index)
  const rows = slots.map((slot) => Object.fromEntries(series.map((s) => [s.key, Math.max(0, s.values[slot] ?? 0)])))
  const layers = stack<Record<string, number>>().keys(series.map((s) => s.key))(rows)
  const totals = rows.map((row) => Object.values(row).reduce((sum, v) => sum + v, 0))
  const top = Math.max(1, ...totals, reference ?? 0)
  const x = scaleBand<number>().domain(slots).range([plot.left, plot.right]).padding(0.2)
  const y = scaleLinear().domain([0, top]).nice(5).range([plot.bottom, plot.top])
  const width = round1(x.bandwidth())
  return {
    frame,
    plot,
    xTicks: labelledSlots(slotCount).map((index) => ({
      value: index,
      at: round1((x(index) ?? 0) + x.bandwidth() / 2),
    })),
    yTicks: y.ticks(5).map((value) => ({ value, at: round1(y(value)) })),
    series: layers.map((layer) => ({
      key: layer.key,
      bars: layer.flatMap(([low, high], slot) =>
        high > low
          ? [{ slot, x: round1(x(slot) ?? 0), y: round1(y(high)), width, height: round1(y(low) - y(high)) }]
          : [],
      ),
    })),
    reference: reference === null ? null : round1(y(reference)),
  }
}
