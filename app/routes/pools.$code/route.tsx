import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Chart } from '#app/components/chart'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { PLATFORM, may, requireAuthorised } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { httpError, withErrorReference } from '#app/utils/errors.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
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
  const locale = resolveLocale(request)
  const pool = await withErrorReference(request, () => loadPoolUsage(getDb(), code.data, locale))
  if (pool === null) throw httpError(request, 404, missing)
  const title = translate(locale, 'pools.usage.title', { pool: pool.name })
  return { ...pool, title, manages: may(principal, 'pool.manage') }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

export default function PoolUsage() {
  const pool = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <PageHeader title={pool.title} intro={t('pools.usage.intro')}>
        {pool.manages ? (
          <p>
            <Link className="button button--secondary" to={`/pools/${encodeURIComponent(pool.code)}/edit`}>
              {t('poolAdmin.edit')}
            </Link>
          </p>
        ) : null}
      </PageHeader>
      {pool.charts.map((chart) => (
        <Chart key={chart.id} chart={chart} t={t} />
      ))}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
