import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { DataTable, type Column } from '#app/components/ui/data-table'
import { ErrorSummary, fieldErrorId, fieldErrorProps } from '#app/components/ui/error-summary'
import { FieldErrors } from '#app/components/ui/field-errors'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { policiesPage, saveFromForm } from './policies.server'

// The platform's policies (issue 15, decision 0049): the version in force, who saved it and when,
// the history, and the form that saves a new version. Platform administrators only.

export async function loader({ request }: LoaderFunctionArgs) {
  return policiesPage(request)
}

export async function action({ request }: ActionFunctionArgs) {
  const outcome = await saveFromForm(request)
  if (outcome.ok) return redirect(`/policies?saved=${outcome.version}`)
  return data({ errors: outcome.errors, values: outcome.values }, { status: 422 })
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => titleMeta(page?.title, matches)

type Page = Awaited<ReturnType<typeof policiesPage>>
type Row = Page['history'][number]

const COLUMNS: readonly Column<Row>[] = [
  { header: 'policies.version', cell: (row) => row.version, numeric: true },
  { header: 'policies.changedAt', cell: (row) => row.at },
  { header: 'policies.changedBy', cell: (row) => row.by },
  { header: 'policies.why', cell: (row) => row.reason },
  { header: 'policies.summary', cell: (row) => row.summary },
]

const NUMBERS = [
  'threshold:cpu',
  'threshold:memory',
  'threshold:pods',
  'threshold:gpu',
  'threshold:volume:*',
  'threshold:objectStorage',
  'threshold:buckets',
  'threshold:backupStorage',
] as const

/** The form's id, and its fields in the order they appear (the error summary links to them). */
const FORM = 'policy'
const FIELDS = [
  ...NUMBERS,
  'twoOperatorWindowDays',
  'autoApproveDecreases',
  'autoApproveIncreases',
  'increaseUsagePercent',
  'graceDays',
  'reservedNamespaces',
  'reason',
]

function NumberField({
  name,
  label,
  value,
  errors,
}: {
  name: string
  label: string
  value: string
  errors: Record<string, string[] | undefined>
}) {
  return (
    <label>
      {label}
      <input
        type="text"
        inputMode="numeric"
        name={name}
        defaultValue={value}
        {...fieldErrorProps(FORM, name, errors)}
      />
      <FieldErrors errors={errors[name]} id={fieldErrorId(FORM, name)} />
    </label>
  )
}

function EditForm({ page }: { page: Page }) {
  const t = useT()
  const outcome = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const values = outcome?.values ?? page.values
  const errors: Record<string, string[] | undefined> = outcome?.errors ?? {}
  const field = (name: string, key: Parameters<typeof t>[0]) => (
    <NumberField name={name} label={t(key)} value={values[name] ?? ''} errors={errors} />
  )
  return (
    <Form method="post" className="request-form" noValidate>
      {outcome ? (
        <ErrorSummary
          form={FORM}
          errors={Object.keys(errors).length > 0 ? errors : { form: [] }}
          fields={FIELDS}
          title={t('policies.failed')}
        />
      ) : null}
      <input type="hidden" name="basedOn" value={page.basedOn} />
      <fieldset>
        <legend>{t('policies.thresholds')}</legend>
        {NUMBERS.map((name) => field(name, `policies.threshold.${name.slice('threshold:'.length)}` as never))}
        {field('twoOperatorWindowDays', 'policies.windowDays')}
      </fieldset>
      <fieldset>
        {(['autoApproveDecreases', 'autoApproveIncreases'] as const).map((name) => (
          <label key={name}>
            <input
              type="checkbox"
              name={name}
              defaultChecked={values[name] === 'on'}
              {...fieldErrorProps(FORM, name, errors)}
            />{' '}
            {t(`policies.${name}`)}
          </label>
        ))}
        {field('increaseUsagePercent', 'policies.increaseUsagePercent')}
        {field('graceDays', 'policies.graceDays')}
        <label>
          {t('policies.reservedNamespaces')}
          <textarea
            name="reservedNamespaces"
            rows={8}
            defaultValue={values['reservedNamespaces']}
            {...fieldErrorProps(FORM, 'reservedNamespaces', errors)}
          />
          <FieldErrors errors={errors['reservedNamespaces']} id={fieldErrorId(FORM, 'reservedNamespaces')} />
        </label>
        <label>
          {t('policies.changeReason')}
          <textarea
            name="reason"
            rows={3}
            maxLength={2000}
            defaultValue={values['reason']}
            {...fieldErrorProps(FORM, 'reason', errors)}
          />
          <FieldErrors errors={errors['reason']} id={fieldErrorId(FORM, 'reason')} />
        </label>
      </fieldset>
      <p>
        <button type="submit" className="button" disabled={busy}>
          {t('policies.submit')}
        </button>
      </p>
    </Form>
  )
}

export default function Policies() {
  const page = useLoaderData<typeof loader>()
  const t = useT()
  const [search] = useSearchParams()
  const saved = search.get('saved')
  return (
    <>
      <PageHeader title={t('policies.title')} intro={t('policies.intro')} />
      {saved ? (
        <div className="alert alert--success" role="status">
          <p>{t('policies.done', { version: saved })}</p>
        </div>
      ) : null}
      <section className="section" data-version={page.inForce.version}>
        <h2>{t('policies.inForce', { version: page.inForce.version })}</h2>
        <p className="muted small">{t('policies.madeBy', { who: page.inForce.by, at: page.inForce.at })}</p>
        {page.inForce.reason ? <p>{t('policies.reason', { reason: page.inForce.reason })}</p> : null}
        <EditForm page={page} />
      </section>
      <section className="section">
        <h2>{t('policies.history')}</h2>
        <DataTable rows={page.history} columns={COLUMNS} rowKey={(row) => String(row.version)} t={t} />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
