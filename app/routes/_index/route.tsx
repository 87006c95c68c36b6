import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { may, requireListScope, visibleAgencyIds } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { withErrorReference } from '#app/utils/errors.server'
import { resolveLocale } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { loadDashboard } from './dashboard.server'
import { SignOffSection, StaffWorkSections } from './my-work'
import { loadSignOffWork, loadStaffWork } from './my-work.server'
import { Pools } from './pools'
import { RequestsByState, Stats } from './stats'

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal, agencyIds } = await requireListScope(request, 'dashboard.view')
  const locale = resolveLocale(request)
  const db = getDb()
  return withErrorReference(request, async () => {
    const [dashboard, staffWork, signOffWork] = await Promise.all([
      loadDashboard({ db, locale, agencyIds, showPools: may(principal, 'pool.read') }),
      // Each person's main task starts here (decision 0067): only what their permissions reach.
      loadStaffWork(db, { agencyIds: visibleAgencyIds(principal, 'request.create') ?? [], locale }),
      may(principal, 'request.sign_off') ? loadSignOffWork(db, { officerId: principal.userId, locale }) : null,
    ])
    return { ...dashboard, staffWork, signOffWork }
  })
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

export default function Dashboard() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <PageHeader title={t('dashboard.title')} intro={t('dashboard.intro')} />
      {data.signOffWork ? <SignOffSection work={data.signOffWork} t={t} /> : null}
      {data.staffWork ? <StaffWorkSections work={data.staffWork} t={t} /> : null}
      <Stats agencies={data.agencies} projects={data.projects} requests={data.requests} t={t} />
      <RequestsByState byState={data.requests.byState} t={t} />
      {data.pools ? <Pools pools={data.pools} t={t} /> : null}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
