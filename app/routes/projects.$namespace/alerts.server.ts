import { projectAlerts } from '#server/budgets/views'
import type { Db } from '#server/db/client'
import { percentText } from '#server/notifications/alert-render'
import { formatDateTime, translate, type Locale } from '#app/utils/i18n.server'
import { resourceLabel } from '#app/utils/labels.server'

// The project's usage warnings (issue 14, decision 0050): each measured resource's level as the
// alerts job last stored it, read by whoever reads the project.

export async function loadAlerts(db: Db, projectId: string, locale: Locale) {
  return (await projectAlerts(db, projectId)).map((alert) => ({
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
