import { Link } from '@remix-run/react'
import { Badge, type BadgeTone } from '#app/components/ui/badge'
import { DataTable, type Column } from '#app/components/ui/data-table'
import type { Translate } from '#app/utils/i18n'
import type { TrailRow } from './trail.server'

const OUTCOME_TONE: Readonly<Record<string, BadgeTone>> = { ok: 'success', denied: 'danger', failed: 'warning' }

const outcomeLabel = (outcome: string, t: Translate) =>
  outcome === 'ok' || outcome === 'denied' || outcome === 'failed' ? t(`audit.outcome.${outcome}`) : outcome

const COLUMNS: readonly Column<TrailRow>[] = [
  { header: 'audit.col.seq', numeric: true, cell: (row) => `#${row.seqText}` },
  { header: 'audit.col.at', cell: (row) => <time dateTime={row.atIso}>{row.at}</time> },
  { header: 'audit.col.actor', cell: (row) => <span title={row.actorId ?? undefined}>{row.actor}</span> },
  { header: 'audit.col.action', cell: (row) => <code>{row.action}</code> },
  {
    header: 'audit.col.outcome',
    cell: (row, t) => <Badge tone={OUTCOME_TONE[row.outcome] ?? 'neutral'}>{outcomeLabel(row.outcome, t)}</Badge>,
  },
  { header: 'audit.col.agency', cell: (row) => <span title={row.agencyCode ?? undefined}>{row.agency ?? '—'}</span> },
  { header: 'audit.col.entity', cell: (row, t) => <EntryDetails row={row} t={t} /> },
  {
    header: 'audit.col.chain',
    cell: (row) => (
      <span className="small">
        {row.chain.signed}
        <br />
        <code className="hash" title={row.chain.hash}>
          {row.chain.hashes}
        </code>
      </span>
    ),
  },
]

/** What the entry is about, and the rest of it (where from, before and after) folded away. */
function EntryDetails({ row, t }: { row: TrailRow; t: Translate }) {
  return (
    <details>
      <summary className="entity">{row.entity}</summary>
      {row.source ? <p className="small">{row.source}</p> : null}
      {row.request ? (
        <p className="small">
          {row.request.text} <Link to={row.request.href}>{t('audit.details.sameRequest')}</Link>
        </p>
      ) : null}
      {row.before ? (
        <>
          <p className="small">{t('audit.details.before')}</p>
          <pre>{row.before}</pre>
        </>
      ) : null}
      {row.after ? (
        <>
          <p className="small">{t('audit.details.after')}</p>
          <pre>{row.after}</pre>
        </>
      ) : null}
    </details>
  )
}

export function TrailTable({ rows, t }: { rows: readonly TrailRow[]; t: Translate }) {
  return (
    <DataTable
      rows={rows}
      columns={COLUMNS}
      rowKey={(row) => row.seq}
      rowData={(row) => ({ 'data-seq': row.seq, 'data-checkpoint': String(row.chain.checkpoint ?? '') })}
      t={t}
    />
  )
}
