// A line chart's geometry (decision 0051): evenly spaced slots (hours, days or months) on x, one
// value scale from zero on y, one path per series with gaps where a slot has no value (not
// measured is not zero, decision 0046). Scales, ticks and paths are d3's; this file only decides
// what is drawn where. Pure: numbers in, numbers and path strings out.
import { scaleLinear } from 'd3-scale'
import { curveLinear, curveStepAfter, line } from 'd3-shape'
import { FRAME, labelledSlots, plotOf, round1, type Frame, type Plot } from './frame'

export type SeriesShape = 'line' | 'step'

export interface LineSeriesInput {
  readonly key: string
  /** One value per slot, in display units (vCPU, GiB, đồng…); null where nothing was measured. */
  readonly values: readonly (number | null)[]
  /** A step holds its value until the next slot (a grant); a line joins the measured points. */
  readonly shape: SeriesShape
}

export interface Tick {
  readonly value: number
  /** Position along the tick's axis, viewBox units. */
  readonly at: number
}

export interface LineSeriesGeometry {
  readonly key: string
  /** The SVG path; empty when the series has no value at all. */
  readonly d: string
  /** Each slot with a value, for markers (so one measured hour between gaps is still seen). */
  readonly points: readonly { readonly x: number; readonly y: number }[]
}

export interface LineChartGeometry {
  readonly frame: Frame
  readonly plot: Plot
  readonly xTicks: readonly Tick[]
  readonly yTicks: readonly Tick[]
  readonly series: readonly LineSeriesGeometry[]
}

/** The highest value of every series; a chart of zeros or of nothing still gets a scale of 0..1. */
export function domainTop(series: readonly LineSeriesInput[]): number {
  let top = 0
  for (const s of series) for (const v of s.values) if (v !== null && Number.isFinite(v) && v > top) top = v
  return top > 0 ? top : 1
}

export function lineChart(
  slotCount: number,
  series: readonly LineSeriesInput[],
  frame: Frame = FRAME,
): LineChartGeometry {
  const plot = plotOf(frame)
  // One slot alone sits in the middle rather than on the axis.
  const x = scaleLinear()
    .domain(slotCount > 1 ? [0, slotCount - 1] : [-1, 1])
    .range([plot.left, plot.right])
  const y = scaleLinear()
    .domain([0, domainTop(series)])
    .nice(5)
    .range([plot.bottom, plot.top])
  const xTicks = labelledSlots(slotCount).map((index) => ({ value: index, at: round1(x(index)) }))
  const yTicks = y.ticks(5).map((value) => ({ value, at: round1(y(value)) }))
  return {
    frame,
    plot,
    xTicks,
    yTicks,
    series: series.map((s) => {
      const defined = s.values.flatMap((value, index) =>
        value === null || !Number.isFinite(value) ? [] : [{ x: round1(x(index)), y: round1(y(value)) }],
      )
      const path = line<number | null>()
        .defined((value) => value !== null && Number.isFinite(value))
        .x((_, index) => round1(x(index)))
        .y((value) => round1(y(value ?? 0)))
        .curve(s.shape === 'step' ? curveStepAfter : curveLinear)
      return { key: s.key, d: path(s.values as (number | null)[]) ?? '', points: defined }
    }),
  }
}
