import { Link } from '@remix-run/react'
import { agencyPath, projectPath } from '#app/components/paths'
import { ExplainedText } from '#app/components/explained'
import { Badge } from '#app/components/ui/badge'
import { DataTable, type Column } from '#app/components/ui/data-table'
import type { Translate } from '#app/utils/i18n'
import type { loadWatch } from './watch.server'

type WatchRow = Awaited<ReturnType<typeof loadWatch>>['rows'][number]

/** Why the tenant is on the watch: degraded (and why), what drifted (and its audit entry), the last error. */
function Problem({ row, t }: { row: WatchRow; t: Translate }) {
  return (
    <>
      {row.degraded ? (
        <p>
          <strong>{t('prov.list.degraded')}:</strong> {row.degraded.reason}
          <br />
          <span className="muted small">
            <ExplainedText value={row.degraded.message} t={t} />
          </span>
        </p>
      ) : null}
      {row.drift ? (
        <div>
          <strong>{t('prov.list.drift')}</strong> ({row.drift.at}
          {row.drift.auditSeq ? ` · ${t('prov.list.audit', { seq: row.drift.auditSeq })}` : null})
          <ul>
            {row.drift.items.map((item) => (
              <li key={item}>
                <code>{item}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {row.lastError ? (
        <p className="small">
          {t('prov.lastError')}: <ExplainedText value={row.lastError} t={t} />
        </p>
      ) : null}
    </>
  )
}

const watchColumns: readonly Column<WatchRow>[] = [
  {
    header: 'prov.list.project',
    cell: (row) => (
      <>
        <Link to={projectPath(row.namespace)}>{row.name}</Link>
        <br />
        <code className="small">{row.namespace}</code>
      </>
    ),
  },
  { header: 'prov.list.agency', cell: (row) => <Link to={agencyPath(row.agency.code)}>{row.agency.name}</Link> },
  {
    header: 'prov.phase',
    cell: (row) => <Badge tone={row.degraded || row.phase === 'failed' ? 'danger' : 'warning'}>{row.phaseLabel}</Badge>,
  },
  { header: 'prov.list.problem', cell: (row, t) => <Problem row={row} t={t} /> },
  { header: 'prov.list.when', cell: (row) => row.since },
]

/** The tenants on the watch, one a row, each found again by its namespace (`data-namespace`). */
export function WatchTable({ rows, t }: { rows: readonly WatchRow[]; t: Translate }) {
  return (
    <DataTable
      rows={rows}
      rowKey={(row) => row.projectId}
      rowData={(row) => ({ 'data-namespace': row.namespace })}
      columns={watchColumns}
      t={t}
    />
  )
}
