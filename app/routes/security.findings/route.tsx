import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData, useLocation } from '@remix-run/react'
import { SecurityNav } from '#app/components/security-nav'
import { ForwardPager } from '#app/components/ui/forward-pager'
import { EmptyState, PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { requireListScope } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { httpError, withErrorReference } from '#app/utils/errors.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { searchObject } from '#app/utils/paging.server'
import { FindingsFilter } from './findings-filter'
import { FindingsQuery, loadFindings, positionOf } from './findings.server'
import { FindingsTable } from './findings-table'

// The findings list of the security workspace (issue 13, decision 0043): the search's filters,
// newest first, paged forward by keyset, each finding's status by the one rule, links to its
// project and to ask for a waiver, and the same search as CSV (/security/findings.csv).
// findings.read, within the reader's agencies: a filter on another agency finds nothing.
export async function loader({ request }: LoaderFunctionArgs) {
  const { principal, agencyIds } = await requireListScope(request, 'findings.read')
  const query = FindingsQuery.safeParse(searchObject(new URL(request.url)))
  const position = query.success ? positionOf(query.data.after) : undefined
  if (!query.success || position === undefined) throw httpError(request, 400, { key: 'security.invalidFilter' })
  const { after: _after, ...search } = query.data
  const locale = resolveLocale(request)
  const found = await withErrorReference(request, () =>
    loadFindings({ db: getDb(), principal, agencyIds, search, position, locale, now: new Date() }),
  )
  return { title: translate(locale, 'security.findings.title'), search, ...found }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

export default function SecurityFindings() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  const { search } = useLocation()
  const csv = new URLSearchParams(search)
  csv.delete('after')
  return (
    <>
      <SecurityNav />
      <PageHeader title={data.title} intro={t('security.findings.intro')}>
        <p>
          <a href={`/security/findings.csv?${csv.toString()}`} className="button button--secondary" download>
            {t('security.findings.csv', { limit: data.csvLimit })}
          </a>
        </p>
      </PageHeader>
      <FindingsFilter search={data.search} choices={data.choices} t={t} />
      {data.rows.length === 0 ? (
        <EmptyState>{t('security.findings.none')}</EmptyState>
      ) : (
        <FindingsTable rows={data.rows} t={t} />
      )}
      <ForwardPager next={data.next} total={data.total} t={t} />
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
