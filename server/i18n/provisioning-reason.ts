import { translate, translateOr, type Locale } from './index'

/**
 * A provisioning reason code (server/provisioning/conditions.ts) in the reader's words, for those
 * who do not see the platform's own messages (decision 0030); a code the catalogue lacks reads as
 * "the platform reported an error".
 */
export function provisioningReason(locale: Locale, reason: string): string {
  return translateOr(locale, `prov.reason.${reason}`, translate(locale, 'prov.reason.Unexplained'))
}
