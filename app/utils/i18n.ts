import { useRouteLoaderData } from '@remix-run/react'
import type { Locale, MessageKey, MessageParams, Messages } from '#server/i18n'
import type { StartingComponent } from '#server/platform/startup'

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
  /** Platform administrators: the policies page (decision 0049). */
  readonly managesPolicies: boolean
  readonly managesAgencies: boolean
  /** May list statements (statement.list): agency staff (their own), operators, administrators. */
  readonly readsStatements: boolean
  /** May read the audit trail (audit.read): the security officers and platform administrators. */
  readonly readsAudit: boolean
  /** May list waivers (waiver.list): the security officers, administrators and agency staff (their own). */
  readonly readsWaivers: boolean
  /** May read findings (findings.read): the header shows the security workspace. */
  readonly readsFindings: boolean
  /** May sign requests off (request.sign_off): the workspace shows the sign-off queue. */
  readonly signsOff: boolean
}

/**
 * What the root loader gives every page: the locale and where the browser finds its messages.
 * The messages themselves are not loader data (decision 0015): the server renders with the
 * catalogue in memory, the browser loads `/i18n/<locale>.<hash>.js` once and keeps it.
 */
export interface ShellData {
  readonly locale: Locale
  /** The catalogue script of this locale, e.g. `/i18n/vi.3f9a1c0b2d4e.js` (the layout loads it). */
  readonly catalogue: string
  readonly version: string
  readonly user: ShellUser | null
  /** Unread notifications of the signed-in person (the bell); null when nobody is signed in. */
  readonly unreadNotifications: number | null
  /** The platform components `npm run dev` is still bringing up (decision 0069); none for nobody signed in. */
  readonly platformStarting: readonly StartingComponent[]
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

declare global {
  interface Window {
    /** Filled by the catalogue scripts (server/i18n/asset.ts), one locale each. */
    __GOVCLOUD_I18N__?: Partial<Record<Locale, Messages>>
  }
}

/** The whole catalogue, on the server only (entry.server.tsx provides it at start). */
let serverCatalogue: Partial<Record<Locale, Messages>> | undefined

export function provideCatalogue(catalogue: Readonly<Record<Locale, Messages>>): void {
  serverCatalogue = catalogue
}

/**
 * A locale's messages: the server's catalogue in memory, or in the browser what the page's
 * catalogue script set (it runs before the app's modules, so before hydration).
 */
export function messagesFor(locale: Locale | undefined): Messages | undefined {
  if (locale === undefined) return undefined
  const source = typeof window === 'undefined' ? serverCatalogue : window.__GOVCLOUD_I18N__
  return source?.[locale]
}

/** t() in a locale (meta functions and error boundaries, which cannot use hooks). */
export function translatorFor(locale: Locale | undefined): Translate {
  return makeTranslate(messagesFor(locale))
}

/** The shell's data, or undefined when the root loader itself failed (then an error page shows). */
export function useShellData(): ShellData | undefined {
  return useRouteLoaderData<ShellData>('root')
}

/** t('nav.dashboard') in any component under the root route. */
export function useT(): Translate {
  return translatorFor(useShellData()?.locale)
}
