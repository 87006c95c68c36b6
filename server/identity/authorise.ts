import type { ConsoleRole, Principal } from './principal'

// The one authorisation function (docs/ARCHITECTURE.md): every loader, action and API handler asks it
// before touching data. Rules are a table of action → who may, so the matrix test can enumerate it.

export const ACTIONS = [
  'dashboard.view',
  'agency.list',
  'agency.read',
  'agency.manage',
  'project.list',
  'project.read',
  'project.create',
  'project.update',
  'request.list',
  'request.read',
  'request.create',
  'request.edit',
  'request.submit',
  'request.withdraw',
  'request.decide',
  'request.sign_off',
  'request.revoke',
  'allocation.read',
  'pool.read',
  'pool.manage',
  'price.manage',
  'audit.read',
  'credentials.issue',
  'credentials.list',
  'credentials.revoke',
  'provisioning.list',
  'kubeconfig.download',
] as const
export type Action = (typeof ACTIONS)[number]

/** What an action is about: the whole platform, or one agency's data (a project, a request…). */
export type Resource = { kind: 'platform' } | { kind: 'agency'; agencyId: string }
export const PLATFORM: Resource = { kind: 'platform' }
export const ofAgency = (agencyId: string): Resource => ({ kind: 'agency', agencyId })

type Rule = {
  /** Roles allowed on any agency's data and on platform-wide resources. */
  everywhere: readonly ConsoleRole[]
  /** Roles allowed only on data of their own agencies. */
  ownAgency: readonly ConsoleRole[]
}

const CENTRAL_READERS: readonly ConsoleRole[] = ['dc_operator', 'security_officer', 'platform_admin']
const STAFF: readonly ConsoleRole[] = ['agency_staff']

export const RULES: Readonly<Record<Action, Rule>> = {
  'dashboard.view': { everywhere: CENTRAL_READERS, ownAgency: STAFF },
  'agency.list': { everywhere: CENTRAL_READERS, ownAgency: STAFF },
  'agency.read': { everywhere: CENTRAL_READERS, ownAgency: STAFF },
  'agency.manage': { everywhere: ['platform_admin'], ownAgency: [] },
  'project.list': { everywhere: CENTRAL_READERS, ownAgency: STAFF },
  'project.read': { everywhere: CENTRAL_READERS, ownAgency: STAFF },
  'project.create': { everywhere: ['platform_admin'], ownAgency: STAFF },
  'project.update': { everywhere: ['platform_admin'], ownAgency: STAFF },
  'request.list': { everywhere: CENTRAL_READERS, ownAgency: STAFF },
  'request.read': { everywhere: CENTRAL_READERS, ownAgency: STAFF },
  'request.create': { everywhere: [], ownAgency: STAFF },
  'request.edit': { everywhere: [], ownAgency: STAFF },
  'request.submit': { everywhere: [], ownAgency: STAFF },
  'request.withdraw': { everywhere: [], ownAgency: STAFF },
  // Operators decide; a security officer may also return or reject what they must sign off
  // (the state machine checks which); neither can sign off as the other.
  'request.decide': { everywhere: ['dc_operator', 'security_officer'], ownAgency: [] },
  'request.sign_off': { everywhere: ['security_officer'], ownAgency: [] },
  'request.revoke': { everywhere: ['dc_operator', 'platform_admin'], ownAgency: [] },
  'allocation.read': { everywhere: CENTRAL_READERS, ownAgency: STAFF },
  'pool.read': { everywhere: CENTRAL_READERS, ownAgency: [] },
  'pool.manage': { everywhere: ['platform_admin'], ownAgency: [] },
  'price.manage': { everywhere: ['platform_admin'], ownAgency: [] },
  'audit.read': { everywhere: ['security_officer', 'platform_admin'], ownAgency: [] },
  // Issuing (and rotating, which issues) shows a secret: only the agency that will hold it. The
  // data centre sees the keys' metadata and may revoke one (a leaked key, a compromised host)
  // without ever seeing a secret: docs/decisions/0014-provisioning-in-the-console.md.
  'credentials.issue': { everywhere: [], ownAgency: STAFF },
  'credentials.list': { everywhere: CENTRAL_READERS, ownAgency: STAFF },
  'credentials.revoke': { everywhere: ['dc_operator', 'security_officer'], ownAgency: STAFF },
  // The platform-wide list of drifted and degraded tenants; agencies see their own project's
  // status on its page (project.read).
  'provisioning.list': { everywhere: CENTRAL_READERS, ownAgency: [] },
  // An agency's kubeconfig signs its holder in as themself; the API server then grants what the
  // agency group's RoleBindings give. Only the agency's own staff get one: a data-centre role is
  // not in the agency's group, so the file would give it nothing (decision 0012).
  'kubeconfig.download': { everywhere: [], ownAgency: STAFF },
}

export type Verdict = { allowed: true } | { allowed: false; reason: 'no_role' | 'other_agency' }

export function authorise(
  principal: Pick<Principal, 'roles' | 'agencyIds'>,
  action: Action,
  resource: Resource,
): Verdict {
  const rule = RULES[action]
  if (principal.roles.some((r) => rule.everywhere.includes(r))) return { allowed: true }
  if (!principal.roles.some((r) => rule.ownAgency.includes(r))) return { allowed: false, reason: 'no_role' }
  // Listing "my agencies' X" is a platform-level ask that the query then scopes by agency.
  if (resource.kind === 'platform') {
    return action.endsWith('.list') ||
      action === 'dashboard.view' ||
      action === 'request.create' ||
      action === 'project.create'
      ? { allowed: true }
      : { allowed: false, reason: 'other_agency' }
  }
  return principal.agencyIds.includes(resource.agencyId)
    ? { allowed: true }
    : { allowed: false, reason: 'other_agency' }
}

/**
 * The agencies whose data a principal may list: null means all of them (central roles),
 * otherwise exactly these ids; queries filter by it.
 */
export function visibleAgencyIds(
  principal: Pick<Principal, 'roles' | 'agencyIds'>,
  action: Action,
): readonly string[] | null {
  const rule = RULES[action]
  if (principal.roles.some((r) => rule.everywhere.includes(r))) return null
  if (principal.roles.some((r) => rule.ownAgency.includes(r))) return principal.agencyIds
  return []
}
