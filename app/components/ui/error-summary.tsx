import { useEffect, useRef, type MouseEvent } from 'react'
import { useT } from '#app/utils/i18n'

// The one way a refused form says so (decision 0068, after the GOV.UK Design System's error
// summary): a box at the top of the form that screen readers announce (role=alert) and that
// takes the focus, so keyboard and screen-reader users start where the problem is; one link per
// refused field, which moves the focus to that field; each field marked aria-invalid and
// described by its own message beside it (fieldErrorProps, FieldErrors).

/** What a form was refused for: the messages of each field by its name, and any of the whole form. */
export type FormErrors = Readonly<Record<string, readonly string[] | undefined>>

/**
 * The id of a form's field: what the summary's link points to and the field's message hangs on.
 * The same as Conform gives its fields, so a Conform form's names work here unchanged.
 */
export const fieldId = (form: string, name: string): string => `${form}-${name}`

/** The id of a field's message beside it. */
export const fieldErrorId = (form: string, name: string): string => `${fieldId(form, name)}-error`

/** A field's id, and when it was refused, aria-invalid and the message that describes it. */
export function fieldErrorProps(
  form: string,
  name: string,
  errors: FormErrors,
): { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string } {
  const refused = (errors[name]?.length ?? 0) > 0
  return refused
    ? { id: fieldId(form, name), 'aria-invalid': true, 'aria-describedby': fieldErrorId(form, name) }
    : { id: fieldId(form, name) }
}

/**
 * The summary at the top of `form`. `fields`: the names of its fields in the order they appear (a
 * refused one becomes a link to it); any other name's messages (the whole form's, a stale
 * version's) are said first, as text. `title` replaces the generic "nothing was saved".
 */
export function ErrorSummary({
  form,
  errors,
  fields,
  title,
}: {
  form: string
  errors: FormErrors
  fields: readonly string[]
  title?: string
}) {
  const t = useT()
  const box = useRef<HTMLDivElement>(null)
  const general = Object.entries(errors).filter(([name]) => !fields.includes(name))
  const linked = fields.filter((name) => (errors[name]?.length ?? 0) > 0)
  // A refusal with no message of its own (an empty list) still shows the title.
  const any = Object.values(errors).some((messages) => messages !== undefined)
  const signature = any ? JSON.stringify(errors) : ''
  // Each new refusal (a new set of messages) takes the focus again.
  useEffect(() => {
    if (signature) box.current?.focus()
  }, [signature])
  if (!any) return null
  return (
    <div className="error-summary" role="alert" aria-labelledby={`${form}-error-summary`} tabIndex={-1} ref={box}>
      <h2 className="error-summary__title" id={`${form}-error-summary`}>
        {title ?? t('form.errorSummary.title')}
      </h2>
      {general.flatMap(([name, messages]) => (messages ?? []).map((m) => <p key={`${name}:${m}`}>{m}</p>))}
      {linked.length > 0 ? (
        <ul className="error-summary__list">
          {linked.flatMap((name) =>
            (errors[name] ?? []).map((message) => (
              <li key={`${name}:${message}`}>
                <a href={`#${fieldId(form, name)}`} onClick={(event) => focusField(event, fieldId(form, name))}>
                  {message}
                </a>
              </li>
            )),
          )}
        </ul>
      ) : null}
    </div>
  )
}

/** Following the link moves the focus into the field itself, not only the view to it. */
function focusField(event: MouseEvent<HTMLAnchorElement>, id: string): void {
  const field = document.getElementById(id)
  if (!field) return
  event.preventDefault()
  field.focus()
  field.scrollIntoView({ block: 'center' })
}
