import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ProjectTable, projectColumns } from '#app/components/project-table'
import { EmptyState, PageHeader } from '#app/components/ui/page-header'
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
        <EmptyState>{t('projects.empty')}</EmptyState>
      ) : (
        <ProjectTable
          projects={data.projects}
          columns={[
            projectColumns.agency,
            projectColumns.namespace,
            projectColumns.securityLevel,
            projectColumns.personalData,
            projectColumns.bucketsOver,
          ]}
          t={t}
        />
      )}
      <Pager info={data.page} t={t} />
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
