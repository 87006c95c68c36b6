import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { PoolForm } from '#app/components/pool-form'
import { DataTable, type Column } from '#app/components/ui/data-table'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { editFromForm, poolEditPage } from './pool-edit.server'

// A pool's new version (issue 15, decision 0054): the live reading beside the figures in force,
// the form keeping what was typed when refused, and every version with its evidence.

export async function loader({ request, params }: LoaderFunctionArgs) {
  return poolEditPage(request, params.code ?? '')
}

export async function action({ request, params }: ActionFunctionArgs) {
  const code = params.code ?? ''
  const outcome = await editFromForm(request, code)
  if (outcome.ok) return redirect(`/pools/${encodeURIComponent(code)}/edit?saved=${outcome.version}`)
  return data({ errors: outcome.errors, values: outcome.values }, { status: 422 })
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => titleMeta(page?.title, matches)

type Version = Awaited<ReturnType<typeof poolEditPage>>['versions'][number]

const versionColumns: readonly Column<Version>[] = [
  { header: 'poolAdmin.version', numeric: true, cell: (row) => row.version },
  { header: 'poolAdmin.at', cell: (row) => row.at },
  { header: 'poolAdmin.by', cell: (row) => row.by },
  { header: 'poolAdmin.reason', cell: (row) => row.reason },
  { header: 'poolAdmin.figures', cell: (row) => row.figures },
  { header: 'poolAdmin.evidence', cell: (row) => row.evidence },
]

export default function PoolEdit() {
  const page = useLoaderData<typeof loader>()
  const refusal = useActionData<typeof action>()
  const t = useT()
  const saved = useSearchParams()[0].get('saved')
  return (
    <>
      <PageHeader title={page.title} intro={page.code} above={page.name} />
      {saved ? (
        <div className="alert alert--success" role="status">
          <p>{t('poolAdmin.saved', { version: saved, code: page.code })}</p>
        </div>
      ) : null}
      <PoolForm
        resources={page.resources}
        current={page.current}
        reading={page.reading}
        values={refusal?.values ?? page.values}
        errors={refusal?.errors ?? {}}
        refused={refusal !== undefined}
        hidden={{ seenVersion: page.seenVersion }}
        submit={t('poolAdmin.submitEdit')}
        creating={false}
        t={t}
      />
      <section className="section" aria-labelledby="versions">
        <h2 id="versions">{t('poolAdmin.versions')}</h2>
        <DataTable rows={page.versions} rowKey={(row) => row.version} columns={versionColumns} t={t} />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
