import { Badge } from '#app/components/ui/badge'
import { DataTable, type Column } from '#app/components/ui/data-table'
import type { Translate } from '#app/utils/i18n'
import type { loadAlerts } from './alerts.server'

type Alert = Awaited<ReturnType<typeof loadAlerts>>[number]

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

/** Each measured resource's warning level against its grant; storage over its grant stands out. */
export function AlertsSection({ alerts, t }: { alerts: readonly Alert[]; t: Translate }) {
  return (
    <section aria-labelledby="usage-alerts">
      <h2 id="usage-alerts">{t('alerts.title')}</h2>
      <p className="muted">{t('alerts.intro')}</p>
      <DataTable
        rows={alerts}
        columns={COLUMNS}
        rowKey={(row) => row.resource}
        rowData={(row) => ({ 'data-resource': row.resource, 'data-level': String(row.level) })}
        t={t}
      />
    </section>
  )
}
