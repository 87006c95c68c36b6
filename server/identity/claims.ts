import { validateName } from '../domain/names'
import { agencyCodesOf, consoleRolesOf, type ConsoleRole } from './principal'

/** What the console reads from a Keycloak token of the govcloud realm. */
export type TokenClaims = {
  sub?: string
  preferred_username?: string
  given_name?: string
  family_name?: string
  name?: string
  email?: string
  roles?: unknown
  groups?: unknown
  realm_access?: { roles?: unknown }
  azp?: string
  /** Authentication methods (RFC 8176), from the realm's AMR mapper: `pwd`, `otp` (decision 0028). */
  amr?: unknown
}

export type Identity = {
  subject: string
  username: string
  displayName: string
  email: string
  roles: ConsoleRole[]
  agencyCodes: string[]
  /** How this sign-in was made (the token's `amr`), sorted: `['otp', 'pwd']` with a second factor. */
  authMethods: string[]
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []

/**
 * The person (or automation client) a verified token describes. Vietnamese names are written
 * family name first ("Nguyễn Văn An"), unlike Keycloak's composed `name` claim.
 */
export function identityOf(claims: TokenClaims): Identity | null {
  if (!claims.sub) return null
  const username = (claims.preferred_username ?? claims.sub).normalize('NFC')
  const family = claims.family_name?.normalize('NFC').trim() ?? ''
  const given = claims.given_name?.normalize('NFC').trim() ?? ''
  const composed = [family, given].filter(Boolean).join(' ') || claims.name?.normalize('NFC') || ''
  // Shown to everyone the person works with: a name that hides characters or reorders itself on
  // screen (a right-to-left override, say, as a user could type into Keycloak's account page)
  // is not shown; the username stands in for it (server/domain/names.ts).
  const shown = validateName(composed)
  const displayName = shown.ok ? shown.value : username
  return {
    subject: claims.sub,
    username,
    displayName,
    email: claims.email ?? '',
    roles: consoleRolesOf([...strings(claims.roles), ...strings(claims.realm_access?.roles)]),
    agencyCodes: agencyCodesOf(strings(claims.groups)),
    authMethods: [...new Set(strings(claims.amr))].sort(),
  }
}
