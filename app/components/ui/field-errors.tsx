/** A form field's errors, beside it; nothing when there are none. */
export function FieldErrors({ errors, id }: { errors: string[] | undefined; id?: string }) {
  return errors?.length ? (
    <span className="field-error" role="alert" id={id}>
      {errors.join(' ')}
    </span>
  ) : null
}
