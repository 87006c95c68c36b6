import { describe, expect, it } from 'vitest'
import { costChart, costLayers, type MonthCosts } from './cost-chart'

const month = (m: string, entries: [string, bigint][] | null): MonthCosts => ({
  month: m,
  byProject: entries === null ? null : new Map(entries),
})

describe('costChart', () => {
  const months = [
    month('2026-10-01', [
      ['a', 1_200_000n],
      ['b', 300_000n],
    ]),
    month('2026-11-01', null),
    month('2026-12-01', [['b', 2_500_000n]]),
  ]
  const names = new Map([
    ['a', 'Cổng dịch vụ công'],
    ['b', 'Hệ thống một cửa'],
  ])

  it('stacks each month by project in millions of đồng, against a twelfth of the budget', () => {
    const chart = costChart({ months, projectNames: names, budget: 36_000_000n }, 'vi')
    expect(chart.kind).toBe('bars')
    expect(chart.yLabel).toBe('Chi phí (triệu đồng)')
    // b spent more over the window: it is the first layer.
    expect(chart.series.map((s) => s.label)).toEqual(['Hệ thống một cửa', 'Cổng dịch vụ công'])
    // Its bars in October and December, none for November (not priced): two rectangles.
    expect(chart.series[0]?.marks.match(/M/g)).toHaveLength(2)
    expect(chart.reference?.label).toBe('Một phần mười hai ngân sách năm: 3.000.000\u00a0₫')
    expect(chart.description).toContain('3.000.000\u00a0₫ mỗi tháng')
  })

  it('tells a month it could not price apart from a month of nothing, in the table', () => {
    const chart = costChart({ months, projectNames: names, budget: null }, 'vi')
    expect(chart.reference).toBeNull()
    expect(chart.table.columns).toEqual(['Thời gian', 'Hệ thống một cửa', 'Cổng dịch vụ công', 'Tổng cộng'])
    expect(chart.table.rows).toEqual([
      ['10/2026', '300.000\u00a0₫', '1.200.000\u00a0₫', '1.500.000\u00a0₫'],
      ['11/2026', 'chưa tính được', 'chưa tính được', 'chưa tính được'],
      ['12/2026', '2.500.000\u00a0₫', '0\u00a0₫', '2.500.000\u00a0₫'],
    ])
  })

  it('draws the largest projects and one layer for the rest', () => {
    const many = [
      month(
        '2026-12-01',
        Array.from({ length: 9 }, (_, i) => [`p${i}`, BigInt((i + 1) * 1000)] as [string, bigint]),
      ),
    ]
    expect(costLayers(many)).toEqual(['p8', 'p7', 'p6', 'p5', 'p4', '*others'])
    const chart = costChart({ months: many, projectNames: new Map(), budget: null }, 'en')
    expect(chart.series.at(-1)?.label).toBe('Other projects')
    // The others are p0..p3: 1,000 + 2,000 + 3,000 + 4,000 đồng.
    expect(chart.table.rows[0]?.at(-2)).toBe('₫10,000')
    expect(chart.yLabel).toBe('Cost (đồng)')
  })
})
