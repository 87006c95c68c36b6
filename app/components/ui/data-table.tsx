import type { ReactNode } from 'react'
import type { MessageKey, Translate } from '#app/utils/i18n'

// The console's tables (issue 17, decision 0081). At a laptop's width a table is a table; on a
// narrow screen (below 40rem, app.css) each row becomes a card: its row header as the card's title,
// then one "label: value" line per cell, the label being the column's heading printed again in the
// cell. That printed label is aria-hidden: screen readers keep the table's own semantics, which name
// each cell's column already. The roles are written out because WebKit drops a table's semantics
// once CSS lays its parts out as blocks (Chromium keeps them); jsx-a11y's no-redundant-roles is
// told so in eslint.config.js.

/** One column's heading, and whether its figures are right-aligned. */
export interface Heading {
  readonly label: string
  readonly numeric?: boolean
}

const numClass = (numeric: boolean | undefined) => (numeric ? 'num' : undefined)

/** The table and its headings; `children` are its body's rows (TableRow). */
export function Table({
  headings,
  caption,
  children,
}: {
  headings: readonly Heading[]
  caption?: ReactNode
  children: ReactNode
}) {
  return (
    <div className="table-wrap">
      <table role="table">
        {caption ? <caption>{caption}</caption> : null}
        <thead role="rowgroup">
          <tr role="row">
            {headings.map((heading) => (
              <th key={heading.label} scope="col" role="columnheader" className={numClass(heading.numeric)}>
                {heading.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">{children}</tbody>
      </table>
    </div>
  )
}

/** `data-*` attributes of a row, which tests and scripts find it by. */
export type RowData = Readonly<Record<`data-${string}`, string>>

/** A row of the body: its header cell first (RowHeader), then its cells (Cell). */
export function TableRow({ data, children }: { data?: RowData; children: ReactNode }) {
  return (
    <tr role="row" {...data}>
      {children}
    </tr>
  )
}

/** The cell that says what the row is about: the card's title on a narrow screen. */
export function RowHeader({ children }: { children: ReactNode }) {
  return (
    <th scope="row" role="rowheader">
      {children}
    </th>
  )
}

/** A cell; `label` is its column's heading, shown beside the value only when the row is a card. */
export function Cell({
  label,
  numeric,
  className,
  children,
}: {
  label: string
  numeric?: boolean
  className?: string
  children: ReactNode
}) {
  return (
    <td role="cell" className={className ?? numClass(numeric)}>
      <span className="cell-label" aria-hidden="true">
        {label}
      </span>
      <div className="cell-value">{children}</div>
    </td>
  )
}

/** One column of a DataTable: its heading and what each row shows in it. */
export interface Column<Row> {
  readonly header: MessageKey
  readonly cell: (row: Row, t: Translate) => ReactNode
  /** Figures: right-aligned (class `num`) in the heading and in every cell. */
  readonly numeric?: boolean
  /** A cell's class that depends on its row (e.g. an amount the decision cut); replaces `num`. */
  readonly cellClassName?: (row: Row) => string
}

export interface DataTableProps<Row> {
  readonly rows: readonly Row[]
  readonly columns: readonly Column<Row>[]
  readonly rowKey: (row: Row) => string | number
  readonly rowData?: (row: Row) => RowData
  readonly caption?: ReactNode
  readonly t: Translate
}

/**
 * A table of rows from data: headed columns, the first cell of each row its header (what the row
 * is about). Pages choose the columns; the markup is here once.
 */
export function DataTable<Row>({ rows, columns, rowKey, rowData, caption, t }: DataTableProps<Row>) {
  const [first, ...rest] = columns
  return (
    <Table headings={columns.map((c) => ({ label: t(c.header), numeric: c.numeric }))} caption={caption}>
      {rows.map((row) => (
        <TableRow key={rowKey(row)} data={rowData?.(row)}>
          {first ? <RowHeader>{first.cell(row, t)}</RowHeader> : null}
          {rest.map((column) => (
            <Cell
              key={column.header}
              label={t(column.header)}
              numeric={column.numeric}
              className={column.cellClassName?.(row)}
            >
              {column.cell(row, t)}
            </Cell>
          ))}
        </TableRow>
      ))}
    </Table>
  )
}
