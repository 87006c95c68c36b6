import { Form, useActionData, useNavigation } from '@remix-run/react'
import { ChoiceField, FormAlert, TextField, type FieldErrorsByName } from '#app/components/agency-fields'
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

function LongText(props: { name: string; label: string; value: string | undefined; errors: FieldErrorsByName }) {
  const errors = props.errors[props.name]
  return (
    <label>
      {props.label}
      <textarea name={props.name} defaultValue={props.value ?? ''} rows={3} maxLength={2000} aria-invalid={!!errors} />
      <FieldErrors errors={errors} />
    </label>
  )
}

/** The level proposed and the document that approved it: registering and sending again alike. */
function ProposalFields({
  levels,
  values,
  errors,
}: {
  levels: readonly Choice[]
  values: Record<string, string>
  errors: FieldErrorsByName
}) {
  const t = useT()
  const dateErrors = errors['documentDate']
  return (
    <fieldset>
      <legend>{t('systems.documentLegend')}</legend>
      <ChoiceField
        name="securityLevel"
        label={t('systems.field.securityLevel')}
        value={values['securityLevel']}
        choices={levels}
        none={t('systems.field.chooseLevel')}
        errors={errors}
      />
      <TextField
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
          aria-invalid={!!dateErrors}
        />
        <FieldErrors errors={dateErrors} />
      </label>
      <TextField
        name="documentIssuer"
        label={t('systems.field.documentIssuer')}
        value={values['documentIssuer']}
        errors={errors}
      />
    </fieldset>
  )
}

export function RegistrationFormView(props: {
  agencies: readonly Choice[]
  levels: readonly Choice[]
  initialAgency: string | null
}) {
  const t = useT()
  const { refused, errors, values } = useOutcome()
  const busy = useNavigation().state === 'submitting'
  const field = (name: string, label: Parameters<typeof t>[0]) => (
    <TextField name={name} label={t(label)} value={values[name]} errors={errors} />
  )
  return (
    <Form method="post" className="request-form" noValidate id="register">
      <FormAlert refused={refused} errors={errors} fallback={t('systems.failed')} />
      <ChoiceField
        name="agencyCode"
        label={t('systems.field.agency')}
        value={values['agencyCode'] ?? props.initialAgency ?? undefined}
        choices={props.agencies}
        errors={errors}
      />
      {field('name', 'systems.field.name')}
      <LongText name="purpose" label={t('systems.field.purpose')} value={values['purpose']} errors={errors} />
      <ProposalFields levels={props.levels} values={values} errors={errors} />
      <label>
        <input type="checkbox" name="processesPersonalData" defaultChecked={values['processesPersonalData'] === 'on'} />{' '}
        {t('systems.field.personalData')}
      </label>
      {field('ownerName', 'systems.field.ownerName')}
      {field('contactName', 'systems.field.contactName')}
      {field('contactEmail', 'systems.field.contactEmail')}
      {field('contactPhone', 'systems.field.contactPhone')}
      <p>
        <button type="submit" className="button" disabled={busy}>
          {t('systems.registerSubmit')}
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
      <FormAlert refused={refused} errors={errors} fallback={t('systems.failed')} />
      <ProposalFields levels={levels} values={values} errors={errors} />
      <p>
        <button type="submit" className="button">
          {t('systems.resubmit')}
        </button>
      </p>
    </Form>
  )
}

export function ReviewFormView({ levels }: { levels: readonly Choice[] }) {
  const t = useT()
  const { refused, errors, values } = useOutcome()
  const outcomes = (['confirm', 'set_level', 'return'] as const).map((value) => ({
    value,
    label: t(`systems.review.${value}`),
  }))
  return (
    <Form method="post" className="request-form" noValidate id="review">
      <FormAlert refused={refused} errors={errors} fallback={t('systems.failed')} />
      <ChoiceField
        name="outcome"
        label={t('systems.review.outcome')}
        value={values['outcome']}
        choices={outcomes}
        errors={errors}
      />
      <ChoiceField
        name="securityLevel"
        label={t('systems.review.level')}
        value={values['securityLevel']}
        choices={levels}
        none={t('systems.field.chooseLevel')}
        errors={errors}
      />
      <LongText name="reason" label={t('systems.review.reason')} value={values['reason']} errors={errors} />
      <p>
        <button type="submit" className="button">
          {t('systems.review.submit')}
        </button>
      </p>
    </Form>
  )
}
