import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { may, requireListScope } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { withErrorReference } from '#app/utils/errors.server'
import { resolveLocale } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { loadDashboard } from './dashboard.server'
import { Pools } from './pools'
import { RequestsByState, Stats } from './stats'

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal, agencyIds } = await requireListScope(request, 'dashboard.view')
  return withErrorReference(request, () =>
    loadDashboard({ db: getDb(), locale: resolveLocale(request), agencyIds, showPools: may(principal, 'pool.read') }),
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

export default function Dashboard() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <PageHeader title={t('dashboard.title')} intro={t('dashboard.intro')} />
      <Stats agencies={data.agencies} projects={data.projects} requests={data.requests} t={t} />
      <RequestsByState byState={data.requests.byState} t={t} />
      {data.pools ? <Pools pools={data.pools} t={t} /> : null}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
