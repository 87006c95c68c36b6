import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Chart } from '#app/components/chart'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { PLATFORM, may, requireAuthorised } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { httpError, withErrorReference } from '#app/utils/errors.server'
import { resolveLocale } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { loadPoolUsage, PoolCode } from './pool.server'

// A pool's capacity, allocation and real use over time (issue 14, decision 0051), for those who
// read the pools (pool.read: the data centre's roles), so overcommit can be set from evidence.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const principal = await requireAuthorised(request, 'pool.read', PLATFORM)
  const missing = { key: 'pools.notFound', params: { code: String(params.code ?? '') } } as const
  const code = PoolCode.safeParse(params.code)
  if (!code.success) throw httpError(request, 404, missing)
  const pool = await withErrorReference(request, () => loadPoolUsage(getDb(), code.data, resolveLocale(request)))
  if (pool === null) throw httpError(request, 404, missing)
  return { ...pool, title: pool.name, manages: may(principal, 'pool.manage') }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

export default function PoolUsage() {
  const pool = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <p className="breadcrumb">
        <Link to="/">{t('dashboard.title')}</Link> · <Link to="/pools">{t('poolAdmin.all')}</Link>
        {pool.manages ? (
          <>
            {' · '}
            <Link to={`/pools/${encodeURIComponent(pool.code)}/edit`}>{t('poolAdmin.edit')}</Link>
          </>
        ) : null}
      </p>
      <PageHeader title={t('pools.usage.title', { pool: pool.name })} intro={t('pools.usage.intro')} />
      {pool.charts.map((chart) => (
        <Chart key={chart.id} chart={chart} t={t} />
      ))}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
