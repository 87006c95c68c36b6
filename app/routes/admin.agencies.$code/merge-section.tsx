import { Form, useNavigation } from '@remix-run/react'
import { ChoiceField, FormAlert, TextField, type FieldErrorsByName } from '#app/components/agency-fields'
import { useT } from '#app/utils/i18n'
import type { MergePreviewView } from './merge.server'

// The merge form (decision 0057): the receiving agency and the date, a preview of what will move
// (planMerge through the store), then the confirmation, which posts the same values again.

interface MergeSectionProps {
  readonly targets: readonly { value: string; label: string }[]
  readonly values: Readonly<Record<string, string>>
  readonly errors: FieldErrorsByName
  readonly refused: boolean
  readonly preview: MergePreviewView | null
  /** A merger asked and not applied: scheduled (cancelled here) or refused when due (cleared here). */
  readonly pending: { readonly text: string; readonly refused: boolean } | null
}

function PreviewList({ heading, items }: { heading: string; items: MergePreviewView['projects'] }) {
  return (
    <>
      <h4>{heading}</h4>
      {items.length === 0 ? null : (
        <ul>
          {items.map((item) => (
            <li key={item.key}>{item.text}</li>
          ))}
        </ul>
      )}
    </>
  )
}

function MergePreviewPanel({ preview, values }: { preview: MergePreviewView; values: MergeSectionProps['values'] }) {
  const t = useT()
  const busy = useNavigation().state === 'submitting'
  return (
    <div className="panel" aria-live="polite">
      <h3>{preview.heading}</h3>
      <PreviewList heading={preview.projectsHeading} items={preview.projects} />
      <PreviewList heading={preview.childrenHeading} items={preview.children} />
      <p>{preview.counts}</p>
      <p className="muted">{preview.when}</p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="merge" />
        <input type="hidden" name="intoCode" value={values['intoCode'] ?? ''} />
        <input type="hidden" name="effectiveDate" value={values['effectiveDate'] ?? ''} />
        <input type="hidden" name="previewed" value={preview.fingerprint} />
        <button type="submit" className="button button--danger" disabled={busy}>
          {t('agencyAdmin.mergeSubmit')}
        </button>
      </Form>
    </div>
  )
}

export function MergeSection(props: MergeSectionProps) {
  const t = useT()
  const busy = useNavigation().state === 'submitting'
  return (
    <section className="section">
      <h2>{t('agencyAdmin.merge')}</h2>
      <p className="muted">{t('agencyAdmin.mergeIntro')}</p>
      {props.pending === null ? null : (
        <Form method="post" noValidate>
          <p role="status">{props.pending.text}</p>
          <input type="hidden" name="intent" value="merge-cancel" />
          <button type="submit" className="button button--secondary" disabled={busy}>
            {t(props.pending.refused ? 'agencyAdmin.mergeClear' : 'agencyAdmin.mergeCancel')}
          </button>
        </Form>
      )}
      <Form method="post" className="request-form" noValidate>
        <input type="hidden" name="intent" value="merge-preview" />
        <FormAlert
          form="merge"
          fields={['intoCode', 'effectiveDate']}
          refused={props.refused}
          errors={props.errors}
          fallback={t('agencyAdmin.failed')}
        />
        <ChoiceField
          form="merge"
          name="intoCode"
          label={t('agencyAdmin.mergeInto')}
          value={props.values['intoCode']}
          choices={props.targets}
          none=""
          errors={props.errors}
        />
        <TextField
          form="merge"
          name="effectiveDate"
          type="date"
          label={t('agencyAdmin.mergeDate')}
          value={props.values['effectiveDate']}
          errors={props.errors}
        />
        <p>
          <button type="submit" className="button" disabled={busy}>
            {t('agencyAdmin.mergePreviewSubmit')}
          </button>
        </p>
      </Form>
      {props.preview === null ? null : <MergePreviewPanel preview={props.preview} values={props.values} />}
    </section>
  )
}
