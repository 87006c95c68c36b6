import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Badge } from '#app/components/ui/badge'
import { DataTable, type Column } from '#app/components/ui/data-table'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { statementsPage } from './statements.server'

// "Bảng kê": the monthly statements the reader may see, newest month first (issue 14, decision
// 0048). A plain GET form filters them, so the page works without JavaScript.

export async function loader({ request }: LoaderFunctionArgs) {
  return statementsPage(request)
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => titleMeta(page?.title, matches)

type Row = Awaited<ReturnType<typeof statementsPage>>['rows'][number]

const COLUMNS: readonly Column<Row>[] = [
  { header: 'statements.month', cell: (row) => <Link to={row.href}>{row.month}</Link> },
  { header: 'statements.agency', cell: (row) => row.agency },
  { header: 'statements.version', cell: (row) => row.version, numeric: true },
  {
    header: 'statements.state',
    cell: (row) => <Badge tone={row.state === 'closed' ? 'neutral' : 'info'}>{row.stateLabel}</Badge>,
  },
  { header: 'statements.total', cell: (row) => row.total, numeric: true },
]

export default function Statements() {
  const page = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <PageHeader title={page.title} intro={t('statements.intro')} />
      <Form method="get" className="filter" aria-label={t('statements.filter.submit')}>
        {page.agencies.length > 0 ? (
          <label>
            {t('statements.filter.agency')}
            <select name="agency" defaultValue={page.filter.agency}>
              <option value="">{t('statements.filter.allAgencies')}</option>
              {page.agencies.map((a) => (
                <option key={a.code} value={a.code}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label>
          {t('statements.filter.month')}
          <input type="month" name="month" defaultValue={page.filter.month} />
        </label>
        <button type="submit" className="button button--secondary">
          {t('statements.filter.submit')}
        </button>
      </Form>
      {page.rows.length === 0 ? (
        <p>{t('statements.none')}</p>
      ) : (
        <DataTable
          rows={page.rows}
          columns={COLUMNS}
          rowKey={(row) => row.key}
          rowData={(row) => ({ 'data-statement': row.key, 'data-state': row.state })}
          t={t}
        />
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
