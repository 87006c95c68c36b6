import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  Links,
  NavLink,
  Meta,
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
import { translatorFor, useShellData, type ShellData } from './utils/i18n'
import { appVersion } from './utils/version.server'
import { getDb } from './utils/db.server'
import { unreadCount } from './utils/notifications.server'
import { NotificationBell } from './components/ui/notification-bell'
import { useNonce } from './utils/nonce'
import { PlatformStartup } from './components/platform-startup'
import { platformStarting } from './utils/platform-startup.server'
import { SiteNav } from './components/site-header'
import { useFocusOnNewPage } from './utils/page-focus'

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
      platformStarting: principal ? await platformStarting() : [],
    }
  })
}

/**
 * The shell only changes when the language does, which is a POST (and reloads the document);
 * navigations and GET forms such as the request filter keep it.
 */
// A page that could not reach the database says when to come back (a 503's Retry-After, decision
// 0071): Remix gives a thrown error's headers to no document unless a route hands them on.
export const headers: HeadersFunction = ({ errorHeaders }) => {
  const retryAfter = errorHeaders?.get('Retry-After')
  return new Headers(retryAfter ? { 'Retry-After': retryAfter } : {})
}

export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod !== undefined && formMethod.toUpperCase() !== 'GET' ? defaultShouldRevalidate : false

export const meta: MetaFunction = ({ data, error }) => {
  const shell = data as ShellData | undefined
  const payload = isRouteErrorResponse(error) && isErrorPayload(error.data) ? error.data : undefined
  const name = shell ? translatorFor(shell.locale)('app.name') : payload?.appName
  return name ? [{ title: name }] : []
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
  useFocusOnNewPage()
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
              <NavLink to="/" end className="site-header__brand">
                {appName}
              </NavLink>
            ) : null}
            {shell?.user?.hasAccess ? <SiteNav user={shell.user} t={t} /> : null}
            {shell?.user?.hasAccess && shell.unreadNotifications !== null ? (
              <NotificationBell unread={shell.unreadNotifications} t={t} />
            ) : null}
            {shell ? <LanguageSwitch locale={locale} t={t} /> : null}
            {shell?.user ? <UserMenu user={shell.user} t={t} /> : null}
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          {shell?.platformStarting.length ? <PlatformStartup starting={shell.platformStarting} t={t} /> : null}
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
