import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Badge } from '#app/components/ui/badge'
import { DataTable, type Column } from '#app/components/ui/data-table'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { StatementLines } from './statement-lines'
import { statementPage } from './statement.server'

// A month's statement of one agency (issue 14, decision 0048): its lines per project and resource,
// its versions with what each changed, the exports and the print view.

export async function loader({ request, params }: LoaderFunctionArgs) {
  return statementPage(request, params)
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => titleMeta(page?.title, matches)

type Page = Awaited<ReturnType<typeof statementPage>>
type Change = Page['changes'][number]
type Version = Page['versions'][number]

const CHANGE_COLUMNS: readonly Column<Change>[] = [
  { header: 'statements.col.project', cell: (c) => c.project },
  { header: 'statements.col.resource', cell: (c) => c.resource },
  { header: 'statements.col.quantity', cell: (c) => c.quantity, numeric: true },
  { header: 'statements.col.amount', cell: (c) => c.amount, numeric: true },
  { header: 'statements.col.unmeasured', cell: (c) => c.unmeasured, numeric: true },
  { header: 'statements.col.energy', cell: (c) => c.energy, numeric: true },
  { header: 'statements.col.co2e', cell: (c) => c.co2e, numeric: true },
]

const VERSION_COLUMNS: readonly Column<Version>[] = [
  {
    header: 'statements.version',
    cell: (v, t) =>
      v.current ? (
        <strong>{v.version}</strong>
      ) : (
        <Link to={v.href} aria-label={t('statements.page.showVersion', { version: v.version })}>
          {v.version}
        </Link>
      ),
  },
  { header: 'statements.page.closedAt', cell: (v) => v.at },
  { header: 'statements.total', cell: (v) => v.total, numeric: true },
]

function Versions({ page }: { page: Page }) {
  const t = useT()
  if (page.versions.length === 0) return null
  return (
    <section className="section no-print">
      <h2>{t('statements.page.versions')}</h2>
      <DataTable
        rows={page.versions}
        columns={VERSION_COLUMNS}
        rowKey={(v) => v.version}
        rowData={(v) => ({ 'data-version': String(v.version) })}
        t={t}
      />
      {page.previousVersion === null ? (
        <p className="muted">{t('statements.page.noChanges')}</p>
      ) : (
        <>
          <h3>{t('statements.page.changes', { version: page.previousVersion })}</h3>
          <DataTable rows={page.changes} columns={CHANGE_COLUMNS} rowKey={(c) => c.key} t={t} />
        </>
      )}
    </section>
  )
}

export default function Statement() {
  const page = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <PageHeader title={page.title} intro={page.stateText}>
        <p>
          <Badge tone={page.state === 'closed' ? 'neutral' : 'info'}>{t(`statements.state.${page.state}`)}</Badge>
        </p>
      </PageHeader>
      <nav className="no-print" aria-label={t('statements.page.exports')}>
        <p>
          <Link to={page.links.list}>{t('statements.page.back')}</Link> · {t('statements.page.exports')}:{' '}
          <a href={page.links.csv} download>
            {t('statements.page.csv')}
          </a>{' '}
          ·{' '}
          <a href={page.links.xlsx} download>
            {t('statements.page.xlsx')}
          </a>{' '}
          · <a href={page.links.print}>{t('statements.page.print')}</a>
        </p>
      </nav>
      <StatementLines page={page} />
      <Versions page={page} />
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
