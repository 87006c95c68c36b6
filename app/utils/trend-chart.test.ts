import { describe, expect, it } from 'vitest'
import { CHART, scaleTop, trendPoints } from './trend-chart'

describe('the trend chart', () => {
  it('rounds the scale up to 1, 2 or 5 × a power of ten', () => {
    expect(scaleTop([])).toBe(1)
    expect(scaleTop([0, 0])).toBe(1)
    expect(scaleTop([3])).toBe(5)
    expect(scaleTop([7, 10])).toBe(10)
    expect(scaleTop([11])).toBe(20)
    expect(scaleTop([26])).toBe(50)
    expect(scaleTop([1234])).toBe(2000)
  })

  it('puts the first day on the left edge, the last on the right, zero on the axis and the top at the top', () => {
    const points = trendPoints([0, 5, 10], 10).split(' ')
    const bottom = CHART.height - CHART.bottom
    expect(points).toEqual([
      `${CHART.left},${bottom}`,
      `${(CHART.left + CHART.width - CHART.right) / 2},${(CHART.top + bottom) / 2}`,
      `${CHART.width - CHART.right},${CHART.top}`,
    ])
  })

  it('draws a single day in the middle and never above the box', () => {
    expect(trendPoints([50], 10)).toBe(`${(CHART.left + CHART.width - CHART.right) / 2},${CHART.top}`)
  })
})
