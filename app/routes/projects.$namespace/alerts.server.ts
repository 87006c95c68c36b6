import { projectAlerts, projectBucketFlags } from '#server/budgets/views'
import type { Db } from '#server/db/client'
import { formatBytes } from '#server/i18n/amounts'
import { percentText } from '#server/notifications/alert-render'
import { formatDateTime, translate, type Locale } from '#app/utils/i18n.server'
import { resourceLabel } from '#app/utils/labels.server'

// The project's usage warnings (issue 14, decision 0050): each measured resource's level as the
// alerts job last stored it, and each bucket over its own quota as the bucket alerts job flagged
// it, read by whoever reads the project.

export async function loadAlerts(db: Db, projectId: string, locale: Locale) {
  const [resources, buckets] = await Promise.all([projectAlerts(db, projectId), projectBucketFlags(db, projectId)])
  return {
    resources: resourceRows(resources, locale),
    buckets: buckets.map((flag) => ({
      bucket: flag.bucket,
      label: resourceLabel(flag.resource, locale),
      used: `${formatBytes(BigInt(flag.bytes), locale)} / ${formatBytes(BigInt(flag.quotaBytes), locale)}`,
      since: formatDateTime(new Date(flag.since), locale),
    })),
  }
}

function resourceRows(alerts: Awaited<ReturnType<typeof projectAlerts>>, locale: Locale) {
  return alerts.map((alert) => ({
    resource: alert.resource,
    label: resourceLabel(alert.resource, locale),
    level: alert.level,
    levelText:
      alert.level >= 100
        ? translate(locale, 'alerts.level.over')
        : alert.level > 0
          ? translate(locale, 'alerts.level.reached', { level: alert.level })
          : translate(locale, 'alerts.level.0'),
    share: alert.permille === null ? '—' : percentText(alert.permille, locale),
    since: alert.since ? formatDateTime(new Date(alert.since), locale) : '—',
  }))
}
