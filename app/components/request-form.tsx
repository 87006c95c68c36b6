import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from '@conform-to/react'
import { Form, useNavigation } from '@remix-run/react'
import { useT } from '#app/utils/i18n'

type Resource = { resource: string; label: string; group: 'compute' | 'storage' | 'backup' }
type Defaults = {
  kind: string
  justification: string
  endDate: string
  lines: { resource: string; amount: string }[]
  backup: { preset: string; time?: string; dayOfWeek?: string; cron?: string; retentionDays: string }
}

/**
 * The quota request form, new or edit. Plain HTML form posts (works without JavaScript); Conform
 * puts the server's field errors back beside their fields and keeps what was typed.
 */
export function RequestForm({
  resources,
  defaults,
  lastResult,
  projectId,
  version,
  idempotencyKey,
}: {
  resources: Resource[]
  defaults: Defaults
  lastResult: SubmissionResult<string[]> | undefined
  projectId: string
  version: number | null
  /** New requests only: makes a form sent twice create one request. */
  idempotencyKey?: string
}) {
  const t = useT()
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm({
    id: 'quota-request',
    lastResult,
    defaultValue: defaults,
    shouldRevalidate: 'onSubmit',
  })
  const lines = fields.lines.getFieldList()
  const backup = fields.backup.getFieldset()
  const errorsOf = (errors: string[] | undefined) =>
    errors?.length ? (
      <span className="field-error" role="alert">
        {errors.join(' ')}
      </span>
    ) : null
  const group = (name: Resource['group']) =>
    resources.map((r, index) => {
      if (r.group !== name) return null
      const line = lines[index]
      if (!line) return null
      const field = line.getFieldset()
      return (
        <label key={r.resource}>
          {r.label}
          <input {...getInputProps(field.resource, { type: 'hidden' })} key={`${r.resource}-res`} value={r.resource} />
          <input
            {...getInputProps(field.amount, { type: 'text' })}
            key={field.amount.key}
            inputMode="decimal"
            autoComplete="off"
          />
          {errorsOf(field.amount.errors)}
        </label>
      )
    })

  return (
    <Form method="post" {...getFormProps(form)} className="request-form" noValidate>
      {form.errors?.length || Object.keys(form.allErrors).length ? (
        <div className="alert alert--danger" role="alert">
          <p>{t('workflow.form.errors')}</p>
          {form.errors?.map((e) => (
            <p key={e}>{e}</p>
          ))}
          {errorsOf(fields.lines.errors)}
        </div>
      ) : null}
      <input type="hidden" name="projectId" value={projectId} />
      {version !== null ? <input type="hidden" name="version" value={version} /> : null}
      {idempotencyKey ? <input type="hidden" name="idempotencyKey" value={idempotencyKey} /> : null}

      <fieldset>
        <legend>{t('workflow.form.kind')}</legend>
        <select {...getSelectProps(fields.kind)} key={fields.kind.key}>
          {(['new', 'increase', 'decrease'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`request.kind.${k}`)}
            </option>
          ))}
        </select>
        {errorsOf(fields.kind.errors)}
        <p className="muted small">{t('workflow.form.amountHint')}</p>
      </fieldset>

      <fieldset>
        <legend>{t('workflow.form.compute')}</legend>
        {group('compute')}
      </fieldset>
      <fieldset>
        <legend>{t('workflow.form.storage')}</legend>
        {group('storage')}
      </fieldset>
      <fieldset>
        <legend>{t('workflow.form.backup')}</legend>
        {group('backup')}
        <label>
          {t('workflow.form.schedule')}
          <select {...getSelectProps(backup.preset)} key={backup.preset.key}>
            <option value="none">{t('workflow.form.scheduleNone')}</option>
            <option value="daily">{t('workflow.form.scheduleDaily')}</option>
            <option value="weekly">{t('workflow.form.scheduleWeekly')}</option>
          </select>
        </label>
        <label>
          {t('workflow.form.time')}
          <input {...getInputProps(backup.time, { type: 'time' })} key={backup.time.key} />
          {errorsOf(backup.time.errors)}
        </label>
        <label>
          {t('workflow.form.dayOfWeek')}
          <input {...getInputProps(backup.dayOfWeek, { type: 'number' })} key={backup.dayOfWeek.key} min={0} max={6} />
          {errorsOf(backup.dayOfWeek.errors)}
        </label>
        <label>
          {t('workflow.form.retentionDays')}
          <input
            {...getInputProps(backup.retentionDays, { type: 'number' })}
            key={backup.retentionDays.key}
            min={1}
            max={3650}
          />
          {errorsOf(backup.retentionDays.errors)}
        </label>
        {errorsOf(fields.backup.errors)}
      </fieldset>

      <fieldset>
        <label>
          {t('workflow.form.justification')}
          <textarea
            {...getTextareaProps(fields.justification)}
            key={fields.justification.key}
            rows={4}
            maxLength={4000}
          />
          {errorsOf(fields.justification.errors)}
        </label>
        <label>
          {t('workflow.form.endDate')}
          <input {...getInputProps(fields.endDate, { type: 'date' })} key={fields.endDate.key} />
          {errorsOf(fields.endDate.errors)}
        </label>
      </fieldset>

      <p>
        <button type="submit" name="intent" value="save" className="button button--secondary" disabled={busy}>
          {t('workflow.form.saveDraft')}
        </button>{' '}
        <button type="submit" name="intent" value="submit" className="button" disabled={busy}>
          {t('workflow.form.submit')}
        </button>
      </p>
    </Form>
  )
}
