import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from '@conform-to/react'
import { Form, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { ErrorSummary } from '#app/components/ui/error-summary'
import { FieldErrors } from '#app/components/ui/field-errors'
import { useT, type Translate } from '#app/utils/i18n'

type Resource = { resource: string; label: string; group: 'compute' | 'storage' | 'backup' }
type Backup = { preset: string; time?: string; dayOfWeek?: string; cron?: string; retentionDays: string }
type Defaults = {
  kind: string
  justification: string
  endDate: string
  lines: { resource: string; amount: string }[]
  backup: Backup
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
  const amounts = (group: Resource['group']) => <AmountFields group={group} resources={resources} lines={lines} />
  return (
    <Form method="post" {...getFormProps(form)} className="request-form" noValidate>
      <ErrorSummary
        form={form.id}
        errors={form.allErrors}
        fields={fieldOrder(resources)}
        title={t('workflow.form.errors')}
      />
      <input type="hidden" name="projectId" value={projectId} />
      {version !== null ? <input type="hidden" name="version" value={version} /> : null}
      {idempotencyKey ? <input type="hidden" name="idempotencyKey" value={idempotencyKey} /> : null}

      <KindField kind={fields.kind} t={t} />
      <Fieldset legend={t('workflow.form.compute')}>{amounts('compute')}</Fieldset>
      <Fieldset legend={t('workflow.form.storage')}>{amounts('storage')}</Fieldset>
      <Fieldset legend={t('workflow.form.backup')}>
        {amounts('backup')}
        <BackupScheduleFields backup={fields.backup} t={t} />
      </Fieldset>
      <fieldset>
        <label>
          {t('workflow.form.justification')}
          <textarea
            {...getTextareaProps(fields.justification)}
            key={fields.justification.key}
            rows={4}
            maxLength={4000}
          />
          <FieldErrors errors={fields.justification.errors} id={fields.justification.errorId} />
        </label>
        <label>
          {t('workflow.form.endDate')}
          <input {...getInputProps(fields.endDate, { type: 'date' })} key={fields.endDate.key} />
          <FieldErrors errors={fields.endDate.errors} id={fields.endDate.errorId} />
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

/** The form's fields in the order they appear: the error summary's links follow it. */
function fieldOrder(resources: readonly Resource[]): string[] {
  const amounts = (['compute', 'storage', 'backup'] as const).flatMap((group) =>
    resources.flatMap((r, index) => (r.group === group ? [`lines[${index}].amount`] : [])),
  )
  const backup = ['preset', 'time', 'dayOfWeek', 'retentionDays'].map((name) => `backup.${name}`)
  return ['kind', ...amounts, ...backup, 'justification', 'endDate']
}

function Fieldset({ legend, children, id }: { legend: string; children: ReactNode; id?: string }) {
  return (
    <fieldset>
      <legend id={id}>{legend}</legend>
      {children}
    </fieldset>
  )
}

/** New, increase or decrease, and what the amounts then mean. */
function KindField({ kind, t }: { kind: FieldMetadata<string>; t: Translate }) {
  return (
    <Fieldset legend={t('workflow.form.kind')} id={`${kind.id}-legend`}>
      {/* Its fieldset's legend names it: a select needs a name of its own (axe: select-name). */}
      <select {...getSelectProps(kind)} key={kind.key} aria-labelledby={`${kind.id}-legend`}>
        {(['new', 'increase', 'decrease'] as const).map((k) => (
          <option key={k} value={k}>
            {t(`request.kind.${k}`)}
          </option>
        ))}
      </select>
      <FieldErrors errors={kind.errors} id={kind.errorId} />
      <p className="muted small">{t('workflow.form.amountHint')}</p>
    </Fieldset>
  )
}

/**
 * The amount of each resource of one group. The form's lines follow the catalogue's order
 * (`resources`), so a resource's line is the one at its index.
 */
function AmountFields({
  group,
  resources,
  lines,
}: {
  group: Resource['group']
  resources: Resource[]
  lines: FieldMetadata<Defaults['lines'][number]>[]
}) {
  return resources.map((r, index) => {
    const line = lines[index]
    if (r.group !== group || !line) return null
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
        <FieldErrors errors={field.amount.errors} id={field.amount.errorId} />
      </label>
    )
  })
}

/** When backups run (none, daily at a time, weekly on a day) and how long they are kept. */
function BackupScheduleFields({ backup, t }: { backup: FieldMetadata<Backup>; t: Translate }) {
  const fields = backup.getFieldset()
  return (
    <>
      <label>
        {t('workflow.form.schedule')}
        <select {...getSelectProps(fields.preset)} key={fields.preset.key}>
          <option value="none">{t('workflow.form.scheduleNone')}</option>
          <option value="daily">{t('workflow.form.scheduleDaily')}</option>
          <option value="weekly">{t('workflow.form.scheduleWeekly')}</option>
        </select>
      </label>
      <label>
        {t('workflow.form.time')}
        <input {...getInputProps(fields.time, { type: 'time' })} key={fields.time.key} />
        <FieldErrors errors={fields.time.errors} id={fields.time.errorId} />
      </label>
      <label>
        {t('workflow.form.dayOfWeek')}
        <input {...getInputProps(fields.dayOfWeek, { type: 'number' })} key={fields.dayOfWeek.key} min={0} max={6} />
        <FieldErrors errors={fields.dayOfWeek.errors} id={fields.dayOfWeek.errorId} />
      </label>
      <label>
        {t('workflow.form.retentionDays')}
        <input
          {...getInputProps(fields.retentionDays, { type: 'number' })}
          key={fields.retentionDays.key}
          min={1}
          max={3650}
        />
        <FieldErrors errors={fields.retentionDays.errors} id={fields.retentionDays.errorId} />
      </label>
      <FieldErrors errors={backup.errors} id={backup.errorId} />
    </>
  )
}
