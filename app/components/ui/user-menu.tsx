import type { ShellUser, Translate } from '#app/utils/i18n'
import { ChevronIcon } from './icons'

/**
 * Who is signed in and the way out, as a disclosure so the header keeps one row (decision 0066):
 * the Vietnamese display name on the toggle; under it the roles and sign-out, a plain form POST to
 * /auth/logout, which works without JavaScript and carries the Origin header the check needs.
 */
export function UserMenu({ user, t }: { user: ShellUser; t: Translate }) {
  return (
    <details className="user-menu">
      {/* A long name is cut short on screen (app.css); the tooltip and the text read aloud keep it whole. */}
      <summary title={`${user.displayName} (${user.username})`}>
        <span className="visually-hidden">{t('auth.account')}: </span>
        <span className="user-menu__name" data-testid="user-name">
          {user.displayName}
        </span>
        <ChevronIcon />
      </summary>
      <div className="user-menu__panel">
        <p className="user-menu__roles" data-testid="user-roles">
          {user.roles.join(' · ')}
        </p>
        <form method="post" action="/auth/logout">
          <button type="submit" className="button button--secondary">
            {t('auth.signOut')}
          </button>
        </form>
      </div>
    </details>
  )
}
