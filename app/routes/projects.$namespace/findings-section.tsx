import { Link } from '@remix-run/react'
import { Badge, type BadgeTone } from '#app/components/ui/badge'
import { DataTable, type Column } from '#app/components/ui/data-table'
import { projectPath } from '#app/components/paths'
import { waiverColumns } from '#app/components/waiver-columns'
import type { Translate } from '#app/utils/i18n'
import { findingStatusTone, severityTone } from '#app/utils/tones'
import { EmptyState } from '#app/components/ui/page-header'

export interface FindingView {
  id: string
  checkId: string
  checkTitle: string
  remediation: string
  severity: string
  severityLabel: string
  subject: string
  firstSeen: string
  lastSeen: string
  status: string
  statusLabel: string
  due: string
  waivedUntil: string | null
}

export interface WaiverView {
  number: number
  checkId: string
  checkTitle: string
  subject: string
  state: string
  stateLabel: string
  expiresAt: string
  requestedBy: string
}

const newWaiver = (namespace: string, query: string) => `${projectPath(namespace)}/waivers/new?${query}`

function findingColumns(namespace: string, canRequest: boolean): Column<FindingView>[] {
  const tone = (f: FindingView): BadgeTone => findingStatusTone(f.status)
  return [
    {
      header: 'waiver.findings.check',
      cell: (f) => (
        <>
          <code>{f.checkId}</code> {f.checkTitle}
        </>
      ),
    },
    {
      header: 'waiver.findings.severity',
      cell: (f) => <Badge tone={severityTone(f.severity)}>{f.severityLabel}</Badge>,
    },
    { header: 'waiver.findings.subject', cell: (f) => <code>{f.subject}</code> },
    { header: 'waiver.findings.seen', cell: (f) => `${f.firstSeen} / ${f.lastSeen}` },
    {
      header: 'waiver.findings.status',
      cell: (f, t) => (
        <>
          <Badge tone={tone(f)}>{f.statusLabel}</Badge>{' '}
          <span className="muted small">
            {f.waivedUntil
              ? t('waiver.findings.waivedUntil', { date: f.waivedUntil })
              : t('waiver.findings.due', { date: f.due })}
          </span>
        </>
      ),
    },
    {
      header: 'waiver.findings.remediation',
      cell: (f, t) => (
        <>
          <span className="small">{f.remediation}</span>
          {canRequest && f.status !== 'waived' ? (
            <>
              {' '}
              <Link to={newWaiver(namespace, `finding=${f.id}`)}>{t('waiver.findings.requestOne')}</Link>
            </>
          ) : null}
        </>
      ),
    },
  ]
}

const projectWaiverColumns: Column<WaiverView>[] = [
  waiverColumns.number,
  waiverColumns.check,
  waiverColumns.subject,
  waiverColumns.state,
  waiverColumns.expiresAt,
  { header: 'waiver.col.requestedBy', cell: (w) => w.requestedBy },
]

/** The project's open findings (what to do, by when, waived or not) and its waivers. */
export function FindingsSection({
  namespace,
  findings,
  checks,
  waivers,
  canRequest,
  t,
}: {
  namespace: string
  findings: readonly FindingView[]
  checks: readonly { checkId: string; title: string }[]
  waivers: readonly WaiverView[]
  canRequest: boolean
  t: Translate
}) {
  return (
    <section aria-labelledby="findings">
      <h2 id="findings">{t('waiver.findings.title')}</h2>
      <p className="muted">{t('waiver.findings.intro')}</p>
      {findings.length === 0 ? (
        <EmptyState>{t('waiver.findings.none')}</EmptyState>
      ) : (
        <DataTable
          rows={findings}
          columns={findingColumns(namespace, canRequest)}
          rowKey={(f) => f.id}
          rowData={(f) => ({ 'data-finding': f.id, 'data-status': f.status })}
          t={t}
        />
      )}
      {canRequest && checks.length > 0 ? (
        <ul>
          {checks.map((c) => (
            <li key={c.checkId}>
              <Link to={newWaiver(namespace, `check=${encodeURIComponent(c.checkId)}`)}>
                {t('waiver.findings.requestCheck')}: <code>{c.checkId}</code>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      <h3>{t('waiver.project.title')}</h3>
      {waivers.length === 0 ? (
        <EmptyState>{t('waiver.project.none')}</EmptyState>
      ) : (
        <DataTable rows={waivers} columns={projectWaiverColumns} rowKey={(w) => w.number} t={t} />
      )}
    </section>
  )
}
