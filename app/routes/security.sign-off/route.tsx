import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { SecurityNav } from '#app/components/security-nav'
import { DataTable } from '#app/components/ui/data-table'
import { ForwardPager } from '#app/components/ui/forward-pager'
import { EmptyState, PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { PLATFORM, requireAuthorised } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { httpError, withErrorReference } from '#app/utils/errors.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { searchObject } from '#app/utils/paging.server'
import { SIGN_OFF_COLUMNS } from './sign-off-columns'
import { loadSignOffQueue, positionOf, SignOffQuery } from './sign-off.server'

// The security officer's sign-off queue (issue 13, decision 0043): only the requests needing
// this officer's sign-off, oldest first, each linked to its decide page. request.sign_off.
export async function loader({ request }: LoaderFunctionArgs) {
  const principal = await requireAuthorised(request, 'request.sign_off', PLATFORM)
  const query = SignOffQuery.safeParse(searchObject(new URL(request.url)))
  const position = query.success ? positionOf(query.data.after) : undefined
  if (position === undefined) throw httpError(request, 400, { key: 'security.invalidFilter' })
  const locale = resolveLocale(request)
  const queue = await withErrorReference(request, () =>
    loadSignOffQueue(getDb(), { officerId: principal.userId, position, locale }),
  )
  return { title: translate(locale, 'security.signOff.title'), ...queue }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

export default function SignOffQueue() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <SecurityNav />
      <PageHeader title={data.title} intro={t('security.signOff.intro')} />
      {data.items.length === 0 ? (
        <EmptyState>{t('security.signOff.none')}</EmptyState>
      ) : (
        <DataTable
          rows={data.items}
          columns={SIGN_OFF_COLUMNS}
          rowKey={(r) => r.number}
          rowData={(r) => ({ 'data-request': String(r.number) })}
          t={t}
        />
      )}
      <ForwardPager next={data.next} total="" t={t} />
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
