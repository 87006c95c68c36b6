import type { ReactNode } from 'react'
import type { MessageKey, Translate } from '#app/utils/i18n'

/** One column of a DataTable: its heading and what each row shows in it. */
export interface Column<Row> {
  readonly header: MessageKey
  readonly cell: (row: Row, t: Translate) => ReactNode
  /** Figures: right-aligned (class `num`) in the heading and in every cell. */
  readonly numeric?: boolean
  /** A cell's class that depends on its row (e.g. an amount the decision cut); replaces `num`. */
  readonly cellClassName?: (row: Row) => string
}

/** `data-*` attributes of a row, which tests and scripts find it by. */
export type RowData = Readonly<Record<`data-${string}`, string>>

export interface DataTableProps<Row> {
  readonly rows: readonly Row[]
  readonly columns: readonly Column<Row>[]
  readonly rowKey: (row: Row) => string | number
  readonly rowData?: (row: Row) => RowData
  readonly caption?: ReactNode
  readonly t: Translate
}

const numClass = (numeric: boolean | undefined) => (numeric ? 'num' : undefined)

/**
 * The console's table: headed columns, the first cell of each row its header (what the row is
 * about), scrolling sideways on a narrow screen. Pages choose the columns; the markup is here once.
 */
export function DataTable<Row>({ rows, columns, rowKey, rowData, caption, t }: DataTableProps<Row>) {
  const [first, ...rest] = columns
  return (
    <div className="table-wrap">
      <table>
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" className={numClass(column.numeric)}>
                {t(column.header)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowData?.(row)}>
              {first ? <th scope="row">{first.cell(row, t)}</th> : null}
              {rest.map((column) => (
                <td key={column.header} className={column.cellClassName?.(row) ?? numClass(column.numeric)}>
                  {column.cell(row, t)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
