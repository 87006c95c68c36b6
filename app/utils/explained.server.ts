import { conditionMessage } from '#server/i18n/provisioning-reason'
import { isPlatformErrorKey } from '#server/provisioning/conditions'
import type { Condition } from '#server/provisioning/intent'
import { translate, type Locale } from '#app/utils/i18n.server'
import type { Explained } from '#app/utils/provisioning'

// Provisioning's conditions and errors as pages say them (decision 0080): the sentence in the
// reader's language, and the platform's own words only where the reader may see them.

/**
 * A condition's message: its sentence in the reader's language, and the platform's own words when
 * the message is them (a refusal's, or any message of a row written before decision 0080). A view
 * without platform detail has no such words left (withoutPlatformDetail), so agency staff get none.
 */
export function explainCondition(condition: Condition, locale: Locale): Explained {
  const raw = condition.message === '' ? null : condition.message
  if (condition.messageKey === undefined) return { text: '', detail: raw }
  return {
    text: conditionMessage(locale, condition),
    detail: isPlatformErrorKey(condition.messageKey) ? raw : null,
  }
}

/**
 * An error string of a pass or a job, said as the failing condition says it (a refusal's sentence
 * by kind), with the string itself as detail for the data centre's roles.
 */
export function explainError(
  failing: Condition | undefined,
  raw: string | null,
  locale: Locale,
  platformDetail: boolean,
): Explained | null {
  if (raw === null) return null
  const text = failing ? conditionMessage(locale, failing) : ''
  return { text: text || translate(locale, 'prov.reason.Unexplained'), detail: platformDetail ? raw : null }
}
