import { Link } from '@remix-run/react'
import { Badge } from '#app/components/ui/badge'
import { DataTable, type Column } from '#app/components/ui/data-table'
import { EmptyState } from '#app/components/ui/page-header'
import type { Translate } from '#app/utils/i18n'
import { findingStatusTone, severityTone } from '#app/utils/tones'
import type { BackupFindingRow } from './backup-findings.server'

// The backups page's findings (decision 0076): each unresolved GC-BAK-01 finding's status (and by
// when it is due or until when waived), what the scan saw, since when, what to do, and the way to
// it in the findings' pages.

const columns = (listPath: string): readonly Column<BackupFindingRow>[] => [
  {
    header: 'waiver.findings.status',
    cell: (f, t) => (
      <>
        <Badge tone={findingStatusTone(f.status)}>{f.statusLabel}</Badge>{' '}
        <span className="muted small">
          {f.waivedUntil
            ? t('waiver.findings.waivedUntil', { date: f.waivedUntil })
            : t('waiver.findings.due', { date: f.due })}
        </span>
      </>
    ),
  },
  { header: 'waiver.findings.severity', cell: (f) => <Badge tone={severityTone(f.severity)}>{f.severityLabel}</Badge> },
  { header: 'backups.findings.what', cell: (f) => f.what },
  { header: 'backups.findings.since', cell: (f) => f.since },
  {
    header: 'waiver.findings.remediation',
    cell: (f, t) => (
      <>
        <span className="small">{f.remediation}</span> <Link to={listPath}>{t('backups.findings.link')}</Link>
      </>
    ),
  },
]

export function BackupFindings({
  rows,
  listPath,
  t,
}: {
  rows: readonly BackupFindingRow[]
  listPath: string
  t: Translate
}) {
  return (
    <section aria-labelledby="backup-findings">
      <h2 id="backup-findings">{t('backups.findings.title')}</h2>
      {rows.length === 0 ? (
        <EmptyState>{t('backups.findings.none')}</EmptyState>
      ) : (
        <DataTable
          rows={rows}
          columns={columns(listPath)}
          rowKey={(f) => f.id}
          rowData={(f) => ({ 'data-finding': f.id, 'data-status': f.status })}
          t={t}
        />
      )}
    </section>
  )
}
