import { Form, useActionData, useNavigation } from '@remix-run/react'
import { ChoiceField, FormAlert, TextField, type FieldErrorsByName } from '#app/components/agency-fields'
import { fieldErrorId, fieldErrorProps } from '#app/components/ui/error-summary'
import { FieldErrors } from '#app/components/ui/field-errors'
import { useT } from '#app/utils/i18n'

// The information systems' forms (issue 15, decision 0055): registering, sending a returned one
// again, and the security officer's review. Each keeps what was typed and shows each refusal
// beside its field.

type Choice = { value: string; label: string }
type Outcome = { errors?: FieldErrorsByName; values?: Record<string, string> } | undefined

function useOutcome() {
  const outcome = useActionData<Outcome>()
  return { refused: !!outcome?.errors, errors: outcome?.errors ?? {}, values: outcome?.values ?? {} }
}

export function LongText(props: {
  form: string
  name: string
  label: string
  value: string | undefined
  errors: FieldErrorsByName
}) {
  return (
    <label>
      {props.label}
      <textarea
        name={props.name}
        defaultValue={props.value ?? ''}
        rows={3}
        maxLength={2000}
        {...fieldErrorProps(props.form, props.name, props.errors)}
      />
      <FieldErrors errors={props.errors[props.name]} id={fieldErrorId(props.form, props.name)} />
    </label>
  )
}

/** Each form's fields in the order they appear: its error summary links to them. */
const PROPOSAL = ['securityLevel', 'documentNumber', 'documentDate', 'documentIssuer']
const REGISTRATION = [
  'agencyCode',
  'name',
  'purpose',
  ...PROPOSAL,
  'processesPersonalData',
  'ownerName',
  'contactName',
  'contactEmail',
  'contactPhone',
]
const REVIEW = ['outcome', 'securityLevel', 'reason']

/** The level proposed and the document that approved it: registering and sending again alike. */
export function ProposalFields({
  form,
  levels,
  values,
  errors,
}: {
  form: string
  levels: readonly Choice[]
  values: Record<string, string>
  errors: FieldErrorsByName
}) {
  const t = useT()
  return (
    <fieldset>
      <legend>{t('systems.documentLegend')}</legend>
      <ChoiceField
        form={form}
        name="securityLevel"
        label={t('systems.field.securityLevel')}
        value={values['securityLevel']}
        choices={levels}
        none={t('systems.field.chooseLevel')}
        errors={errors}
      />
      <TextField
        form={form}
        name="documentNumber"
        label={t('systems.field.documentNumber')}
        value={values['documentNumber']}
        errors={errors}
      />
      <label>
        {t('systems.field.documentDate')}
        <input
          type="date"
          name="documentDate"
          defaultValue={values['documentDate'] ?? ''}
          {...fieldErrorProps(form, 'documentDate', errors)}
        />
        <FieldErrors errors={errors['documentDate']} id={fieldErrorId(form, 'documentDate')} />
      </label>
      <TextField
        form={form}
        name="documentIssuer"
        label={t('systems.field.documentIssuer')}
        value={values['documentIssuer']}
        errors={errors}
      />
    </fieldset>
  )
}

/**
 * Registering, or (with `edit`) editing a registration not yet confirmed (decision 0084): the same
 * fields but the agency, filled with what is kept, on the version read. After a stale refusal the
 * action sends no values, so the form shows the registration as it now is (remounted by version).
 */
