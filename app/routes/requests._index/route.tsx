import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { RequestTable, requestColumns } from '#app/components/request-table'
import { EmptyState, PageHeader } from '#app/components/ui/page-header'
import { Pager } from '#app/components/ui/pager'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { requireListScope } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { httpError, withErrorReference } from '#app/utils/errors.server'
import { resolveLocale } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { searchObject } from '#app/utils/paging.server'
import { RequestListQuery, loadRequests } from './requests.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const { agencyIds } = await requireListScope(request, 'request.list')
  const query = RequestListQuery.safeParse(searchObject(new URL(request.url)))
  if (!query.success) throw httpError(request, 400, { key: 'requests.invalidFilter' })
  return withErrorReference(request, () =>
    loadRequests({ db: getDb(), locale: resolveLocale(request), query: query.data, agencyIds }),
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

export default function Requests() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <PageHeader title={t('requests.title')} intro={t('requests.intro')} />
      <Form method="get" className="filter" key={data.filter.state}>
        <label htmlFor="state-filter">{t('requests.filterLabel')}</label>
        <select id="state-filter" name="state" defaultValue={data.filter.state}>
          <option value="">{t('common.all')}</option>
          {data.filter.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <button type="submit">{t('common.apply')}</button>
      </Form>

      {data.requests.length === 0 ? (
        <EmptyState>{data.emptyText}</EmptyState>
      ) : (
        <RequestTable
          requests={data.requests}
          columns={[
            requestColumns.number,
            requestColumns.project,
            requestColumns.agency,
            requestColumns.kind,
            requestColumns.state,
            requestColumns.submittedAt,
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
