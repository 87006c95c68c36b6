import { Form } from '@remix-run/react'
import { fieldErrorId, fieldErrorProps, fieldId, type FormErrors } from '#app/components/ui/error-summary'
import { FieldErrors } from '#app/components/ui/field-errors'
import type { Translate } from '#app/utils/i18n'
import type { PAGE_ACTIONS } from './decide.server'

type PageAction = (typeof PAGE_ACTIONS)[number]

/** Actions that say no or take back: the reviewer must give a reason (the domain refuses none). */
const needsReason = (action: PageAction) => action === 'reject' || action === 'return' || action === 'revoke'
/** Actions that take a note when the reviewer has one. */
const takesNote = (action: PageAction) => action === 'approve' || action === 'sign_off'

/** What was sent and refused: the message beside its field, and what was typed, to show again. */
export type RefusedDecision = {
  message: string
  field: 'reason' | 'decided' | null
  values: { reason: string; decided: Readonly<Record<string, string>> }
}

/** The form's name, which its fields' ids and the error summary's links start with. */
export const DECISION_FORM = 'decision'
/** Its fields in the order they appear: what the error summary links to. */
export const DECISION_FIELDS = ['decided', 'reason'] as const

/**
 * A refusal as the error summary and the fields read it: the message under its field, or under
 * the whole form (`form`) with `hint` after it (what to do about a stale version).
 */
export function decisionErrors(refused: RefusedDecision | undefined, hint?: string): FormErrors {
  if (!refused) return {}
  if (refused.field) return { [refused.field]: [refused.message] }
  return { form: hint ? [refused.message, hint] : [refused.message] }
}

/**
 * The one form of the decide page (issue 17, decision 0067): the amounts to approve when the
 * reviewer may approve, one box for the reason or note, and a button per action they may take
 * now; the button pressed is the `intent`. It carries the version the reviewer saw, so a decision
 * on a request that changed meanwhile is refused as stale.
 */
export function DecisionForm({
  actions,
  version,
  decidable,
  refused,
  busy,
  t,
}: {
  actions: readonly PageAction[]
  version: number
  decidable: readonly { resource: string; label: string; requested: string }[]
  refused: RefusedDecision | undefined
  busy: boolean
  t: Translate
}) {
  const reasons = actions.some(needsReason)
  const notes = actions.some(takesNote)
  const reasonLabel =
    reasons && notes ? 'workflow.reasonOrNote' : reasons ? 'workflow.reasonLabel' : 'workflow.noteLabel'
  const errors = decisionErrors(refused)
  const decidedRefused = errors.decided !== undefined
  return (
    <Form method="post" className="decision-form" aria-label={t('workflow.decision')}>
      <input type="hidden" name="version" value={version} />
      {actions.includes('approve') ? (
        <fieldset aria-describedby={decidedRefused ? fieldErrorId(DECISION_FORM, 'decided') : undefined}>
          <legend>{t('workflow.decidedLabel')}</legend>
          <FieldErrors errors={errors.decided} id={fieldErrorId(DECISION_FORM, 'decided')} />
          {decidable.map((line, index) => (
            <label key={line.resource}>
              {line.label} ({t('requests.requested')}: {line.requested})
              <input
                // The summary's link for the amounts leads to the first of them.
                id={index === 0 ? fieldId(DECISION_FORM, 'decided') : undefined}
                name={`decided.${line.resource}`}
                inputMode="decimal"
                placeholder={line.requested}
                autoComplete="off"
                defaultValue={refused?.values.decided[line.resource] ?? ''}
                aria-invalid={decidedRefused ? true : undefined}
              />
            </label>
          ))}
        </fieldset>
      ) : null}
      {reasons || notes ? (
        <label>
          {t(reasonLabel)}
          <textarea
            name="reason"
            rows={3}
            maxLength={2000}
            defaultValue={refused?.values.reason ?? ''}
            {...fieldErrorProps(DECISION_FORM, 'reason', errors)}
          />
          <FieldErrors errors={errors.reason} id={fieldErrorId(DECISION_FORM, 'reason')} />
        </label>
      ) : null}
      <p className="decision-form__buttons">
        {actions.map((action) => (
          <button
            key={action}
            type="submit"
            name="intent"
            value={action}
            disabled={busy}
            className={action === 'reject' || action === 'revoke' ? 'button button--danger' : 'button'}
          >
            {t(`workflow.action.${action}`)}
          </button>
        ))}
      </p>
    </Form>
  )
}
