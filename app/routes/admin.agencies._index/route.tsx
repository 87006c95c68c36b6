import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { ChoiceField, FormAlert, TextField } from '#app/components/agency-fields'
import { DataTable, type Column } from '#app/components/ui/data-table'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { agencyAdminPage, createFromForm } from './agency-admin.server'

// Platform administrators manage the agencies here (issue 15, decision 0052): the list, the form
// that adds one, and the mismatches with Keycloak's groups.

export async function loader({ request }: LoaderFunctionArgs) {
  return agencyAdminPage(request)
}

export async function action({ request }: ActionFunctionArgs) {
  const outcome = await createFromForm(request)
  if (outcome.ok) return redirect(`/admin/agencies?created=${encodeURIComponent(outcome.code)}`)
  return data({ errors: outcome.errors, values: outcome.values }, { status: 422 })
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => titleMeta(page?.title, matches)

type Page = Awaited<ReturnType<typeof agencyAdminPage>>

const AGENCY_COLUMNS: readonly Column<Page['agencies'][number]>[] = [
  { header: 'agencies.code', cell: (row) => <Link to={`/admin/agencies/${row.code}`}>{row.code}</Link> },
  { header: 'agencies.name', cell: (row) => row.name },
  { header: 'agencies.kind', cell: (row) => row.kind },
  { header: 'agencyAdmin.parent', cell: (row) => row.parent },
  { header: 'agencies.status', cell: (row) => row.status },
]

const ISSUE_COLUMNS: readonly Column<Page['issues'][number]>[] = [
  { header: 'agencies.code', cell: (row) => row.name },
  { header: 'agencies.status', cell: (row) => row.kind },
  { header: 'agencies.name', cell: (row) => row.nameVi },
  {
    header: 'agencyAdmin.groupIssues',
    cell: (row, t) => (
      <>
        {row.since}
        {row.detail ? <span className="muted small"> · {row.detail}</span> : null}
        {row.adopt ? (
          <>
            {' · '}
            <Link to={row.adopt}>{t('agencyAdmin.adopt')}</Link>
          </>
        ) : null}
      </>
    ),
  },
]

function CreateForm({ page }: { page: Page }) {
  const t = useT()
  const outcome = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const values: Record<string, string> = outcome?.values ?? page.values
  const errors = outcome?.errors ?? {}
  return (
    <Form method="post" className="request-form" noValidate id="new">
      <FormAlert
        form="new"
        fields={['code', 'nameVi', 'nameEn', 'kind', 'parentCode']}
        refused={!!outcome}
        errors={errors}
        fallback={t('agencyAdmin.failed')}
      />
      <TextField
        form="new"
        name="code"
        label={t('agencyAdmin.code')}
        value={values['code']}
        errors={errors}
        maxLength={40}
      />
      <TextField form="new" name="nameVi" label={t('agencyAdmin.nameVi')} value={values['nameVi']} errors={errors} />
      <TextField form="new" name="nameEn" label={t('agencyAdmin.nameEn')} value={values['nameEn']} errors={errors} />
      <ChoiceField
        form="new"
        name="kind"
        label={t('agencyAdmin.kind')}
        value={values['kind']}
        choices={page.kinds}
        errors={errors}
      />
      <ChoiceField
        form="new"
        name="parentCode"
        label={t('agencyAdmin.parent')}
        value={values['parentCode']}
        choices={page.parents}
        none={page.noParent}
        errors={errors}
      />
      <p>
        <button type="submit" className="button" disabled={busy}>
          {t('agencyAdmin.createSubmit')}
        </button>
      </p>
    </Form>
  )
}

export default function AgencyAdmin() {
  const page = useLoaderData<typeof loader>()
  const t = useT()
  const created = useSearchParams()[0].get('created')
  return (
    <>
      <PageHeader title={t('agencyAdmin.title')} intro={t('agencyAdmin.intro')} />
      {created ? (
        <div className="alert alert--success" role="status">
          <p>{t('agencyAdmin.created', { code: created })}</p>
        </div>
      ) : null}
      <section className="section">
        <h2>{t('agencyAdmin.groupIssues')}</h2>
        {page.issues.length === 0 ? (
          <p className="muted">{t('agencyAdmin.groupIssuesNone')}</p>
        ) : (
          <DataTable rows={page.issues} columns={ISSUE_COLUMNS} rowKey={(row) => row.key} t={t} />
        )}
      </section>
      <section className="section">
        <h2>{t('agencyAdmin.create')}</h2>
        <CreateForm page={page} />
      </section>
      <section className="section">
        <h2>{t('agencyAdmin.all')}</h2>
        <DataTable rows={page.agencies} columns={AGENCY_COLUMNS} rowKey={(row) => row.code} t={t} />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
