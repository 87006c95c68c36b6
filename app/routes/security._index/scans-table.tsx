import { DataTable, type Column } from '#app/components/ui/data-table'
import type { Translate } from '#app/utils/i18n'
import type { Dashboard } from './dashboard.server'
import { EmptyState } from '#app/components/ui/page-header'

type Scan = NonNullable<Dashboard['scans']>[number]

const COLUMNS: readonly Column<Scan>[] = [
  { header: 'security.scans.source', cell: (s) => s.sourceLabel },
  { header: 'security.scans.started', cell: (s) => s.started },
  { header: 'security.scans.finished', cell: (s, t) => s.finished ?? t('security.scans.running') },
  { header: 'security.scans.counts', numeric: true, cell: (s) => s.counts },
  {
    header: 'security.scans.error',
    cell: (s, t) => (s.error ? <span className="reduced">{s.error}</span> : t('security.none')),
  },
]

/** Each scanner's last run: when, how much it read, what it opened and resolved, and why it failed. */
export function ScansTable({ scans, t }: { scans: readonly Scan[]; t: Translate }) {
  return (
    <section aria-labelledby="scans">
      <h2 id="scans">{t('security.scans.title')}</h2>
      {scans.length === 0 ? (
        <EmptyState>{t('security.scans.none')}</EmptyState>
      ) : (
        <DataTable
          rows={scans}
          columns={COLUMNS}
          rowKey={(s) => s.source}
          rowData={(s) => ({ 'data-source': s.source })}
          t={t}
        />
      )}
    </section>
  )
}
