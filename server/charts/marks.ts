// The marks a chart draws besides its lines (decision 0051): a marker on every measured slot (so one
// measured hour between gaps is still seen) or a rectangle per bar. A series' markers are one SVG
// <marker> shape, drawn at each vertex of one path of empty segments (`M72,100h0M85.4,96h0…`: a
// lone move is not always marked, Chromium skips one in an <svg> of its own); its bars are one path
// of rectangles. Eight charts of 48 hours were 1,152 marker elements; this way the page,
// and the data it hydrates from, carry about fourteen characters a point. Shapes differ per series
// (circle, square, triangle, diamond), so series are told apart by more than colour. Pure.
import type { BarRect } from './bar-chart'

/** Beyond this many slots markers would merge into a band; the line alone is drawn. */
export const MAX_MARKERS = 60

const SHAPES = [
  'M-2.5,0a2.5,2.5 0 1,0 5,0a2.5,2.5 0 1,0 -5,0',
  'M-2.5,-2.5h5v5h-5Z',
  'M0,-3l3,5.5h-6Z',
  'M0,-3.5l3.5,3.5l-3.5,3.5l-3.5,-3.5Z',
] as const

/** The series' marker (its index mod 4), centred on the origin. */
export function markerShape(shape: number): string {
  return SHAPES[shape % SHAPES.length]!
}

/** An empty segment on each point, where the series' marker is drawn; empty beyond MAX_MARKERS points. */
export function markerPlaces(points: readonly { readonly x: number; readonly y: number }[]): string {
  return points.length > MAX_MARKERS ? '' : points.map((p) => `M${p.x},${p.y}h0`).join('')
}

/** Every bar as one path of closed rectangles. */
export function barsPath(bars: readonly BarRect[]): string {
  return bars.map((b) => `M${b.x},${b.y}h${b.width}v${b.height}h${-b.width}Z`).join('')
}

/** The legend's swatch in its 28 × 10 box: a bar, or the place of the series' marker. */
export function legendMark(kind: 'line' | 'bars'): string {
  return kind === 'bars' ? 'M6,0h16v10h-16Z' : 'M14,5h0'
}
