import { NavLink } from '@remix-run/react'
import type { Translate } from '#app/utils/i18n'
import { BellIcon } from './icons'

/**
 * The header's link to /notifications with the number of unread ones (99+ beyond 99): an inline
 * SVG bell, its name in text for screen readers (the count in it), the count shown beside it.
 */
export function NotificationBell({ unread, t }: { unread: number; t: Translate }) {
  const shown = unread > 99 ? '99+' : String(unread)
  const label = unread > 0 ? t('notify.unreadCount', { count: shown }) : t('notify.bell')
  return (
    <NavLink to="/notifications" className="notification-bell" title={label} data-testid="notification-bell">
      <BellIcon />
      <span className="visually-hidden">{label}</span>
      {unread > 0 ? (
        <span className="notification-bell__count" aria-hidden="true" data-testid="notification-count">
          {shown}
        </span>
      ) : null}
    </NavLink>
  )
}
