// A statement as a spreadsheet (issue 14, decision 0048 "Statements"): one table of cells, typed
// (text, whole đồng, a quantity, hours), built once from the view in the reader's language and
// written two ways: CSV through the console's one CSV writer (UTF-8 with its mark, formulas
// defused, numbers as the reader writes them: 1.234.567 in Vietnamese), and XLSX with real numbers
// and number formats (đồng grouped with no decimals), so Excel sums the column itself.
import ExcelJS from 'exceljs'
import { formatScaledDecimal } from '../domain/decimal'
import { formatNumber, type Locale } from '../i18n/format'
import { translate } from '../i18n'
import { toCsv } from '../security/csv'
import type { StatementView } from './view'

export type Cell =
  | { readonly kind: 'text'; readonly value: string }
  /** Whole đồng as integer text. */
  | { readonly kind: 'dong'; readonly value: string }
  /** A decimal quantity as machine text (`12.5`). */
  | { readonly kind: 'quantity'; readonly value: string }
  | { readonly kind: 'hours'; readonly value: number }
  /** kWh or kg CO2e as exact machine text (`0.007`), shown with two decimals. */
  | { readonly kind: 'kwh' | 'kg'; readonly value: string }

export interface StatementTable {
  /** The lines above the table: who, which month, which version, the rounding rule. */
  readonly preamble: readonly string[]
  readonly header: readonly string[]
  readonly rows: readonly (readonly Cell[])[]
}

export interface TableLabels {
  readonly agencyName: string
  readonly agencyCode: string
  readonly resource: (resource: string) => string
}

const text = (value: string): Cell => ({ kind: 'text', value })
/** Whole Wh or grams as kWh or kg (exact), or an empty cell when not estimated. */
const thousandths = (kind: 'kwh' | 'kg', value: string | null): Cell =>
  value === null ? text('') : { kind, value: formatScaledDecimal(BigInt(value), 3) }

/** The statement's lines, one row each, and a last row with the total. */
export function statementTable(view: StatementView, labels: TableLabels, locale: Locale): StatementTable {
  const t = (key: Parameters<typeof translate>[1], params = {}) => translate(locale, key, params)
  const state = t(`statements.state.${view.state}`)
  const header = [
    t('statements.col.project'),
    t('statements.col.namespace'),
    t('statements.col.resource'),
    t('statements.col.basis'),
    t('statements.col.quantity'),
    t('statements.col.unit'),
    t('statements.col.price'),
    t('statements.col.amount'),
    t('statements.col.unmeasured'),
    t('statements.col.energy'),
    t('statements.col.co2e'),
  ]
  const rows: Cell[][] = view.projects.flatMap((project) =>
    project.lines.map((line): Cell[] => [
      text(project.name),
      text(project.namespace),
      text(labels.resource(line.resource)),
      text(t(`rates.basis.${line.basis}`)),
      { kind: 'quantity', value: line.quantity },
      text(t(`rates.unit.${line.unit}`)),
      // A month priced by two cards has two prices; the cell lists both as the reader writes numbers.
      text(line.prices.map((p) => formatNumber(p as `${number}`, locale, { exact: true })).join(' / ')),
      { kind: 'dong', value: line.amount },
      { kind: 'hours', value: line.unmeasuredHours },
      thousandths('kwh', line.energyWh),
      thousandths('kg', line.co2eGrams),
    ]),
  )
  const blank = text('')
  const blanks = (n: number) => Array.from({ length: n }, () => blank)
  rows.push([
    text(t('statements.export.total')),
    ...blanks(6),
    { kind: 'dong', value: view.total },
    blank,
    thousandths('kwh', view.energyWh),
    thousandths('kg', view.co2eGrams),
  ])
  const preamble = [
    t('statements.page.title', { month: view.month, agency: labels.agencyName }),
    `${t('statements.col.agencyCode')}: ${labels.agencyCode}`,
    `${t('statements.version')}: ${view.version ?? '-'} (${state})`,
    t('statements.page.rounding'),
  ]
  return { preamble, header, rows }
}

function cellText(cell: Cell, locale: Locale): string | number {
  switch (cell.kind) {
    case 'text':
      return cell.value
    case 'dong':
      return formatNumber(BigInt(cell.value), locale)
    case 'quantity':
      return formatNumber(cell.value as `${number}`, locale, { exact: true })
    case 'hours':
      return cell.value
    case 'kwh':
    case 'kg':
      return formatNumber(cell.value as `${number}`, locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  }
}

/** The table as CSV: the header row, then the rows; numbers in the reader's format. */
export function statementCsv(table: StatementTable, locale: Locale): string {
  return toCsv(
    table.header,
    table.rows.map((row) => row.map((cell) => cellText(cell, locale))),
  )
}

/** Excel's formats: the separators shown are the reader's own (1.234.567 on a Vietnamese system). */
export const XLSX_FORMATS = {
  dong: '#,##0',
  quantity: '#,##0.00##',
  hours: '0',
  kwh: '#,##0.00',
  kg: '#,##0.00',
} as const

function xlsxValue(cell: Cell): string | number {
  if (cell.kind === 'text') return cell.value
  if (cell.kind === 'hours') return cell.value
  const value = Number(cell.value)
  // Đồng beyond 2^53 would lose digits as a number: such a cell stays exact as text.
  return cell.kind === 'dong' && !Number.isSafeInteger(value) ? cell.value : value
}

/** The table as an XLSX workbook: the preamble, the header in bold, typed cells with their formats. */
export async function statementXlsx(table: StatementTable, sheetName: string): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet(sheetName)
  for (const line of table.preamble) sheet.addRow([line])
  sheet.addRow([])
  sheet.addRow([...table.header]).font = { bold: true }
  for (const row of table.rows) {
    const added = sheet.addRow(row.map(xlsxValue))
    row.forEach((cell, i) => {
      if (cell.kind !== 'text') added.getCell(i + 1).numFmt = XLSX_FORMATS[cell.kind]
    })
  }
  sheet.getRow(sheet.rowCount).font = { bold: true }
  table.header.forEach((_, i) => (sheet.getColumn(i + 1).width = i < 3 ? 28 : 16))
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}
