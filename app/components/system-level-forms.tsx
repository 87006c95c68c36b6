import { Form, useActionData } from '@remix-run/react'
import { FormAlert, type FieldErrorsByName } from '#app/components/agency-fields'
import { DecisionForm, LongText, ProposalFields } from '#app/components/system-forms'
import { useT } from '#app/utils/i18n'

// The re-review of a confirmed level (issue 15, decision 0084): the agency's proposal of a new
// level, the security officer's reopening and decision. Each posts its intent and the version
// read; a refusal keeps what was typed and shows each message beside its field.

type Choice = { value: string; label: string }
type Outcome = { intent?: string; errors?: FieldErrorsByName; values?: Record<string, string> } | undefined

/** The action's refusal when it was this form's (a page has several). */
function useRefusal(intent: string) {
  const outcome = useActionData<Outcome>()
  const mine = outcome?.intent === intent
  return {
    refused: mine && !!outcome.errors,
    errors: mine ? (outcome.errors ?? {}) : {},
    values: mine ? (outcome.values ?? {}) : {},
  }
}

const Hidden = ({ intent, version }: { intent: string; version: number }) => (
  <>
    <input type="hidden" name="intent" value={intent} />
    <input type="hidden" name="version" value={version} />
  </>
)

export function LevelChangeFormView({ levels, version }: { levels: readonly Choice[]; version: number }) {
  const t = useT()
  const { refused, errors, values } = useRefusal('level-change')
  const fields = ['securityLevel', 'documentNumber', 'documentDate', 'documentIssuer']
  return (
    <Form method="post" className="request-form" noValidate id="level-change">
      <FormAlert form="level-change" fields={fields} refused={refused} errors={errors} fallback={t('systems.failed')} />
      <Hidden intent="level-change" version={version} />
      <ProposalFields form="level-change" levels={levels} values={values} errors={errors} />
      <p>
        <button type="submit" className="button">
          {t('systems.levelChange.submit')}
        </button>
      </p>
    </Form>
  )
}

export function ReopenFormView({ version }: { version: number }) {
  const t = useT()
  const { refused, errors, values } = useRefusal('reopen')
  return (
    <Form method="post" className="request-form" noValidate id="reopen">
      <FormAlert form="reopen" fields={['reason']} refused={refused} errors={errors} fallback={t('systems.failed')} />
      <Hidden intent="reopen" version={version} />
      <LongText
        form="reopen"
        name="reason"
        label={t('systems.review.reason')}
        value={values['reason']}
        errors={errors}
      />
      <p>
        <button type="submit" className="button button--secondary">
          {t('systems.reopen.submit')}
        </button>
      </p>
    </Form>
  )
}

/** Confirm the proposed level or refuse it; a reopening not yet answered can only be refused. */
export function LevelDecisionFormView({ version, mayConfirm }: { version: number; mayConfirm: boolean }) {
  const t = useT()
  const state = useRefusal('level-decision')
  const outcomes = (mayConfirm ? (['confirm', 'refuse'] as const) : (['refuse'] as const)).map((value) => ({
    value,
    label: t(`systems.levelDecision.${value}`),
  }))
  const fields = ['outcome', 'reason']
  return <DecisionForm id="level-decision" intent="level-decision" {...{ version, outcomes, fields, state }} />
}
