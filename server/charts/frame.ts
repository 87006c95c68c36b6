// The one frame every chart is drawn in (decision 0051): a fixed viewBox that the page's CSS scales
// to its column, so that geometry is computed once on the server and the SVG needs no script.

export interface Margin {
  readonly top: number
  readonly right: number
  readonly bottom: number
  readonly left: number
}

export interface Frame {
  readonly width: number
  readonly height: number
  readonly margin: Margin
}

/** The plotting area inside the margins, in viewBox units. */
export interface Plot {
  readonly left: number
  readonly top: number
  readonly right: number
  readonly bottom: number
}

/** Wide enough for 8 date labels, high enough for 5 value ticks; the left margin holds `1.234,5`. */
export const FRAME: Frame = { width: 720, height: 260, margin: { top: 12, right: 16, bottom: 40, left: 72 } }

export function plotOf(frame: Frame): Plot {
  return {
    left: frame.margin.left,
    top: frame.margin.top,
    right: frame.width - frame.margin.right,
    bottom: frame.height - frame.margin.bottom,
  }
}

/** Coordinates are rounded to a tenth of a unit: finer is invisible and only makes the page longer. */
export function round1(value: number): number {
  return Math.round(value * 10) / 10
}

/** At most `most` evenly spaced slot indices to label (always the first), so labels never overlap. */
export function labelledSlots(count: number, most = 8): number[] {
  if (count <= 0) return []
  const step = Math.max(1, Math.ceil(count / most))
  const indices: number[] = []
  for (let i = 0; i < count; i += step) indices.push(i)
  return indices
}
