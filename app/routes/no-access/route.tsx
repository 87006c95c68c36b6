import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { optionalPrincipal, shellUser } from '#app/utils/auth.server'
import { withErrorReference } from '#app/utils/errors.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'

// GET /no-access: for someone Keycloak knows but the console gives nothing to (no agency group,
// no console role). Not an error: a clear "ask your administrator", and the way to sign out.

export async function loader({ request }: LoaderFunctionArgs) {
  const principal = await withErrorReference(request, () => optionalPrincipal(request))
  if (!principal) throw redirect('/auth/login')
  const locale = resolveLocale(request)
  if (shellUser(principal, locale).hasAccess) throw redirect('/')
  return {
    title: translate(locale, 'noAccess.title'),
    username: principal.username,
    displayName: principal.displayName,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

export default function NoAccess() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <section aria-labelledby="no-access" className="no-access">
      <PageHeader title={<span id="no-access">{t('noAccess.title')}</span>} intro={t('noAccess.body')} />
      <p>{t('noAccess.account', { username: data.username, name: data.displayName })}</p>
      <p>{t('noAccess.after')}</p>
      <form method="post" action="/auth/logout">
        <button type="submit" className="button">
          {t('auth.signOut')}
        </button>
      </form>
    </section>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
