import { Link } from '@remix-run/react'
import { projectPath } from '#app/components/paths'
import { Badge } from '#app/components/ui/badge'
import { DataTable, type Column } from '#app/components/ui/data-table'
import type { Translate } from '#app/utils/i18n'
import { findingStatusTone, severityTone } from '#app/utils/tones'
import type { FindingListRow } from './findings.server'

/** By when: resolved on, waived until, or the fix-by date (overdue once past). */
function when(f: FindingListRow, t: Translate): string {
  if (f.resolved) return t('security.findings.resolvedOn', { date: f.resolved })
  if (f.waivedUntil) return t('waiver.findings.waivedUntil', { date: f.waivedUntil })
  return t('waiver.findings.due', { date: f.due })
}

const COLUMNS: readonly Column<FindingListRow>[] = [
  {
    header: 'waiver.findings.check',
    cell: (f) => (
      <>
        <code>{f.checkId}</code> {f.checkTitle}
      </>
    ),
  },
  { header: 'waiver.findings.severity', cell: (f) => <Badge tone={severityTone(f.severity)}>{f.severityLabel}</Badge> },
  {
    header: 'waiver.findings.status',
    cell: (f, t) => (
      <>
        <Badge tone={findingStatusTone(f.status)}>{f.statusLabel}</Badge>{' '}
        <span className="muted small">{when(f, t)}</span>
      </>
    ),
  },
  { header: 'security.findings.agency', cell: (f) => f.agency },
  {
    header: 'security.findings.project',
    cell: (f, t) =>
      f.project ? (
        <>
          <Link to={projectPath(f.project.namespace)}>{f.project.name}</Link>
          {f.level !== null ? <span className="muted small"> · {t('security.level', { level: f.level })}</span> : null}
        </>
      ) : (
        t('security.none')
      ),
  },
  { header: 'waiver.findings.subject', cell: (f) => <code>{f.subject}</code> },
  { header: 'waiver.findings.seen', cell: (f) => `${f.firstSeen} / ${f.lastSeen}` },
  {
    header: 'waiver.findings.remediation',
    cell: (f, t) => (
      <>
        <span className="small">{f.remediation}</span>
        {f.canRequestWaiver && f.project ? (
          <>
            {' '}
            <Link to={`${projectPath(f.project.namespace)}/waivers/new?finding=${f.id}`}>
              {t('waiver.findings.requestOne')}
            </Link>
          </>
        ) : null}
      </>
    ),
  },
]

export function FindingsTable({ rows, t }: { rows: readonly FindingListRow[]; t: Translate }) {
  return (
    <DataTable
      rows={rows}
      columns={COLUMNS}
      rowKey={(f) => f.id}
      rowData={(f) => ({ 'data-finding': f.id, 'data-status': f.status, 'data-agency': f.agencyCode })}
      t={t}
    />
  )
}
