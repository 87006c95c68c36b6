import { describe, expect, it } from 'vitest'
import { stackedBars } from './bar-chart'
import { FRAME, labelledSlots, plotOf } from './frame'
import { displayUnit, inUnit, slotLabel, slotTick, valueTick } from './labels'
import { domainTop, lineChart } from './line-chart'

const plot = plotOf(FRAME)

describe('lineChart', () => {
  it('spans the plot from the first slot to the last, zero at the bottom, nice ticks', () => {
    const chart = lineChart(5, [{ key: 'used', values: [0, 1, 2, 3, 3.6], shape: 'line' }])
    const [series] = chart.series
    expect(series?.points[0]).toEqual({ x: plot.left, y: plot.bottom })
    expect(series?.points.at(-1)?.x).toBe(plot.right)
    // 3.6 is topped up to the nice 4: ticks 0..4, the highest at the top of the plot.
    expect(chart.yTicks.map((t) => t.value)).toEqual([0, 1, 2, 3, 4])
    expect(chart.yTicks.at(-1)?.at).toBe(plot.top)
    expect(series?.d.startsWith(`M${plot.left},${plot.bottom}`)).toBe(true)
  })

  it('leaves a gap where nothing was measured, not a drop to zero', () => {
    const chart = lineChart(4, [{ key: 'used', values: [1, null, null, 1], shape: 'line' }])
    const d = chart.series[0]?.d ?? ''
    // Two separate moves, no line through the missing slots.
    expect(d.match(/M/g)).toHaveLength(2)
    expect(d).not.toContain(`,${plot.bottom}`)
    expect(chart.series[0]?.points).toHaveLength(2)
  })

  it('draws a step that holds each value until the next slot', () => {
    const chart = lineChart(3, [{ key: 'granted', values: [2, 4, 4], shape: 'step' }])
    const [first, second] = chart.series[0]?.points ?? []
    // The step rises at the second slot's x: a horizontal segment at the first value reaches it.
    expect(chart.series[0]?.d).toContain(`L${second?.x},${first?.y}`)
  })

  it('gives a chart of nothing a scale of 0..1 and one slot a place in the middle', () => {
    expect(domainTop([{ key: 'a', values: [null, 0], shape: 'line' }])).toBe(1)
    const chart = lineChart(1, [{ key: 'a', values: [null], shape: 'line' }])
    expect(chart.series[0]?.d).toBe('')
    expect(chart.xTicks).toEqual([{ value: 0, at: (plot.left + plot.right) / 2 }])
  })
})

describe('stackedBars', () => {
  it('stacks each slot and draws the reference level', () => {
    const chart = stackedBars(
      2,
      [
        { key: 'a', values: [100, 0] },
        { key: 'b', values: [50, 200] },
      ],
      300,
    )
    const [a, b] = chart.series
    expect(a?.bars).toHaveLength(1) // a zero draws no bar
    const aBar = a!.bars[0]!
    const bFirst = b!.bars[0]!
    expect(aBar.y + 0).toBeCloseTo(bFirst.y + bFirst.height, 0) // b sits on a
    expect(aBar.y + aBar.height).toBeCloseTo(plot.bottom, 0)
    expect(chart.reference).toBe(plot.top) // 300 is the top of 0..300
    expect(chart.yTicks.at(-1)?.value).toBe(300)
  })
})

describe('labels', () => {
  it('names slots in Vietnamese first, in Việt Nam time', () => {
    expect(slotTick('hour', '2026-12-06T07:00:00.000Z', 'vi')).toBe('06/12 14:00')
    expect(slotTick('hour', '2026-12-06T17:00:00.000Z', 'en')).toBe('07 Dec 00:00')
    expect(slotTick('day', '2026-12-06', 'vi')).toBe('06/12')
    expect(slotTick('month', '2026-12-01', 'vi')).toBe('12/2026')
    expect(slotTick('month', '2026-12-01', 'en')).toBe('Dec 2026')
    expect(slotLabel('day', '2026-12-06', 'vi')).toBe('06/12/2026')
    expect(slotLabel('hour', '2026-12-06T07:00:00.000Z', 'vi')).toBe('06/12/2026 14:00')
  })

  it('writes values with the locale separators and picks a unit for the largest amount', () => {
    expect(valueTick(1234.5, 'vi')).toBe('1.234,5')
    expect(valueTick(1234.5, 'en')).toBe('1,234.5')
    expect(displayUnit('millicores', 5000n)).toEqual({ label: 'vCPU', divisor: 1000 })
    expect(displayUnit('bytes', 3n * 2n ** 30n)).toEqual({ label: 'GiB', divisor: 2 ** 30 })
    expect(displayUnit('bytes', 10n)).toEqual({ label: 'MiB', divisor: 2 ** 20 })
    expect(inUnit(1536n, displayUnit('millicores', 0n))).toBe(1.536)
    expect(inUnit(null, displayUnit('count', 0n))).toBeNull()
  })

  it('labels at most eight slots, evenly', () => {
    expect(labelledSlots(48)).toEqual([0, 6, 12, 18, 24, 30, 36, 42])
    expect(labelledSlots(3)).toEqual([0, 1, 2])
    expect(labelledSlots(0)).toEqual([])
  })
})
