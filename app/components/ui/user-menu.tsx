import type { ShellUser, Translate } from '#app/utils/i18n'

/**
 * Who is signed in (Vietnamese display name and roles) and the way out: a plain form POST to
 * /auth/logout, which works without JavaScript and carries the Origin header the check needs.
 */
export function UserMenu({ user, t }: { user: ShellUser; t: Translate }) {
  return (
    <div className="user-menu">
      <p className="user-menu__who" title={user.username}>
        <span className="visually-hidden">{t('auth.account')}: </span>
        <span className="user-menu__name" data-testid="user-name">
          {user.displayName}
        </span>
        <span className="user-menu__roles" data-testid="user-roles">
          {user.roles.join(' · ')}
        </span>
      </p>
      <form method="post" action="/auth/logout" className="user-menu__signout">
        <button type="submit">{t('auth.signOut')}</button>
      </form>
    </div>
  )
}
