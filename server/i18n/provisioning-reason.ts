import { translate, translateOr, type Locale, type MessageParams } from './index'

/**
 * A provisioning reason code (server/provisioning/conditions.ts) in the reader's words, for those
 * who do not see the platform's own messages (decision 0030); a code the catalogue lacks reads as
 * "the platform reported an error".
 */
export function provisioningReason(locale: Locale, reason: string): string {
  return translateOr(locale, `prov.reason.${reason}`, translate(locale, 'prov.reason.Unexplained'))
}

/**
 * A condition's message in the reader's language (decision 0080): its catalogue key with its
 * parameters. Empty when it has none: a condition with nothing to say, or one written before the
 * conditions carried keys, whose English the data centre still reads as the platform's detail.
 */
export function conditionMessage(
  locale: Locale,
  condition: { readonly messageKey?: string; readonly messageParams?: MessageParams },
): string {
  const key = condition.messageKey
  return key === undefined ? '' : translateOr(locale, key, '', condition.messageParams ?? {})
}
