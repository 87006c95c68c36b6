import { FieldErrors } from '#app/components/ui/field-errors'

// The fields of the agency administration's forms (decision 0052): each keeps what was typed and
// shows its refusal beside it.

export type FieldErrorsByName = Readonly<Record<string, string[] | undefined>>

export function TextField(props: {
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
        aria-invalid={!!errors}
      />
      <FieldErrors errors={errors} />
    </label>
  )
}

export function ChoiceField(props: {
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
      <select name={props.name} defaultValue={props.value ?? ''} aria-invalid={!!errors}>
        {props.none === undefined ? null : <option value="">{props.none}</option>}
        {props.choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      <FieldErrors errors={errors} />
    </label>
  )
}

/** The form-wide refusal (or the generic "not saved") at the top of a form that was refused. */
export function FormAlert({
  refused,
  errors,
  fallback,
}: {
  refused: boolean
  errors: FieldErrorsByName
  fallback: string
}) {
  if (!refused) return null
  return (
    <div className="alert alert--danger" role="alert">
      {(errors['form'] ?? [fallback]).map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  )
}
