import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DataTable, type Column } from '#app/components/ui/data-table'
import { EmptyState, PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { poolsPage } from './pools.server'

// The capacity pools (issue 15, decision 0054): for the data centre's roles, each pool's figures
// beside the platform's latest reading; operators add and edit pools from here.

export async function loader({ request }: LoaderFunctionArgs) {
  return poolsPage(request)
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

type Row = Awaited<ReturnType<typeof poolsPage>>['pools'][number]['resources'][number]

const columns: readonly Column<Row>[] = [
  { header: 'poolAdmin.resource', cell: (row) => row.label },
  { header: 'poolAdmin.physical', numeric: true, cell: (row) => row.physical },
  { header: 'poolAdmin.overcommit', numeric: true, cell: (row) => row.overcommit },
  { header: 'poolAdmin.capacity', numeric: true, cell: (row) => row.capacity },
  { header: 'poolAdmin.allocated', numeric: true, cell: (row) => row.allocated },
  { header: 'poolAdmin.used', numeric: true, cell: (row, t) => row.used ?? t('common.none') },
  { header: 'poolAdmin.reading', numeric: true, cell: (row, t) => row.read ?? t('common.none') },
]

export default function Pools() {
  const page = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <PageHeader title={page.title} intro={t('poolAdmin.intro')} />
      {page.manages ? (
        <p>
          <Link className="button" to="/pools/new">
            {t('poolAdmin.new')}
          </Link>
        </p>
      ) : null}
      {page.pools.length === 0 ? <EmptyState>{t('poolAdmin.none')}</EmptyState> : null}
      {page.pools.map((pool) => (
        <section key={pool.code} className="section" aria-labelledby={`pool-${pool.code}`} data-pool={pool.code}>
          <h2 id={`pool-${pool.code}`}>
            {pool.name}{' '}
            <span className="muted">
              · {pool.code} · {pool.kind}
            </span>
          </h2>
          <p className="muted">{pool.reading ?? t('poolAdmin.readingNone')}</p>
          <DataTable rows={pool.resources} rowKey={(row) => row.resource} columns={columns} t={t} />
          <p>
            <Link to={`/pools/${encodeURIComponent(pool.code)}`}>{t('poolAdmin.usage')}</Link>
            {page.manages ? (
              <>
                {' · '}
                <Link to={`/pools/${encodeURIComponent(pool.code)}/edit`}>{t('poolAdmin.edit')}</Link>
              </>
            ) : null}
          </p>
        </section>
      ))}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
