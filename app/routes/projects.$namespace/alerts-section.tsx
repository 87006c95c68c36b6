import { Badge } from '#app/components/ui/badge'
import { DataTable, type Column } from '#app/components/ui/data-table'
import type { Translate } from '#app/utils/i18n'
import type { loadAlerts } from './alerts.server'

type Alerts = Awaited<ReturnType<typeof loadAlerts>>
type Alert = Alerts['resources'][number]
type BucketFlag = Alerts['buckets'][number]

const COLUMNS: readonly Column<Alert>[] = [
  { header: 'alerts.resource', cell: (row) => row.label },
  {
    header: 'alerts.level',
    cell: (row) => (
      <Badge tone={row.level >= 100 ? 'danger' : row.level > 0 ? 'warning' : 'success'}>{row.levelText}</Badge>
    ),
  },
  { header: 'alerts.share', cell: (row) => row.share, numeric: true },
  { header: 'alerts.since', cell: (row) => row.since },
]

const BUCKET_COLUMNS: readonly Column<BucketFlag>[] = [
  { header: 'alerts.buckets.bucket', cell: (row) => <code>{row.bucket}</code> },
  { header: 'alerts.resource', cell: (row) => row.label },
  { header: 'alerts.level', cell: (_, t) => <Badge tone="danger">{t('alerts.level.over')}</Badge> },
  { header: 'alerts.buckets.used', cell: (row) => row.used, numeric: true },
  { header: 'alerts.buckets.since', cell: (row) => row.since },
]

/**
 * Each measured resource's warning level against its grant, then each bucket over its own quota;
 * storage over its grant stands out.
 */
export function AlertsSection({ alerts, t }: { alerts: Alerts; t: Translate }) {
  return (
    <section aria-labelledby="usage-alerts">
      <h2 id="usage-alerts">{t('alerts.title')}</h2>
      <p className="muted">{t('alerts.intro')}</p>
      {alerts.buckets.length > 0 ? (
        <div className="alert alert--danger" role="status">
          <p>{t('alerts.buckets.title')}</p>
          <DataTable
            rows={alerts.buckets}
            columns={BUCKET_COLUMNS}
            rowKey={(row) => row.bucket}
            rowData={(row) => ({ 'data-bucket': row.bucket })}
            t={t}
          />
          <p className="muted small">{t('alerts.buckets.intro')}</p>
        </div>
      ) : null}
      <DataTable
        rows={alerts.resources}
        columns={COLUMNS}
        rowKey={(row) => row.resource}
        rowData={(row) => ({ 'data-resource': row.resource, 'data-level': String(row.level) })}
        t={t}
      />
    </section>
  )
}