export function RegistrationFormView(props: {
  agencies?: readonly Choice[]
  levels: readonly Choice[]
  initialAgency?: string | null
  edit?: { version: number; values: Record<string, string> }
}) {
  const t = useT()
  const outcome = useOutcome()
  const { refused, errors } = outcome
  const values = props.edit && Object.keys(outcome.values).length === 0 ? props.edit.values : outcome.values
  const busy = useNavigation().state === 'submitting'
  const id = props.edit ? 'edit' : 'register'
  const field = (name: string, label: Parameters<typeof t>[0]) => (
    <TextField form={id} name={name} label={t(label)} value={values[name]} errors={errors} />
  )
  return (
    <Form method="post" className="request-form" noValidate id={id} key={props.edit?.version}>
      <FormAlert
        form={id}
        fields={props.edit ? REGISTRATION.slice(1) : REGISTRATION}
        refused={refused}
        errors={errors}
        fallback={t('systems.failed')}
      />
      {props.edit ? (
        <input type="hidden" name="version" value={props.edit.version} />
      ) : (
        <ChoiceField
          form={id}
          name="agencyCode"
          label={t('systems.field.agency')}
          value={values['agencyCode'] ?? props.initialAgency ?? undefined}
          choices={props.agencies ?? []}
          errors={errors}
        />
      )}
      {field('name', 'systems.field.name')}
      <LongText form={id} name="purpose" label={t('systems.field.purpose')} value={values['purpose']} errors={errors} />
      <ProposalFields form={id} levels={props.levels} values={values} errors={errors} />
      <label>
        <input
          type="checkbox"
          id={`${id}-processesPersonalData`}
          name="processesPersonalData"
          defaultChecked={values['processesPersonalData'] === 'on'}
        />{' '}
        {t('systems.field.personalData')}
      </label>
      {field('ownerName', 'systems.field.ownerName')}
      {field('contactName', 'systems.field.contactName')}
      {field('contactEmail', 'systems.field.contactEmail')}
      {field('contactPhone', 'systems.field.contactPhone')}
      <p>
        <button type="submit" className="button" disabled={busy}>
          {t(props.edit ? 'systems.edit.submit' : 'systems.registerSubmit')}
        </button>
      </p>
    </Form>
  )
}

export function ResubmitFormView({ levels }: { levels: readonly Choice[] }) {
  const t = useT()
  const { refused, errors, values } = useOutcome()
  return (
    <Form method="post" className="request-form" noValidate id="resubmit">
      <FormAlert form="resubmit" fields={PROPOSAL} refused={refused} errors={errors} fallback={t('systems.failed')} />
      <ProposalFields form="resubmit" levels={levels} values={values} errors={errors} />
      <p>
        <button type="submit" className="button">
          {t('systems.resubmit')}
        </button>
      </p>
    </Form>
  )
}

type FormState = { refused: boolean; errors: FieldErrorsByName; values: Record<string, string> }

/**
 * A security officer's decision (a review, a change of level): the outcome, what else it needs,
 * the reason and the version read; `intent` names the form when a page has several.
 */
export function DecisionForm(props: {
  id: string
  intent?: string
  version: number
  outcomes: readonly Choice[]
  fields: readonly string[]
  state: FormState
  children?: React.ReactNode
}) {
  const t = useT()
  const { id, state } = props
  return (
    <Form method="post" className="request-form" noValidate id={id}>
      <FormAlert
        form={id}
        fields={props.fields}
        refused={state.refused}
        errors={state.errors}
        fallback={t('systems.failed')}
      />
      {props.intent ? <input type="hidden" name="intent" value={props.intent} /> : null}
      <input type="hidden" name="version" value={props.version} />
      <ChoiceField
        form={id}
        name="outcome"
        label={t('systems.review.outcome')}
        value={state.values['outcome']}
        choices={props.outcomes}
        errors={state.errors}
      />
      {props.children}
      <LongText
        form={id}
        name="reason"
        label={t('systems.review.reason')}
        value={state.values['reason']}
        errors={state.errors}
      />
      <p>
        <button type="submit" className="button">
          {t('systems.review.submit')}
        </button>
      </p>
    </Form>
  )
}

export function ReviewFormView({ levels, version }: { levels: readonly Choice[]; version: number }) {
  const t = useT()
  const state = useOutcome()
  const outcomes = (['confirm', 'set_level', 'return'] as const).map((value) => ({
    value,
    label: t(`systems.review.${value}`),
  }))
  return (
    <DecisionForm id="review" version={version} outcomes={outcomes} fields={REVIEW} state={state}>
      <ChoiceField
        form="review"
        name="securityLevel"
        label={t('systems.review.level')}
        value={state.values['securityLevel']}
        choices={levels}
        none={t('systems.field.chooseLevel')}
        errors={state.errors}
      />
    </DecisionForm>
  )
}
