import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { may, requireListScope } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { withErrorReference } from '#app/utils/errors.server'
import { resolveLocale } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { loadDashboard } from './dashboard.server'

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

      <section className="stats" aria-label={t('dashboard.title')}>
        <Link to="/agencies" className="stat">
          <span className="stat__label">{t('dashboard.agencies')}</span>
          <span className="stat__value">{data.agencies.total}</span>
          <span className="stat__note">{data.agencies.active}</span>
        </Link>
        <Link to="/projects" className="stat">
          <span className="stat__label">{t('dashboard.projects')}</span>
          <span className="stat__value">{data.projects.total}</span>
        </Link>
        <Link to="/requests" className="stat">
          <span className="stat__label">{t('dashboard.requests')}</span>
          <span className="stat__value">{data.requests.total}</span>
          <span className="stat__note">{data.requests.waiting}</span>
        </Link>
      </section>

      <section aria-labelledby="by-state">
        <h2 id="by-state">{t('dashboard.requestsByState')}</h2>
        <ul className="state-counts">
          {data.requests.byState.map((row) => (
            <li key={row.state}>
              <Link to={`/requests?state=${row.state}`}>
                <span className="state-counts__label">{row.label}</span>
                <span className="state-counts__value">{row.count}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      {data.pools ? (
        <section aria-labelledby="pools">
          <h2 id="pools">{t('dashboard.pools')}</h2>
          {data.pools.length === 0 ? (
            <p className="empty">{t('dashboard.poolsEmpty')}</p>
          ) : (
            data.pools.map((pool) => (
              <div key={pool.code} className="pool">
                <h3>
                  {pool.name} <span className="muted">· {pool.kind}</span>
                </h3>
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('dashboard.resource')}</th>
                        <th scope="col" className="num">
                          {t('dashboard.allocated')}
                        </th>
                        <th scope="col" className="num">
                          {t('dashboard.capacity')}
                        </th>
                        <th scope="col">{t('dashboard.percent')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {pool.resources.map((row) => (
                        <tr key={row.resource}>
                          <th scope="row">
                            {row.label}
                            {row.overcommit ? <span className="muted small"> ({row.overcommit})</span> : null}
                          </th>
                          <td className="num">{row.allocated}</td>
                          <td className="num">{row.capacity}</td>
                          <td>
                            {row.percent ? (
                              <span className="usage">
                                <meter min={0} max={100} low={70} high={90} optimum={0} value={row.percent.value} />
                                <span>{row.percent.text}</span>
                              </span>
                            ) : (
                              t('common.none')
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
            ))
          )}
        </section>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
