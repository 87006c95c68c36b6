import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Badge } from '#app/components/ui/badge'
import { PageHeader } from '#app/components/ui/page-header'
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
      {data.rows.length === 0 ? (
        <p className="empty">{t('prov.list.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('prov.list.project')}</th>
                <th scope="col">{t('prov.list.agency')}</th>
                <th scope="col">{t('prov.phase')}</th>
                <th scope="col">{t('prov.list.problem')}</th>
                <th scope="col">{t('prov.list.when')}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row) => (
                <tr key={row.projectId} data-namespace={row.namespace}>
                  <th scope="row">
                    <Link to={`/projects/${encodeURIComponent(row.namespace)}`}>{row.name}</Link>
                    <br />
                    <code className="small">{row.namespace}</code>
                  </th>
                  <td>
                    <Link to={`/agencies/${encodeURIComponent(row.agency.code)}`}>{row.agency.name}</Link>
                  </td>
                  <td>
                    <Badge tone={row.degraded || row.phase === 'failed' ? 'danger' : 'warning'}>{row.phaseLabel}</Badge>
                  </td>
                  <td>
                    {row.degraded ? (
                      <p>
                        <strong>{t('prov.list.degraded')}:</strong> {row.degraded.reason}
                        {row.degraded.message ? (
                          <>
                            <br />
                            <span className="muted small">{row.degraded.message}</span>
                          </>
                        ) : null}
                      </p>
                    ) : null}
                    {row.drift ? (
                      <div>
                        <strong>{t('prov.list.drift')}</strong> ({row.drift.at}
                        {row.drift.auditSeq ? ` · ${t('prov.list.audit', { seq: row.drift.auditSeq })}` : null})
                        <ul>
                          {row.drift.items.map((item) => (
                            <li key={item}>
                              <code>{item}</code>
                            </li>
                          ))}
                        </ul>
                      </div>
                    ) : null}
                    {row.lastError ? <code className="small">{row.lastError}</code> : null}
                  </td>
                  <td>{row.since}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager info={data.info} t={t} />
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
