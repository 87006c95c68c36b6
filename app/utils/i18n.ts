import { useRouteLoaderData } from '@remix-run/react'
import type { Locale, MessageKey, MessageParams, Messages } from '#server/i18n'

export type { Locale, MessageKey, MessageParams }

/** The signed-in person as the header shows them (null on the public sign-in pages). */
export interface ShellUser {
  readonly username: string
  readonly displayName: string
  /** Translated role names, or "no role yet". */
  readonly roles: readonly string[]
  /** False for someone in no agency and with no role: the header then offers only sign-out. */
  readonly hasAccess: boolean
  /** Operators and security officers: the header shows the approval queue. */
  readonly reviews: boolean
  /** The data centre's roles: the header shows the provisioning watch (drift, degraded tenants). */
  readonly watchesProvisioning: boolean
}

/** What the root loader gives every page: the locale and that locale's messages. */
export interface ShellData {
  readonly locale: Locale
  readonly messages: Messages
  readonly version: string
  readonly user: ShellUser | null
  /** Unread notifications of the signed-in person (the bell); null when nobody is signed in. */
  readonly unreadNotifications: number | null
}

export type Translate = (key: MessageKey, params?: MessageParams) => string

/**
 * Fills `{name}` placeholders. The same rule as server/i18n/format.ts `interpolate` (the unit
 * test checks they agree); repeated here because browser code does not import server/.
 */
export function fillPlaceholders(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    return value === undefined ? whole : String(value)
  })
}

export function makeTranslate(messages: Messages | undefined): Translate {
  return (key, params) => fillPlaceholders(messages?.[key] ?? key, params)
}

/** The shell's data, or undefined when the root loader itself failed (then an error page shows). */
export function useShellData(): ShellData | undefined {
  return useRouteLoaderData('root') as ShellData | undefined
}

/** t('nav.dashboard') in any component under the root route. */
export function useT(): Translate {
  return makeTranslate(useShellData()?.messages)
}

export function useLocale(): Locale {
  return useShellData()?.locale ?? 'vi'
}
