import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { SecurityNav } from '#app/components/security-nav'
import { DataTable, type Column } from '#app/components/ui/data-table'
import { EmptyState, PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { reviewQueue } from './queue.server'

// The security officers' queue of registrations awaiting review (issue 15, decision 0055), each
// linked to its review page.

export async function loader({ request }: LoaderFunctionArgs) {
  return reviewQueue(request)
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

type Row = Awaited<ReturnType<typeof loader>>['items'][number]

const COLUMNS: readonly Column<Row>[] = [
  { header: 'systems.col.name', cell: (r) => r.name },
  { header: 'systems.review.kind', cell: (r) => r.kind },
  { header: 'systems.col.agency', cell: (r) => r.agency },
  { header: 'systems.col.inForce', numeric: true, cell: (r) => r.levelInForce ?? '' },
  { header: 'systems.col.proposed', numeric: true, cell: (r) => r.proposedLevel ?? '' },
  { header: 'systems.version', numeric: true, cell: (r) => r.version },
  { header: 'systems.col.personalData', cell: (r) => r.personalData },
  { header: 'systems.col.registeredAt', cell: (r) => r.registeredAt },
  {
    header: 'systems.review.open',
    cell: (r, t) => <Link to={`/security/systems/${r.namespace}`}>{t('systems.review.open')}</Link>,
  },
]

export default function SystemReviewQueue() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  const [search] = useSearchParams()
  const done = search.has('reviewed')
    ? t('systems.review.done')
    : search.has('levelDecided')
      ? t('systems.levelDecision.done')
      : null
  return (
    <>
      <SecurityNav />
      <PageHeader title={data.title} intro={t('systems.review.queueIntro')} />
      {done ? (
        <div className="alert alert--success" role="status">
          <p>{done}</p>
        </div>
      ) : null}
      {data.items.length === 0 ? (
        <EmptyState>{t('systems.review.none')}</EmptyState>
      ) : (
        <DataTable
          rows={data.items}
          columns={COLUMNS}
          rowKey={(r) => r.namespace}
          rowData={(r) => ({ 'data-system': r.namespace })}
          t={t}
        />
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
