import { Form } from '@remix-run/react'
import type { Translate } from '#app/utils/i18n'
import type { PAGE_ACTIONS } from './decide.server'

type PageAction = (typeof PAGE_ACTIONS)[number]

/** Actions that say no or take back: the reviewer must give a reason. */
const needsReason = (action: PageAction) => action === 'reject' || action === 'return' || action === 'revoke'

/**
 * One action's form (its accessible name is the action). It carries the version the reviewer saw,
 * so a decision on a request that changed meanwhile is refused as stale. Approving may grant less
 * than asked, per resource; approving and signing off take a note, refusals a reason.
 */
export function DecisionForm({
  action,
  version,
  decidable,
  busy,
  t,
}: {
  action: PageAction
  version: number
  decidable: readonly { resource: string; label: string; requested: string }[]
  busy: boolean
  t: Translate
}) {
  return (
    <Form method="post" className="decision-form" aria-label={t(`workflow.action.${action}`)}>
      <input type="hidden" name="intent" value={action} />
      <input type="hidden" name="version" value={version} />
      {action === 'approve' ? (
        <fieldset>
          <legend>{t('workflow.decidedLabel')}</legend>
          {decidable.map((line) => (
            <label key={line.resource}>
              {line.label} ({t('requests.requested')}: {line.requested})
              <input
                name={`decided.${line.resource}`}
                inputMode="decimal"
                placeholder={line.requested}
                autoComplete="off"
              />
            </label>
          ))}
        </fieldset>
      ) : null}
      {action === 'approve' || action === 'sign_off' || needsReason(action) ? (
        <label>
          {needsReason(action) ? t('workflow.reasonLabel') : t('workflow.noteLabel')}
          <textarea name="reason" rows={2} maxLength={2000} required={needsReason(action)} />
        </label>
      ) : null}
      <button
        type="submit"
        disabled={busy}
        className={action === 'reject' || action === 'revoke' ? 'button button--danger' : 'button'}
      >
        {t(`workflow.action.${action}`)}
      </button>
    </Form>
  )
}
