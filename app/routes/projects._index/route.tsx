import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { PageHeader } from '#app/components/ui/page-header'
import { Pager } from '#app/components/ui/pager'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { requireListScope } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { httpError, withErrorReference } from '#app/utils/errors.server'
import { resolveLocale } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { PageParam, searchObject } from '#app/utils/paging.server'
import { loadProjects } from './projects.server'

const Query = z.object({ page: PageParam })

export async function loader({ request }: LoaderFunctionArgs) {
  const { agencyIds } = await requireListScope(request, 'project.list')
  const query = Query.safeParse(searchObject(new URL(request.url)))
  if (!query.success) throw httpError(request, 400)
  return withErrorReference(request, () =>
    loadProjects({ db: getDb(), locale: resolveLocale(request), page: query.data.page, agencyIds }),
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

export default function Projects() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <PageHeader title={t('projects.title')} intro={t('projects.intro')} />
      {data.projects.length === 0 ? (
        <p className="empty">{t('projects.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('projects.name')}</th>
                <th scope="col">{t('projects.agency')}</th>
                <th scope="col">{t('projects.namespace')}</th>
                <th scope="col">{t('projects.securityLevel')}</th>
                <th scope="col">{t('projects.personalData')}</th>
              </tr>
            </thead>
            <tbody>
              {data.projects.map((project) => (
                <tr key={project.namespace}>
                  <th scope="row">
                    <Link to={`/projects/${encodeURIComponent(project.namespace)}`}>{project.name}</Link>
                  </th>
                  <td>
                    <Link to={`/agencies/${encodeURIComponent(project.agency.code)}`}>{project.agency.name}</Link>
                  </td>
                  <td>
                    <code>{project.namespace}</code>
                  </td>
                  <td>{project.securityLevel}</td>
                  <td>{project.personalData}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager info={data.page} t={t} />
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
