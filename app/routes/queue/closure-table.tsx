import { Link } from '@remix-run/react'
import { DataTable, type Column } from '#app/components/ui/data-table'
import type { Translate } from '#app/utils/i18n'
import type { loadClosureQueue } from './closures.server'

// The closing requests an operator decides, each opening the system's closing page (decision 0058).

type Row = Awaited<ReturnType<typeof loadClosureQueue>>[number]

const columns: readonly Column<Row>[] = [
  {
    header: 'closing.queue.system',
    cell: (row) => <Link to={`/projects/${encodeURIComponent(row.namespace)}/closing`}>{row.system}</Link>,
  },
  { header: 'closing.queue.agency', cell: (row) => row.agency },
  { header: 'closing.queue.requestedBy', cell: (row) => row.requestedBy },
  { header: 'closing.requestedAt', cell: (row) => row.requestedAt },
  { header: 'closing.reason', cell: (row) => row.reason },
]

export function ClosureTable({ rows, t }: { rows: Row[]; t: Translate }) {
  return (
    <section className="section" aria-labelledby="closing-queue">
      <h2 id="closing-queue">{t('closing.queue.title')}</h2>
      <DataTable
        rows={rows}
        rowKey={(row) => row.id}
        rowData={(row) => ({ 'data-closure': row.id })}
        columns={columns}
        t={t}
      />
    </section>
  )
}
