import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { EmptyState, PageHeader } from '#app/components/ui/page-header'
import { Pager } from '#app/components/ui/pager'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { requireAuthorised, PLATFORM } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { httpError, withErrorReference } from '#app/utils/errors.server'
import { resolveLocale } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { PageParam, searchObject } from '#app/utils/paging.server'
import { loadWatch } from './watch.server'
import { WatchTable } from './watch-table'

// /provisioning: for the data centre (operators, security officers, administrators), every
// agency's tenants whose last passes found drift or that are degraded.

const Query = z.object({ page: PageParam })

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAuthorised(request, 'provisioning.list', PLATFORM)
  const query = Query.safeParse(searchObject(new URL(request.url)))
  if (!query.success) throw httpError(request, 400)
  return withErrorReference(request, () =>
    loadWatch({ db: getDb(), locale: resolveLocale(request), page: query.data.page }),
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

export default function ProvisioningWatch() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <PageHeader title={t('prov.list.title')} intro={t('prov.list.intro')} />
      {data.rows.length === 0 ? <EmptyState>{t('prov.list.empty')}</EmptyState> : <WatchTable rows={data.rows} t={t} />}
      <Pager info={data.info} t={t} />
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
