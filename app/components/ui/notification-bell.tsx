import { NavLink } from '@remix-run/react'
import type { Translate } from '#app/utils/i18n'

/** The header's link to /notifications with the number of unread ones (99+ beyond 99). */
export function NotificationBell({ unread, t }: { unread: number; t: Translate }) {
  const shown = unread > 99 ? '99+' : String(unread)
  const label = unread > 0 ? t('notify.unreadCount', { count: shown }) : t('notify.bell')
  return (
    <NavLink
      to="/notifications"
      className="notification-bell"
      aria-label={label}
      title={label}
      data-testid="notification-bell"
    >
      <span aria-hidden="true">🔔</span>
      {unread > 0 ? (
        <span className="notification-bell__count" aria-hidden="true" data-testid="notification-count">
          {shown}
        </span>
      ) : null}
    </NavLink>
  )
}
