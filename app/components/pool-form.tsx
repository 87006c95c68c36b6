import { Form, useNavigation } from '@remix-run/react'
import { FormAlert, TextField, type FieldErrorsByName } from '#app/components/agency-fields'
import { FieldErrors } from '#app/components/ui/field-errors'
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
      aria-invalid={!!props.errors[name]}
    />
  )
}

function ResourceRow({ resource, label, props }: { resource: string; label: string; props: PoolFormProps }) {
  const { t } = props
  const now = props.current[resource]
  const physical = `physical:${resource}`
  return (
    <tr data-resource={resource}>
      <th scope="row">{label}</th>
      <td className="num">{props.reading?.byResource[resource] ?? t('common.none')}</td>
      <td className="num">{now ? `${now.physical} · ${now.overcommit}` : t('common.none')}</td>
      <td className="num">{now?.allocated ?? t('common.none')}</td>
      <td>
        <input
          type="text"
          name={physical}
          aria-label={`${t('poolAdmin.newPhysical')}: ${label}`}
          maxLength={100}
          defaultValue={props.values[physical] ?? ''}
          aria-invalid={!!props.errors[physical]}
        />
        <FieldErrors errors={props.errors[physical]} />
      </td>
      <td>
        <Term name={`num:${resource}`} label={`${t('poolAdmin.numerator')}: ${label}`} props={props} /> :{' '}
        <Term name={`den:${resource}`} label={`${t('poolAdmin.denominator')}: ${label}`} props={props} />
        <FieldErrors errors={props.errors[`num:${resource}`]} />
      </td>
    </tr>
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
      <FormAlert refused={props.refused} errors={props.errors} fallback={t('poolAdmin.failed')} />
      {props.creating ? (
        <TextField name="code" label={t('poolAdmin.code')} value={props.values['code']} errors={props.errors} />
      ) : null}
      <TextField name="nameVi" label={t('poolAdmin.nameVi')} value={props.values['nameVi']} errors={props.errors} />
      <TextField name="nameEn" label={t('poolAdmin.nameEn')} value={props.values['nameEn']} errors={props.errors} />
      <p className="muted">{props.reading?.said ?? t('poolAdmin.readingNone')}</p>
      {props.reading ? (
        <label>
          <input
            type="checkbox"
            name="readingId"
            value={props.reading.id}
            defaultChecked={props.values['readingId'] !== ''}
          />{' '}
          {t('poolAdmin.useReading')}
          <FieldErrors errors={props.errors['readingId']} />
        </label>
      ) : null}
      <p className="muted small">{t('poolAdmin.physicalHint')}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('poolAdmin.resource')}</th>
              <th scope="col" className="num">
                {t('poolAdmin.reading')}
              </th>
              <th scope="col" className="num">{`${t('poolAdmin.physical')} · ${t('poolAdmin.overcommit')}`}</th>
              <th scope="col" className="num">
                {t('poolAdmin.allocated')}
              </th>
              <th scope="col">{t('poolAdmin.newPhysical')}</th>
              <th scope="col">{t('poolAdmin.overcommit')}</th>
            </tr>
          </thead>
          <tbody>
            {props.resources.map((row) => (
              <ResourceRow key={row.resource} resource={row.resource} label={row.label} props={props} />
            ))}
          </tbody>
        </table>
      </div>
      <TextField
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
