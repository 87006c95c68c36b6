import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { RegistrationFormView } from '#app/components/system-forms'
import { DataTable, type Column } from '#app/components/ui/data-table'
import { EmptyState, PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { registerFromForm, systemsPage } from './systems.server'

// Information systems (issue 15, decision 0055): the agency's systems with the state of their
// registration, and the form that registers a new one.

export async function loader({ request }: LoaderFunctionArgs) {
  return systemsPage(request)
}

export async function action({ request }: ActionFunctionArgs) {
  const outcome = await registerFromForm(request)
  if (outcome.ok) return redirect(`/systems/${outcome.namespace}?registered=1`)
  return data({ errors: outcome.errors, values: outcome.values }, { status: 422 })
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => titleMeta(page?.title, matches)

type Row = Awaited<ReturnType<typeof systemsPage>>['systems'][number]

const COLUMNS: readonly Column<Row>[] = [
  { header: 'systems.col.name', cell: (row) => <Link to={`/systems/${row.namespace}`}>{row.name}</Link> },
  { header: 'systems.col.namespace', cell: (row) => <code>{row.namespace}</code> },
  { header: 'systems.col.agency', cell: (row) => row.agency },
  { header: 'systems.col.state', cell: (row) => row.stateLabel },
  { header: 'systems.col.proposed', numeric: true, cell: (row) => row.proposedLevel ?? '' },
  { header: 'systems.col.inForce', numeric: true, cell: (row) => row.levelInForce ?? '' },
  { header: 'systems.col.registeredAt', cell: (row) => row.registeredAt },
]

export default function Systems() {
  const page = useLoaderData<typeof loader>()
  const t = useT()
  const [search] = useSearchParams()
  return (
    <>
      <PageHeader title={t('systems.title')} intro={t('systems.intro')} />
      {page.agencies.length > 0 ? (
        <section className="section">
          <h2>{t('systems.register')}</h2>
          <RegistrationFormView agencies={page.agencies} levels={page.levels} initialAgency={search.get('agency')} />
        </section>
      ) : null}
      <section className="section">
        <h2>{t('systems.all')}</h2>
        {page.systems.length === 0 ? (
          <EmptyState>{t('systems.none')}</EmptyState>
        ) : (
          <DataTable
            rows={page.systems}
            columns={COLUMNS}
            rowKey={(row) => row.namespace}
            rowData={(row) => ({ 'data-state': row.state })}
            t={t}
          />
        )}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
