import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import type { RateCard } from '../domain/rate-card'
import type { Footprint } from '../domain/footprint'
import { withFootprint, type Statement } from '../domain/statement'
import { statementCsv, statementTable, statementXlsx, XLSX_FORMATS } from './export'
import { monthOfText, quantityInUnit, statementView } from './view'

// The pure mapping from a stored statement to what people read and download: quantities in their
// billing units, the prices of the cards used, the changes of a corrected version, and the cells
// of the CSV and XLSX with Vietnamese headers and number formats.

const GIB = 2n ** 30n
const CARDS: RateCard[] = [
  {
    effectiveFrom: '2026-01-01',
    prices: [
      { resource: 'cpu', price: 3_200_000n, basis: 'max_requested_used' },
      { resource: 'objectStorage', price: 4_125_000n, basis: 'used' },
    ],
  },
  { effectiveFrom: '2026-11-16', prices: [{ resource: 'cpu', price: 3_500_000n, basis: 'max_requested_used' }] },
]
const NAMES = new Map([
  ['p1', { id: 'p1', name: 'Cổng dịch vụ công Đồng Đăng', namespace: 'ubnd-dong-dang-cong' }],
  ['p2', { id: 'p2', name: 'Lưu trữ hồ sơ', namespace: 'so-khcn-luu-tru' }],
])

function statement(cpuHours: bigint, cpuAmount: bigint): Statement {
  const cpu = {
    resource: 'cpu' as const,
    amount: cpuAmount,
    quantityHours: cpuHours,
    unmeasuredHours: 3,
    basis: 'max_requested_used' as const,
    cards: ['2026-01-01', '2026-11-16'],
    footprint: null,
  }
  const storage = {
    resource: 'objectStorage' as const,
    amount: 4_125n,
    quantityHours: 10n * GIB * 720n,
    unmeasuredHours: 0,
    basis: 'used' as const,
    cards: ['2026-01-01'],
    footprint: null,
  }
  return {
    agencyId: 'a',
    month: '2026-11-01',
    projects: [
      { projectId: 'p1', lines: [cpu], total: cpuAmount },
      { projectId: 'p2', lines: [storage], total: 4_125n },
    ],
    total: cpuAmount + 4_125n,
  }
}

const closed = statement(3_600_000n, 1_234_567n)
const corrected = statement(3_602_600n, 1_235_400n)
const LABELS = { agencyName: 'UBND xã Đồng Đăng', agencyCode: 'ubnd-dong-dang', resource: (r: string) => `«${r}»` }

describe("a statement's view", () => {
  it('reads months only as YYYY-MM', () => {
    expect(monthOfText('2026-11')).toBe('2026-11-01')
    for (const bad of ['2026-13', '2026-1', '2026-11-01', '../x', '', '0000-01', '1969-12', '9999-12'])
      expect(monthOfText(bad)).toBeNull()
  })

  it('gives quantities in billing units: vCPU-hours, and GiB-months of the statement month', () => {
    expect(quantityInUnit('cpu', 3_600_000n, '2026-11-01')).toBe('3600')
    expect(quantityInUnit('cpu', 1n, '2026-11-01')).toBe('0.001')
    expect(quantityInUnit('objectStorage', 10n * GIB * 720n, '2026-11-01')).toBe('10')
    // December has 744 hours: the same GiB-hours are fewer GiB-months; four decimals, half up.
    expect(quantityInUnit('objectStorage', 10n * GIB * 720n, '2026-12-01')).toBe('9.6774')
  })

  it('shows each line with its project, unit, the prices of its cards and whole đồng', () => {
    const view = statementView({ statement: closed, version: 1, createdAt: null, previous: null }, NAMES, CARDS)
    expect(view).toMatchObject({ month: '2026-11', version: 1, state: 'closed', total: '1238692', changes: [] })
    expect(view.projects[0]).toEqual({
      projectId: 'p1',
      name: 'Cổng dịch vụ công Đồng Đăng',
      namespace: 'ubnd-dong-dang-cong',
      total: '1234567',
      energyWh: null,
      co2eGrams: null,
      lines: [
        {
          projectId: 'p1',
          resource: 'cpu',
          unit: 'vcpu_hour',
          basis: 'max_requested_used',
          quantity: '3600',
          prices: ['320', '350'],
          amount: '1234567',
          unmeasuredHours: 3,
          energyWh: null,
          co2eGrams: null,
        },
      ],
    })
  })

  it("lists a correction's changed lines against the version before, and nothing unchanged", () => {
    const view = statementView(
      { statement: corrected, version: 2, createdAt: new Date('2026-12-02T01:00:00Z'), previous: closed },
      NAMES,
      CARDS,
    )
    expect(view.createdAt).toBe('2026-12-02T01:00:00.000Z')
    expect(view.changes).toEqual([
      {
        projectId: 'p1',
        projectName: 'Cổng dịch vụ công Đồng Đăng',
        resource: 'cpu',
        amountBefore: '1234567',
        amountAfter: '1235400',
        quantityBefore: '3600',
        quantityAfter: '3602.6',
        unmeasuredHoursBefore: 3,
        unmeasuredHoursAfter: 3,
        energyWhBefore: null,
        energyWhAfter: null,
        co2eGramsBefore: null,
        co2eGramsAfter: null,
      },
    ])
  })

  it("lists a line whose stored energy alone moved, with both sides' figures", () => {
    const at = (energyWh: bigint): ReadonlyMap<string, Footprint> =>
      new Map([
        ['p1|cpu', { energyWh, co2eGrams: energyWh / 2n }],
        ['p2|objectStorage', { energyWh: 15n, co2eGrams: 10n }],
      ])
    const view = statementView(
      {
        statement: withFootprint(closed, at(8_100n)),
        version: 2,
        createdAt: null,
        previous: withFootprint(closed, at(8_000n)),
      },
      NAMES,
      CARDS,
    )
    expect(view.changes).toEqual([
      expect.objectContaining({
        resource: 'cpu',
        amountBefore: '1234567',
        amountAfter: '1234567',
        energyWhBefore: '8000',
        energyWhAfter: '8100',
        co2eGramsBefore: '4000',
        co2eGramsAfter: '4050',
      }),
    ])
  })

  it("gives each line's energy and emissions when estimated, and totals only when every line has them", () => {
    const footprint = new Map([['p1|cpu', { energyWh: 7n, co2eGrams: 5n }]])
    const partial = statementView(
      { statement: withFootprint(closed, footprint), version: 1, createdAt: null, previous: null },
      NAMES,
      CARDS,
    )
    expect(partial.projects[0]).toMatchObject({ energyWh: '7', co2eGrams: '5' })
    expect(partial.projects[0]!.lines[0]).toMatchObject({ energyWh: '7', co2eGrams: '5' })
    expect(partial.projects[1]).toMatchObject({ energyWh: null, co2eGrams: null })
    expect(partial).toMatchObject({ energyWh: null, co2eGrams: null })
  })

  it('marks the running month provisional', () => {
    const view = statementView({ statement: closed, version: null, createdAt: null, previous: null }, NAMES, CARDS)
    expect(view.state).toBe('provisional')
  })
})

