import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Link } from '@remix-run/react'
import { EmptyState, PageHeader } from '#app/components/ui/page-header'
import { CursorPager } from '#app/components/ui/cursor-pager'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { PLATFORM, requireAuthorised } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { httpError, withErrorReference } from '#app/utils/errors.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { searchObject } from '#app/utils/paging.server'
import { approvalPolicy } from '#app/utils/workflow.server'
import { ClosureTable } from './closure-table'
import { loadClosureQueue } from './closures.server'
import { QueueFilter } from './queue-filter'
import { QueueQuery, loadQueue } from './queue.server'
import { QueueTable } from './queue-table'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAuthorised(request, 'request.decide', PLATFORM)
  const url = new URL(request.url)
  const query = QueueQuery.safeParse(searchObject(url))
  if (!query.success) throw httpError(request, 400, { key: 'requests.invalidFilter' })
  const locale = resolveLocale(request)
  const [queue, closures] = await withErrorReference(request, async () =>
    Promise.all([
      loadQueue({ db: getDb(), locale, query: query.data, policy: await approvalPolicy() }),
      loadClosureQueue(getDb(), locale, query.data.agency),
    ]),
  )
  return { ...queue, closures, query: query.data, title: translate(locale, 'workflow.queue.title') }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

export default function Queue() {
  const { items, closures, agency, query, page, title } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <PageHeader title={title} intro={t('workflow.queue.intro')} />
      <p>
        <Link to="/pools">{t('poolAdmin.link')}</Link>
      </p>
      <QueueFilter agency={agency} query={query} t={t} />
      {closures.length > 0 ? <ClosureTable rows={closures} t={t} /> : null}
      {items.length === 0 ? <EmptyState>{t('workflow.queue.empty')}</EmptyState> : <QueueTable items={items} t={t} />}
      <CursorPager info={page} t={t} />
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
