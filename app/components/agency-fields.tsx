import { ErrorSummary, fieldErrorId, fieldErrorProps } from '#app/components/ui/error-summary'
import { FieldErrors } from '#app/components/ui/field-errors'

// The fields of the agency administration's forms (decision 0052): each keeps what was typed and
// shows its refusal beside it.

export type FieldErrorsByName = Readonly<Record<string, string[] | undefined>>

export function TextField(props: {
  /** The form's id (error-summary.tsx): the field's id and its message's start with it. */
  form: string
  name: string
  label: string
  value: string | undefined
  errors: FieldErrorsByName
  maxLength?: number
  type?: 'text' | 'date'
}) {
  const errors = props.errors[props.name]
  return (
    <label>
      {props.label}
      <input
        type={props.type ?? 'text'}
        name={props.name}
        defaultValue={props.value ?? ''}
        maxLength={props.maxLength ?? 200}
        {...fieldErrorProps(props.form, props.name, props.errors)}
      />
      <FieldErrors errors={errors} id={fieldErrorId(props.form, props.name)} />
    </label>
  )
}

export function ChoiceField(props: {
  form: string
  name: string
  label: string
  value: string | undefined
  choices: readonly { value: string; label: string }[]
  errors: FieldErrorsByName
  none?: string
}) {
  const errors = props.errors[props.name]
  return (
    <label>
      {props.label}
      <select
        name={props.name}
        defaultValue={props.value ?? ''}
        {...fieldErrorProps(props.form, props.name, props.errors)}
      >
        {props.none === undefined ? null : <option value="">{props.none}</option>}
        {props.choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      <FieldErrors errors={errors} id={fieldErrorId(props.form, props.name)} />
    </label>
  )
}

/**
 * The top of a form that was refused: the error summary, with `fallback` (the generic "not saved")
 * as its title; `fields` are the form's fields in their order, each refused one a link to it.
 */
export function FormAlert({
  form,
  fields,
  refused,
  errors,
  fallback,
}: {
  form: string
  fields: readonly string[]
  refused: boolean
  errors: FieldErrorsByName
  fallback: string
}) {
  if (!refused) return null
  return (
    <ErrorSummary
      form={form}
      errors={Object.keys(errors).length > 0 ? errors : { form: [] }}
      fields={fields}
      title={fallback}
    />
  )
}
