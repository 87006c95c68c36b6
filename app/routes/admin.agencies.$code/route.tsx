import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { ChoiceField, FormAlert, TextField, type FieldErrorsByName } from '#app/components/agency-fields'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { agencyEditPage, editFromForm } from './agency-edit.server'
import { MergeSection } from './merge-section'

// One agency's administration (issue 15, decisions 0052 and 0057): rename, move, archive, merge
// (with a preview of what will move); each form keeps what was typed and shows its refusal beside
// the field.

export async function loader({ request, params }: LoaderFunctionArgs) {
  return agencyEditPage(request, params.code ?? '')
}

export async function action({ request, params }: ActionFunctionArgs) {
  const code = params.code ?? ''
  const outcome = await editFromForm(request, code)
  const page = `/admin/agencies/${encodeURIComponent(code)}`
  if (outcome.ok) return redirect(outcome.merged === null ? `${page}?saved=1` : `${page}?merged=${outcome.merged}`)
  const { intent, errors, values, preview } = outcome
  // A preview is an answer, not a refusal: 200 with what would move.
  return data({ intent, errors, values, preview }, { status: preview === null ? 422 : 200 })
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => titleMeta(page?.title, matches)

type Page = Awaited<ReturnType<typeof agencyEditPage>>

/** The posted form's errors and values when it is this form that was refused. */
function useRefusal(intent: string, page: Page) {
  const outcome = useActionData<typeof action>()
  const mine = outcome?.intent === intent
  const errors: FieldErrorsByName = mine ? outcome.errors : {}
  const values: Record<string, string> = mine ? outcome.values : page.values
  return { refused: mine, errors, values }
}

function IntentForm({ intent, submit, children }: { intent: string; submit: string; children?: React.ReactNode }) {
  const busy = useNavigation().state === 'submitting'
  return (
    <Form method="post" className="request-form" noValidate>
      <input type="hidden" name="intent" value={intent} />
      {children}
      <p>
        <button type="submit" className="button" disabled={busy}>
          {submit}
        </button>
      </p>
    </Form>
  )
}

function EditForms({ page }: { page: Page }) {
  const t = useT()
  const rename = useRefusal('rename', page)
  const reparent = useRefusal('reparent', page)
  const archive = useRefusal('archive', page)
  const merge = useRefusal('merge', page)
  const preview = useActionData<typeof action>()?.preview ?? null
  const fallback = t('agencyAdmin.failed')
  return (
    <>
      <section className="section">
        <h2>{t('agencyAdmin.rename')}</h2>
        <IntentForm intent="rename" submit={t('agencyAdmin.renameSubmit')}>
          <FormAlert refused={rename.refused} errors={rename.errors} fallback={fallback} />
          <TextField
            name="nameVi"
            label={t('agencyAdmin.nameVi')}
            value={rename.values['nameVi']}
            errors={rename.errors}
          />
          <TextField
            name="nameEn"
            label={t('agencyAdmin.nameEn')}
            value={rename.values['nameEn']}
            errors={rename.errors}
          />
        </IntentForm>
      </section>
      <section className="section">
        <h2>{t('agencyAdmin.reparent')}</h2>
        <IntentForm intent="reparent" submit={t('agencyAdmin.reparentSubmit')}>
          <FormAlert refused={reparent.refused} errors={reparent.errors} fallback={fallback} />
          <ChoiceField
            name="parentCode"
            label={t('agencyAdmin.parent')}
            value={reparent.values['parentCode']}
            choices={page.parents}
            none={page.noParent}
            errors={reparent.errors}
          />
        </IntentForm>
      </section>
      <section className="section">
        <h2>{t('agencyAdmin.archive')}</h2>
        <p className="muted">{t('agencyAdmin.archiveIntro')}</p>
        <IntentForm intent="archive" submit={t('agencyAdmin.archiveSubmit')}>
          <FormAlert refused={archive.refused} errors={archive.errors} fallback={fallback} />
        </IntentForm>
      </section>
      <MergeSection
        targets={page.mergeTargets}
        values={merge.values}
        errors={merge.errors}
        refused={merge.refused && preview === null}
        preview={preview}
        pending={page.pendingMerge}
      />
    </>
  )
}

/** A merged or archived agency: its history only, and why a form posted anyway was refused. */
function InactiveAgency() {
  const t = useT()
  const refusal = useActionData<typeof action>()?.errors['form'] ?? []
  return (
    <>
      {refusal.length === 0 ? null : (
        <div className="alert alert--danger" role="alert">
          {refusal.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      )}
      <p className="muted">{t('agencyAdmin.inactive')}</p>
    </>
  )
}

export default function AgencyEdit() {
  const page = useLoaderData<typeof loader>()
  const t = useT()
  const [search] = useSearchParams()
  const saved = search.get('saved')
  const merged = search.get('merged') === 'applied'
  const cancelled = search.get('merged') === 'cancelled'
  return (
    <>
      <PageHeader title={page.title} intro={`${page.code} · ${page.status}`} />
      <p>
        <Link to="/admin/agencies">{t('agencyAdmin.all')}</Link>
      </p>
      {saved ? (
        <div className="alert alert--success" role="status">
          <p>{t('agencyAdmin.saved', { code: page.code })}</p>
        </div>
      ) : null}
      {merged ? (
        <div className="alert alert--success" role="status">
          <p>{t('agencyAdmin.mergeDone', { code: page.code })}</p>
        </div>
      ) : null}
      {cancelled ? (
        <div className="alert alert--success" role="status">
          <p>{t('agencyAdmin.mergeCancelled', { code: page.code })}</p>
        </div>
      ) : null}
      {page.active ? <EditForms page={page} /> : <InactiveAgency />}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
