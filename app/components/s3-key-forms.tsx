import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { Form, useNavigation } from '@remix-run/react'
import { ErrorSummary } from '#app/components/ui/error-summary'
import { FieldErrors } from '#app/components/ui/field-errors'
import type { Translate } from '#app/utils/i18n'
import type { KeyActionData, KeyListRow } from './s3-keys'

// The S3 key forms (Conform, so errors come back beside their fields with or without JavaScript).
// Each form says which one it is (`form`), and only that form takes the action's answer.

export function IssueForm({
  lastResult,
  t,
  labelMax,
}: {
  lastResult: KeyActionData | undefined
  t: Translate
  labelMax: number
}) {
  const [form, fields] = useForm<{ intent: string; label: string }>({
    id: 'issue-key',
    lastResult: lastResult?.form === 'issue' ? lastResult.reply : undefined,
    shouldRevalidate: 'onSubmit',
  })
  const busy = useNavigation().state === 'submitting'
  return (
    <Form method="post" {...getFormProps(form)} className="decision-form" noValidate>
      <input type="hidden" name="intent" value="issue" />
      <ErrorSummary form={form.id} errors={form.allErrors} fields={['label']} />
      <label>
        {t('keys.label')}
        <input
          {...getInputProps(fields.label, { type: 'text' })}
          key={fields.label.key}
          maxLength={labelMax}
          autoComplete="off"
        />
        <span className="muted small">{t('keys.labelHint')}</span>
        <FieldErrors errors={fields.label.errors} id={fields.label.errorId} />
      </label>
      <button type="submit" className="button" disabled={busy}>
        {t('keys.issue')}
      </button>
    </Form>
  )
}

export function KeyForm({
  kind,
  row,
  lastResult,
  t,
}: {
  kind: 'rotate' | 'revoke'
  row: KeyListRow
  lastResult: KeyActionData | undefined
  t: Translate
}) {
  const id = `${kind}:${row.id}`
  const [form, fields] = useForm<{ intent: string; credentialId: string; confirm: string; reason: string }>({
    id: `${kind}-${row.id}`,
    lastResult: lastResult?.form === id ? lastResult.reply : undefined,
    shouldRevalidate: 'onSubmit',
  })
  const busy = useNavigation().state === 'submitting'
  return (
    <Form method="post" {...getFormProps(form)} className="key-form" noValidate>
      <input type="hidden" name="intent" value={kind} />
      <input type="hidden" name="credentialId" value={row.id} />
      <ErrorSummary form={form.id} errors={form.allErrors} fields={['reason', 'confirm']} />
      {kind === 'revoke' ? (
        <label>
          {t('keys.reason')}
          <input
            {...getInputProps(fields.reason, { type: 'text' })}
            key={fields.reason.key}
            maxLength={500}
            autoComplete="off"
          />
          <FieldErrors errors={fields.reason.errors} id={fields.reason.errorId} />
        </label>
      ) : null}
      <label className="checkbox">
        <input {...getInputProps(fields.confirm, { type: 'checkbox' })} key={fields.confirm.key} />
        {t(kind === 'rotate' ? 'keys.confirmRotate' : 'keys.confirmRevoke')}
      </label>
      <FieldErrors errors={fields.confirm.errors} id={fields.confirm.errorId} />
      <button
        type="submit"
        className={kind === 'revoke' ? 'button button--danger' : 'button button--secondary'}
        disabled={busy}
      >
        {t(kind === 'rotate' ? 'keys.rotate' : 'keys.revoke')}
      </button>
    </Form>
  )
}
