import { useT } from '#app/utils/i18n'

/**
 * A form field's errors, beside it; nothing when there are none. `id` is what the field's
 * aria-describedby names (fieldErrorProps in error-summary.tsx); the form's ErrorSummary is what
 * announces the refusal, so this message is read with its field rather than interrupting.
 */
export function FieldErrors({ errors, id }: { errors: readonly string[] | undefined; id?: string }) {
  const t = useT()
  return errors?.length ? (
    <span className="field-error" id={id}>
      <span className="visually-hidden">{t('form.error.prefix')} </span>
      {errors.join(' ')}
    </span>
  ) : null
}
