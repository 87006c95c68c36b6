import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  type ShouldRevalidateFunction,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import { LanguageSwitch } from './components/ui/language-switch'
import { RouteErrorBoundary } from './components/ui/route-error-boundary'
import stylesheet from './styles/app.css?url'
import { UserMenu } from './components/ui/user-menu'
import { optionalPrincipal, shellUser } from './utils/auth.server'
import { isErrorPayload } from './utils/error-payload'
import { withErrorReference } from './utils/errors.server'
import { catalogueAsset, resolveLocale } from './utils/i18n.server'
import {
  translatorFor,
  useShellData,
  type MessageKey,
  type ShellData,
  type ShellUser,
  type Translate,
} from './utils/i18n'
import { appVersion } from './utils/version.server'
import { getDb } from './utils/db.server'
import { unreadCount } from './utils/notifications.server'
import { NotificationBell } from './components/ui/notification-bell'
import { useNonce } from './utils/nonce'
import { SecurityNavEntry } from './components/security-nav'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: 'data:,' },
]

export async function loader({ request }: LoaderFunctionArgs): Promise<ShellData> {
  return withErrorReference(request, async () => {
    const locale = resolveLocale(request)
    // Pages authorise themselves (requirePrincipal / requireAuthorised in their loaders); the
    // layout only shows who is signed in, and nothing at all to someone who is not.
    const principal = await optionalPrincipal(request)
    const user = principal ? shellUser(principal, locale) : null
    return {
      locale,
      catalogue: catalogueAsset(locale).path,
      version: appVersion(),
      user,
      unreadNotifications: principal && user?.hasAccess ? await unreadCount(getDb(), principal.userId) : null,
    }
  })
}

/**
 * The shell only changes when the language does, which is a POST (and reloads the document);
 * navigations and GET forms such as the request filter keep it.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod !== undefined && formMethod.toUpperCase() !== 'GET' ? defaultShouldRevalidate : false

export const meta: MetaFunction = ({ data, error }) => {
  const shell = data as ShellData | undefined
  const payload = isRouteErrorResponse(error) && isErrorPayload(error.data) ? error.data : undefined
  const name = shell ? translatorFor(shell.locale)('app.name') : payload?.appName
  return name ? [{ title: name }] : []
}

const NAVIGATION = [
  { to: '/', key: 'nav.dashboard', end: true },
  { to: '/agencies', key: 'nav.agencies', end: false },
  { to: '/projects', key: 'nav.projects', end: false },
  { to: '/systems', key: 'systems.title', end: false },
  { to: '/requests', key: 'nav.requests', end: false },
  { to: '/rates', key: 'nav.rates', end: false },
] as const

/** Entries shown only to whom the shell says may use them (each flag is a `may()` of the root loader). */
type GatedLink = { flag: keyof ShellUser; to: string; key: MessageKey }
const BEFORE_SECURITY: readonly GatedLink[] = [
  { flag: 'readsStatements', to: '/statements', key: 'nav.statements' },
  { flag: 'reviews', to: '/queue', key: 'workflow.queue.title' },
  { flag: 'watchesProvisioning', to: '/provisioning', key: 'nav.provisioning' },
]
const AFTER_SECURITY: readonly GatedLink[] = [
  { flag: 'managesPolicies', to: '/policies', key: 'policies.title' },
  { flag: 'managesAgencies', to: '/admin/agencies', key: 'agencyAdmin.title' },
]

function GatedLinks({ user, links, t }: { user: ShellUser; links: readonly GatedLink[]; t: Translate }) {
  return links
    .filter((link) => user[link.flag] === true)
    .map((link) => (
      <li key={link.to}>
        <NavLink to={link.to} prefetch="intent">
          {t(link.key)}
        </NavLink>
      </li>
    ))
}

/** The document around every page and every error page. */
export function Layout({ children }: { children: ReactNode }) {
  const shell = useShellData()
  const error = useRouteError()
  const payload = isRouteErrorResponse(error) && isErrorPayload(error.data) ? error.data : undefined
  const locale = shell?.locale ?? payload?.locale ?? 'vi'
  const t = translatorFor(shell?.locale)
  const appName = shell ? t('app.name') : payload?.appName
  const nonce = useNonce()
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {shell ? (
          <a className="skip-link" href="#main">
            {t('app.skipToContent')}
          </a>
        ) : null}
        <header className="site-header">
          <div className="site-header__inner">
            {appName ? (
              <Link to="/" className="site-header__brand">
                {appName}
              </Link>
            ) : null}
            {shell?.user?.hasAccess ? (
              <nav aria-label={t('nav.label')} className="site-nav">
                <ul>
                  {NAVIGATION.map((item) => (
                    <li key={item.to}>
                      <NavLink to={item.to} end={item.end} prefetch="intent">
                        {t(item.key)}
                      </NavLink>
                    </li>
                  ))}
                  <GatedLinks user={shell.user} links={BEFORE_SECURITY} t={t} />
                  {shell.user.readsFindings ? (
                    <li>
                      <SecurityNavEntry />
                    </li>
                  ) : null}
                  <GatedLinks user={shell.user} links={AFTER_SECURITY} t={t} />
                </ul>
              </nav>
            ) : null}
            {shell?.user?.hasAccess && shell.unreadNotifications !== null ? (
              <NotificationBell unread={shell.unreadNotifications} t={t} />
            ) : null}
            {shell ? <LanguageSwitch locale={locale} t={t} /> : null}
            {shell?.user ? <UserMenu user={shell.user} t={t} /> : null}
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        {shell ? (
          <footer className="site-footer">
            <p>{t('app.footer', { version: shell.version })}</p>
          </footer>
        ) : null}
        <ScrollRestoration nonce={nonce} />
        {/* The locale's messages for the browser's t() (decision 0015): a classic script, so it
            runs before the app's module scripts below and hydration finds the same words the
            server rendered; immutable, so a browser fetches it once per release and language. */}
        {shell ? <script src={shell.catalogue} /> : null}
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
