import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { ChoiceField, FormAlert, TextField, type FieldErrorsByName } from '#app/components/agency-fields'
import { PageHeader } from '#app/components/ui/page-header'
import { ErrorSummary } from '#app/components/ui/error-summary'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { useT, type MessageKey } from '#app/utils/i18n'
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
  // A preview is an answer, not a refusal: 200 with what would move; a confirmation whose figures
  // moved is refused (422) with the preview as it is now.
  const refusedNow = Object.keys(errors).length > 0
  return data({ intent, errors, values, preview }, { status: preview === null || refusedNow ? 422 : 200 })
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

/** What each form of an active agency is called, says and links its alert to. */
const SECTIONS = {
  rename: { title: 'agencyAdmin.rename', submit: 'agencyAdmin.renameSubmit', fields: ['nameVi', 'nameEn'] },
  reparent: { title: 'agencyAdmin.reparent', submit: 'agencyAdmin.reparentSubmit', fields: ['parentCode'] },
  archive: {
    title: 'agencyAdmin.archive',
    intro: 'agencyAdmin.archiveIntro',
    submit: 'agencyAdmin.archiveSubmit',
    fields: [],
  },
} as const satisfies Record<string, { title: MessageKey; intro?: MessageKey; submit: MessageKey; fields: string[] }>

/** One intent's section: its form, the alert for its refusal at the top, `children` the fields. */
function IntentSection(props: {
  intent: keyof typeof SECTIONS
  refusal: ReturnType<typeof useRefusal>
  children?: React.ReactNode
}) {
  const t = useT()
  const section: { title: MessageKey; intro?: MessageKey; submit: MessageKey; fields: readonly string[] } =
    SECTIONS[props.intent]
  const { refused, errors } = props.refusal
  const fallback = t('agencyAdmin.failed')
  return (
    <section className="section">
      <h2>{t(section.title)}</h2>
      {section.intro ? <p className="muted">{t(section.intro)}</p> : null}
      <IntentForm intent={props.intent} submit={t(section.submit)}>
        <FormAlert form={props.intent} fields={section.fields} refused={refused} errors={errors} fallback={fallback} />
        {props.children}
      </IntentForm>
    </section>
  )
}

function EditForms({ page }: { page: Page }) {
  const t = useT()
  const rename = useRefusal('rename', page)
  const reparent = useRefusal('reparent', page)
  const archive = useRefusal('archive', page)
  const merge = useRefusal('merge', page)
  const preview = useActionData<typeof action>()?.preview ?? null
  return (
    <>
      <IntentSection intent="rename" refusal={rename}>
        <TextField
          form="rename"
          name="nameVi"
          label={t('agencyAdmin.nameVi')}
          value={rename.values['nameVi']}
          errors={rename.errors}
        />
        <TextField
          form="rename"
          name="nameEn"
          label={t('agencyAdmin.nameEn')}
          value={rename.values['nameEn']}
          errors={rename.errors}
        />
      </IntentSection>
      <IntentSection intent="reparent" refusal={reparent}>
        <ChoiceField
          form="reparent"
          name="parentCode"
          label={t('agencyAdmin.parent')}
          value={reparent.values['parentCode']}
          choices={page.parents}
          none={page.noParent}
          errors={reparent.errors}
        />
      </IntentSection>
      <IntentSection intent="archive" refusal={archive} />
      <MergeSection
        targets={page.mergeTargets}
        values={merge.values}
        errors={merge.errors}
        refused={merge.refused && (preview === null || Object.keys(merge.errors).length > 0)}
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
      {refusal.length === 0 ? null : <ErrorSummary form="agency-inactive" errors={{ form: refusal }} fields={[]} />}
      <p className="muted">{t('agencyAdmin.inactive')}</p>
    </>
  )
}

export default function AgencyEdit() {
  const page = useLoaderData<typeof loader>()
  const t = useT()
  const [search] = useSearchParams()
  const merged = search.get('merged')
  // What the last form did, after its redirect (?saved=1, ?merged=applied|cancelled|cleared).
  const notices = [
    search.get('saved') ? t('agencyAdmin.saved', { code: page.code }) : null,
    merged === 'applied' ? t('agencyAdmin.mergeDone', { code: page.code }) : null,
    merged === 'cancelled' ? t('agencyAdmin.mergeCancelled', { code: page.code }) : null,
    merged === 'cleared' ? t('agencyAdmin.mergeCleared', { code: page.code }) : null,
  ]
  return (
    <>
      <PageHeader title={page.title} intro={`${page.code} · ${page.status}`} />
      {notices.map((notice) =>
        notice === null ? null : (
          <div key={notice} className="alert alert--success" role="status">
            <p>{notice}</p>
          </div>
        ),
      )}
      {page.active ? <EditForms page={page} /> : <InactiveAgency />}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
