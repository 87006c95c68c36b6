import { Link } from '@remix-run/react'
import { DataTable, type Column } from '#app/components/ui/data-table'
import type { Translate } from '#app/utils/i18n'
import type { Dashboard } from './dashboard.server'
import { EmptyState } from '#app/components/ui/page-header'

type Row = Dashboard['cells'][number]

/** The findings list filtered to what a cell counts: still to fix, this agency, this level (and severity). */
function findingsOf(row: Row, severity?: string): string | null {
  if (row.agencyCode === null) return null
  const params = new URLSearchParams({ status: 'open,overdue', agency: row.agencyCode })
  if (row.level !== null) params.set('level', String(row.level))
  if (severity) params.set('severity', severity)
  return `/security/findings?${params.toString()}`
}

const count = (row: Row, value: string, severity?: string) => {
  const href = findingsOf(row, severity)
  return href && value !== '0' ? <Link to={href}>{value}</Link> : value
}

const COLUMNS: readonly Column<Row>[] = [
  { header: 'security.summary.agency', cell: (r) => r.agency },
  { header: 'security.summary.level', cell: (r, t) => (r.level === null ? t('security.none') : r.level) },
  { header: 'check.severity.critical', numeric: true, cell: (r) => count(r, r.counts.critical, 'critical') },
  { header: 'check.severity.high', numeric: true, cell: (r) => count(r, r.counts.high, 'high') },
  { header: 'check.severity.medium', numeric: true, cell: (r) => count(r, r.counts.medium, 'medium') },
  { header: 'check.severity.low', numeric: true, cell: (r) => count(r, r.counts.low, 'low') },
  { header: 'security.summary.total', numeric: true, cell: (r) => count(r, r.total) },
]

/** Findings still to fix by agency × level × severity; each figure opens the list it counts. */
export function SummaryTable({ rows, t }: { rows: readonly Row[]; t: Translate }) {
  return (
    <section aria-labelledby="summary">
      <h2 id="summary">{t('security.summary.title')}</h2>
      {rows.length === 0 ? (
        <EmptyState>{t('security.summary.none')}</EmptyState>
      ) : (
        <DataTable
          rows={rows}
          columns={COLUMNS}
          rowKey={(r) => r.key}
          rowData={(r) => ({ 'data-cell': r.key, 'data-agency': r.agencyCode ?? '' })}
          t={t}
        />
      )}
    </section>
  )
}
