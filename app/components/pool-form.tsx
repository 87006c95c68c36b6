import { Form, useNavigation } from '@remix-run/react'
import { FormAlert, TextField, type FieldErrorsByName } from '#app/components/agency-fields'
import { fieldErrorId, fieldErrorProps } from '#app/components/ui/error-summary'
import { FieldErrors } from '#app/components/ui/field-errors'
import { Cell, RowHeader, Table, TableRow } from '#app/components/ui/data-table'
import type { Translate } from '#app/utils/i18n'

// A capacity pool's form (issue 15, decision 0054), for a new pool and a new version alike: per
// resource the platform's latest reading and the figures in force beside the new ones typed; every
// refusal beside its field with what was typed kept.

export interface PoolFormProps {
  readonly resources: readonly { resource: string; label: string }[]
  readonly current: Readonly<
    Record<string, { physical: string; overcommit: string; capacity: string; allocated: string } | undefined>
  >
  readonly reading: { id: string; said: string; byResource: Record<string, string | null> } | null
  readonly values: Readonly<Record<string, string | undefined>>
  readonly errors: FieldErrorsByName
  readonly refused: boolean
  readonly hidden: Readonly<Record<string, string>>
  readonly submit: string
  readonly creating: boolean
  readonly t: Translate
}

/** The form's id: its fields' ids and the error summary's links start with it. */
const FORM = 'pool'

/** The form's fields in the order they appear (the error summary links to the refused ones). */
const fieldOrder = (props: PoolFormProps): string[] => [
  ...(props.creating ? ['code'] : []),
  'nameVi',
  'nameEn',
  'readingId',
  ...props.resources.flatMap((r) => [`physical:${r.resource}`, `num:${r.resource}`]),
  'reason',
]

function Term({ name, label, props }: { name: string; label: string; props: PoolFormProps }) {
  return (
    <input
      type="text"
      inputMode="numeric"
      name={name}
      aria-label={label}
      size={4}
      maxLength={6}
      defaultValue={props.values[name] ?? '1'}
      {...fieldErrorProps(FORM, name, props.errors)}
    />
  )
}

function ResourceRow({ resource, label, props }: { resource: string; label: string; props: PoolFormProps }) {
  const { t } = props
  const now = props.current[resource]
  const physical = `physical:${resource}`
  return (
    <TableRow data={{ 'data-resource': resource }}>
      <RowHeader>{label}</RowHeader>
      <Cell label={t('poolAdmin.reading')} numeric>
        {props.reading?.byResource[resource] ?? t('common.none')}
      </Cell>
      <Cell label={`${t('poolAdmin.physical')} · ${t('poolAdmin.overcommit')}`} numeric>
        {now ? `${now.physical} · ${now.overcommit}` : t('common.none')}
      </Cell>
      <Cell label={t('poolAdmin.allocated')} numeric>
        {now?.allocated ?? t('common.none')}
      </Cell>
      <Cell label={t('poolAdmin.newPhysical')}>
        <input
          type="text"
          name={physical}
          aria-label={`${t('poolAdmin.newPhysical')}: ${label}`}
          maxLength={100}
          defaultValue={props.values[physical] ?? ''}
          {...fieldErrorProps(FORM, physical, props.errors)}
        />
        <FieldErrors errors={props.errors[physical]} id={fieldErrorId(FORM, physical)} />
      </Cell>
      <Cell label={t('poolAdmin.overcommit')}>
        <Term name={`num:${resource}`} label={`${t('poolAdmin.numerator')}: ${label}`} props={props} /> :{' '}
        <Term name={`den:${resource}`} label={`${t('poolAdmin.denominator')}: ${label}`} props={props} />
        <FieldErrors errors={props.errors[`num:${resource}`]} id={fieldErrorId(FORM, `num:${resource}`)} />
      </Cell>
    </TableRow>
  )
}

export function PoolForm(props: PoolFormProps) {
  const { t } = props
  const busy = useNavigation().state === 'submitting'
  return (
    <Form method="post" className="request-form" noValidate>
      {Object.entries(props.hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <FormAlert
        form={FORM}
        fields={fieldOrder(props)}
        refused={props.refused}
        errors={props.errors}
        fallback={t('poolAdmin.failed')}
      />
      {props.creating ? (
        <TextField
          form={FORM}
          name="code"
          label={t('poolAdmin.code')}
          value={props.values['code']}
          errors={props.errors}
        />
      ) : null}
      <TextField
        form={FORM}
        name="nameVi"
        label={t('poolAdmin.nameVi')}
        value={props.values['nameVi']}
        errors={props.errors}
      />
      <TextField
        form={FORM}
        name="nameEn"
        label={t('poolAdmin.nameEn')}
        value={props.values['nameEn']}
        errors={props.errors}
      />
      <p className="muted">{props.reading?.said ?? t('poolAdmin.readingNone')}</p>
      {props.reading ? (
        <label>
          <input
            type="checkbox"
            name="readingId"
            value={props.reading.id}
            {...fieldErrorProps(FORM, 'readingId', props.errors)}
            defaultChecked={props.values['readingId'] !== ''}
          />{' '}
          {t('poolAdmin.useReading')}
          <FieldErrors errors={props.errors['readingId']} id={fieldErrorId(FORM, 'readingId')} />
        </label>
      ) : null}
      <p className="muted small">{t('poolAdmin.physicalHint')}</p>
      <Table
        headings={[
          { label: t('poolAdmin.resource') },
          { label: t('poolAdmin.reading'), numeric: true },
          { label: `${t('poolAdmin.physical')} · ${t('poolAdmin.overcommit')}`, numeric: true },
          { label: t('poolAdmin.allocated'), numeric: true },
          { label: t('poolAdmin.newPhysical') },
          { label: t('poolAdmin.overcommit') },
        ]}
      >
        {props.resources.map((row) => (
          <ResourceRow key={row.resource} resource={row.resource} label={row.label} props={props} />
        ))}
      </Table>
      <TextField
        form={FORM}
        name="reason"
        label={t('poolAdmin.reason')}
        value={props.values['reason']}
        errors={props.errors}
        maxLength={2000}
      />
      <p>
        <button type="submit" className="button" disabled={busy}>
          {props.submit}
        </button>
      </p>
    </Form>
  )
}
