import { describe, expect, it } from 'vitest'
import { poolChart } from './pool-charts'

/** The y of every point a line's path moves or draws to. */
const heights = (d: string) => [...d.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]))

describe('poolChart', () => {
  it("draws today's capacity across the window beside what was granted, requested and used", () => {
    const chart = poolChart(
      'compute-main',
      {
        resource: 'cpu',
        label: 'CPU',
        capacity: 64_000n,
        physical: 16_000n,
        days: [
          { day: '2026-12-05', granted: 20_000n, requested: 9_000n, used: 4_500n, recorded: true },
          { day: '2026-12-06', granted: 24_000n, requested: null, used: null, recorded: true },
        ],
      },
      'vi',
      // Local 08/12 10:00: the 6th is over and past its late passes.
      { now: new Date('2026-12-08T03:00:00Z'), periodSeconds: 300 },
    )
    expect(chart.id).toBe('pool-compute-main-cpu')
    expect(chart.series.map((s) => s.label)).toEqual([
      'Sức chứa (hiện tại)',
      'Đã cấp',
      'Yêu cầu',
      'Thực dùng (trung bình)',
    ])
    // The capacity is one level across the window, above the rest; an unmeasured day is a gap, not a zero.
    const [capacity] = heights(chart.series[0]!.d)
    expect(new Set(heights(chart.series[0]!.d))).toEqual(new Set([capacity]))
    expect(chart.series.slice(1).every((s) => heights(s.d).every((y) => y > capacity!))).toBe(true)
    // One measured day of use: one marker.
    expect(chart.series[3]?.marks.match(/M/g)).toHaveLength(1)
    // A figure not there says why, never a bare "chưa đo" (issue 17).
    expect(chart.table.rows[1]).toEqual([
      '06/12/2026',
      '64\u00a0vCPU',
      '24\u00a0vCPU',
      'không có: lần kiểm tra định kỳ không đếm được lượng yêu cầu trong khoảng này',
      'không đo được: kho số liệu chưa thu thập được số đo của khoảng này, hoặc số đo bị loại',
    ])
    expect(chart.description).toContain('sức chứa hiện tại 64\u00a0vCPU (phần cứng 16\u00a0vCPU)')
  })
})
