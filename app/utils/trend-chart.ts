// The dashboard's trend as an SVG drawn on the server (decision 0043): a polyline of whole numbers
// in a fixed box, no chart library and nothing the Content-Security-Policy would refuse (no
// script, no inline style: geometry is attributes, colours come from the stylesheet).

export const CHART = { width: 600, height: 160, left: 40, right: 12, top: 12, bottom: 24 } as const

/** The top of the scale: the largest value rounded up to 1, 2 or 5 × a power of ten (at least 1). */
export function scaleTop(values: readonly number[]): number {
  const max = Math.max(1, ...values)
  const power = 10 ** Math.floor(Math.log10(max))
  const step = [1, 2, 5, 10].find((m) => m * power >= max) ?? 10
  return step * power
}

/** The `points` of an SVG polyline for `values` (one a day, oldest first) scaled to `top`. */
export function trendPoints(values: readonly number[], top: number): string {
  const innerWidth = CHART.width - CHART.left - CHART.right
  const innerHeight = CHART.height - CHART.top - CHART.bottom
  const x = (i: number) =>
    values.length === 1 ? CHART.left + innerWidth / 2 : CHART.left + (i * innerWidth) / (values.length - 1)
  const y = (v: number) => CHART.top + innerHeight * (1 - Math.min(v, top) / top)
  return values.map((v, i) => `${round(x(i))},${round(y(v))}`).join(' ')
}

const round = (n: number) => Math.round(n * 10) / 10
