// The translation catalogue: the console's own words (messages/ui.ts) and the domain's refusals
// (messages/domain.ts, keyed by DomainErrorCode), in Vietnamese and English.
//
//   translate(locale, 'nav.dashboard')                      → 'Tổng quan'
//   translate(locale, 'agencies.projectCount', { count })   → '3 dự án'
//   resolveLocale(request)                                  → 'vi' unless the `lang` cookie says 'en'
//
// Components do not import this file: the root loader sends `catalogue[locale]` to the page and
// components call `t()` from app/utils/i18n.ts (useT), which reads it.
import { DEFAULT_LOCALE, LOCALES, interpolate, isLocale, type Locale } from './format'
import { agencyAdminMessages, type AgencyAdminMessageKey } from './messages/agency-admin'
import { auditMessages, type AuditMessageKey } from './messages/audit'
import { backupPageMessages, type BackupPageMessageKey } from './messages/backups'
import { budgetMessages, type BudgetMessageKey } from './messages/budgets'
import { domainMessages } from './messages/domain'
import { identityMessages, type IdentityMessageKey } from './messages/identity'
import { policyPageMessages, type PolicyPageMessageKey } from './messages/policies'
import { poolAdminMessages, type PoolAdminMessageKey } from './messages/pool-admin'
import { closingMessages, type ClosingMessageKey } from './messages/closing'
import { conditionMessages, type ConditionMessageKey } from './messages/conditions'
import { provisioningMessages, type ProvisioningMessageKey } from './messages/provisioning'
import { rateMessages, type RateMessageKey } from './messages/rates'
import { statementMessages, type StatementMessageKey } from './messages/statements'
import { systemPageMessages, type SystemPageMessageKey } from './messages/systems'
import { systemReReviewMessages, type SystemReReviewMessageKey } from './messages/systems-rereview'
import { securityCheckMessages, type SecurityCheckMessageKey } from './messages/security-checks'
import { securityWaiverMessages, type SecurityWaiverMessageKey } from './messages/security-waivers'
import { securityWorkspaceMessages, type SecurityWorkspaceMessageKey } from './messages/security-workspace'
import { UI_AREAS, type UiMessageKey } from './messages/ui'
import { usageMessages, type UsageMessageKey } from './messages/usage'
import { workflowMessages, type WorkflowMessageKey } from './messages/workflow'

export { DEFAULT_LOCALE, LOCALES, isLocale, type Locale }

export type DomainMessageKey = keyof (typeof domainMessages)['vi']
export type MessageKey =
  | UiMessageKey
  | DomainMessageKey
  | WorkflowMessageKey
  | IdentityMessageKey
  | ProvisioningMessageKey
  | AuditMessageKey
  | SecurityCheckMessageKey
  | SecurityWaiverMessageKey
  | SecurityWorkspaceMessageKey
  | RateMessageKey
  | PolicyPageMessageKey
  | BudgetMessageKey
  | StatementMessageKey
  | UsageMessageKey
  | AgencyAdminMessageKey
  | SystemPageMessageKey
  | SystemReReviewMessageKey
  | PoolAdminMessageKey
  | BackupPageMessageKey
  | ClosingMessageKey
  | ConditionMessageKey
export type Messages = Readonly<Record<MessageKey, string>>
export type MessageParams = Readonly<Record<string, string | number>>

/** Every file of words, each area of the console's own separately; a key belongs to one only. */
export const MESSAGE_FILES = [
  ...UI_AREAS,
  domainMessages,
  workflowMessages,
  identityMessages,
  provisioningMessages,
  auditMessages,
  securityCheckMessages,
  securityWaiverMessages,
  securityWorkspaceMessages,
  rateMessages,
  policyPageMessages,
  budgetMessages,
  statementMessages,
  usageMessages,
  agencyAdminMessages,
  systemPageMessages,
  systemReReviewMessages,
  poolAdminMessages,
  backupPageMessages,
  closingMessages,
  conditionMessages,
] as const

function merge(locale: Locale): Messages {
  // Each file's type holds its keys; together they are MessageKey (index.test.ts checks the count).
  return Object.assign({}, ...MESSAGE_FILES.map((file) => file[locale])) as Messages
}

/** Every message of every locale. vi and en have the same keys (see index.test.ts). */
export const catalogue: Readonly<Record<Locale, Messages>> = { vi: merge('vi'), en: merge('en') }

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(catalogue[DEFAULT_LOCALE], key)
}

/** The message in that locale with its `{placeholders}` filled. */
export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = catalogue[locale][key] ?? catalogue[DEFAULT_LOCALE][key] ?? key
  return interpolate(template, params)
}

/** For labels built from data (an agency kind, a resource name): the message if one exists. */
export function translateOr(locale: Locale, key: string, fallback: string, params: MessageParams = {}): string {
  return isMessageKey(key) ? translate(locale, key, params) : fallback
}

export const LOCALE_COOKIE = 'lang'

/** The value of one cookie in a Cookie header, or undefined. */
function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const index = part.indexOf('=')
    if (index === -1) continue
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim()
  }
  return undefined
}

/** The locale the user chose (the `lang` cookie), Vietnamese by default. */
export function resolveLocale(request: Request): Locale {
  const value = readCookie(request.headers.get('Cookie'), LOCALE_COOKIE)
  return isLocale(value) ? value : DEFAULT_LOCALE
}

/** A Set-Cookie value that remembers the locale for a year. */
export function localeCookie(locale: Locale, options: { secure: boolean }): string {
  return [
    `${LOCALE_COOKIE}=${locale}`,
    'Path=/',
    `Max-Age=${60 * 60 * 24 * 365}`,
    'SameSite=Lax',
    'HttpOnly',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ')
}
