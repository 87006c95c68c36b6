import type { Role } from '../domain/request-state'

// Who is acting: a person signed in through Keycloak, or an automation client with a bearer token.
// Roles come from the realm's roles, agencies from its groups (`/agencies/<code>`); both are data
// in Keycloak, never code here.

export const CONSOLE_ROLES = ['agency_staff', 'dc_operator', 'security_officer', 'platform_admin'] as const
export type ConsoleRole = (typeof CONSOLE_ROLES)[number]

export const REALM_ROLE_TO_CONSOLE: Readonly<Record<string, ConsoleRole>> = {
  'agency-staff': 'agency_staff',
  'dc-operator': 'dc_operator',
  'security-officer': 'security_officer',
  'platform-admin': 'platform_admin',
}

export const AGENCY_GROUP_PREFIX = '/agencies/'

export type Principal = {
  userId: string
  subject: string
  username: string
  displayName: string
  roles: readonly ConsoleRole[]
  /** Agencies the person acts for: their groups' agencies and, below them, every descendant. */
  agencyIds: readonly string[]
  /** How they came in: a browser session or an API bearer token. */
  via: 'session' | 'token'
  /** Their token says a second factor was used to sign in (see usedSecondFactor). */
  secondFactor: boolean
}

/**
 * The `amr` values that count as a second factor: Keycloak's OTP form reports `otp` (the reference
 * value the realm gives that step, infra/keycloak). A password alone reports `pwd`.
 */
export const SECOND_FACTOR_METHODS: readonly string[] = ['otp']

export const usedSecondFactor = (authMethods: readonly string[]): boolean =>
  authMethods.some((method) => SECOND_FACTOR_METHODS.includes(method))

/** Console roles named by a token's realm roles; unknown roles (Keycloak's defaults) are ignored. */
export function consoleRolesOf(realmRoles: readonly string[]): ConsoleRole[] {
  const roles = new Set<ConsoleRole>()
  for (const role of realmRoles) {
    const mapped = REALM_ROLE_TO_CONSOLE[role]
    if (mapped) roles.add(mapped)
  }
  return CONSOLE_ROLES.filter((r) => roles.has(r))
}

/** Agency codes named by group paths such as `/agencies/so-khcn`; other groups are ignored. */
export function agencyCodesOf(groups: readonly string[]): string[] {
  const codes = new Set<string>()
  for (const group of groups) {
    if (!group.startsWith(AGENCY_GROUP_PREFIX)) continue
    const code = group.slice(AGENCY_GROUP_PREFIX.length)
    if (/^[a-z0-9]+(-[a-z0-9]+)*$/.test(code)) codes.add(code)
  }
  return [...codes].sort()
}

/** A principal as the domain's state machine sees an actor (its agencies bar it from deciding theirs). */
export function actorOf(principal: Principal): { id: string; roles: Role[]; agencyIds: string[]; label: string } {
  return {
    id: principal.userId,
    roles: [...principal.roles],
    agencyIds: [...principal.agencyIds],
    label: principal.displayName,
  }
}

/** Signed in, but neither in an agency nor holding a data-centre role: "ask your administrator". */
export function hasNoAccess(principal: Pick<Principal, 'roles' | 'agencyIds'>): boolean {
  const central = principal.roles.some((r) => r !== 'agency_staff')
  return !central && (principal.agencyIds.length === 0 || !principal.roles.includes('agency_staff'))
}