describe("a statement's exports", () => {
  const footprint = new Map([
    ['p1|cpu', { energyWh: 8_006_400n, co2eGrams: 5_277_819n }],
    ['p2|objectStorage', { energyWh: 15n, co2eGrams: 10n }],
  ])
  const view = statementView(
    { statement: withFootprint(closed, footprint), version: 1, createdAt: null, previous: null },
    NAMES,
    CARDS,
  )
  const table = statementTable(view, LABELS, 'vi')

  it('has Vietnamese headers, a row per line and the total last', () => {
    expect(table.header).toEqual([
      'Dự án',
      'Namespace',
      'Tài nguyên',
      'Lượng tính phí',
      'Số lượng',
      'Đơn vị tính',
      'Đơn giá (đồng)',
      'Thành tiền (đồng)',
      'Giờ chưa đo',
      'Điện năng (kWh)',
      'Phát thải (kg CO2e)',
    ])
    expect(table.rows).toHaveLength(3)
    expect(table.rows[2]![0]).toEqual({ kind: 'text', value: 'Tổng cộng' })
    expect(table.rows[2]![7]).toEqual({ kind: 'dong', value: '1238692' })
    expect(table.preamble[0]).toBe('Bảng kê tháng 2026-11: UBND xã Đồng Đăng')
  })

  it('writes CSV with the byte order mark and numbers as a Vietnamese reader writes them', () => {
    const csv = statementCsv(table, 'vi')
    expect(csv.startsWith('\uFEFFDự án,Namespace,Tài nguyên,')).toBe(true)
    const lines = csv.split('\r\n')
    expect(lines[1]).toBe(
      'Cổng dịch vụ công Đồng Đăng,ubnd-dong-dang-cong,«cpu»,Lớn hơn giữa lượng yêu cầu và lượng dùng,3.600,vCPU-giờ,320 / 350,1.234.567,3,"8.006,40","5.277,82"',
    )
    expect(lines[2]).toContain('"412,5"')
    expect(lines[3]).toBe('Tổng cộng,,,,,,,1.238.692,,"8.006,42","5.277,83"')
    expect(statementCsv(table, 'en').split('\r\n')[3]).toBe('Tổng cộng,,,,,,,"1,238,692",,"8,006.42","5,277.83"')
  })

  it('writes XLSX with real numbers in đồng and quantity formats', async () => {
    const workbook = new ExcelJS.Workbook()
    const bytes = await statementXlsx(table, 'Bảng kê')
    await workbook.xlsx.load(bytes.buffer)
    const sheet = workbook.getWorksheet('Bảng kê')!
    expect(sheet.getCell('A1').value).toBe('Bảng kê tháng 2026-11: UBND xã Đồng Đăng')
    const header = table.preamble.length + 2
    expect(sheet.getRow(header).getCell(1).value).toBe('Dự án')
    const first = sheet.getRow(header + 1)
    expect(first.getCell(1).value).toBe('Cổng dịch vụ công Đồng Đăng')
    expect(first.getCell(5).value).toBe(3600)
    expect(first.getCell(5).numFmt).toBe(XLSX_FORMATS.quantity)
    expect(first.getCell(8).value).toBe(1234567)
    expect(first.getCell(8).numFmt).toBe('#,##0')
    expect(first.getCell(10).value).toBe(8006.4)
    expect(first.getCell(10).numFmt).toBe('#,##0.00')
    const total = sheet.getRow(header + 3)
    expect(total.getCell(8).value).toBe(1238692)
    expect(total.getCell(11).value).toBe(5277.829)
    expect(total.font?.bold).toBe(true)
  })
})
