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
  'project.review',
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
  'price.read',
  'price.manage',
  'statement.list',
  'statement.read',
  'policy.manage',
  'budget.read',
  'budget.manage',
  'audit.read',
  'credentials.issue',
  'credentials.list',
  'credentials.revoke',
  'backup.list',
  'backup.restore',
  'provisioning.list',
  'provisioning.detail',
  'kubeconfig.download',
  'findings.read',
  'checks.read',
  'scans.read',
  'waiver.list',
  'waiver.read',
  'waiver.request',
  'waiver.withdraw',
  'waiver.decide',
  'waiver.revoke',
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
  // A registered system's security level is confirmed (or set, or returned) by a security officer
  // before it may ask for quotas (decision 0055); operators, who approve the quotas, do not.
  'project.review': { everywhere: ['security_officer'], ownAgency: [] },
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
  // Operators size the pools from the platform's readings (issue 15, decision 0054).
  'pool.manage': { everywhere: ['dc_operator', 'platform_admin'], ownAgency: [] },
  // The rate card and footprint coefficients (decision 0048): everyone signed in reads them (agencies
  // plan their budgets with the card); the data centre's operators and administrators add versions.
  'price.read': { everywhere: [...STAFF, ...CENTRAL_READERS], ownAgency: [] },
  'price.manage': { everywhere: ['dc_operator', 'platform_admin'], ownAgency: [] },
  // Monthly statements (issue 14, decision 0048): an agency's staff read their own agencies'; the
  // data centre's operators and administrators every agency's. Security officers review security,
  // not showback: they read none.
  'statement.list': { everywhere: ['dc_operator', 'platform_admin'], ownAgency: STAFF },
  'statement.read': { everywhere: ['dc_operator', 'platform_admin'], ownAgency: STAFF },
  // The approval policy, reserved names and grace period (decision 0049): platform administrators alone.
  'policy.manage': { everywhere: ['platform_admin'], ownAgency: [] },
  // Agencies' yearly budgets (decision 0050): set by those who set the rate card they are spent
  // against; an agency's staff see their own budget, forecast and warnings but do not set them.
  'budget.read': { everywhere: CENTRAL_READERS, ownAgency: STAFF },
  'budget.manage': { everywhere: ['dc_operator', 'platform_admin'], ownAgency: [] },
  'audit.read': { everywhere: ['security_officer', 'platform_admin'], ownAgency: [] },
  // Issuing (and rotating, which issues) shows a secret: only the agency that will hold it. The
  // data centre sees the keys' metadata and may revoke one (a leaked key, a compromised host)
  // without ever seeing a secret: docs/decisions/0014-provisioning-in-the-console.md.
  'credentials.issue': { everywhere: [], ownAgency: STAFF },
  'credentials.list': { everywhere: CENTRAL_READERS, ownAgency: STAFF },
  'credentials.revoke': { everywhere: ['dc_operator', 'security_officer'], ownAgency: STAFF },
  // A project's backups (decision 0056): read where the project is; restored only by the agency
  // whose data it is: a restore writes into its namespace, which the data centre does not run.
  'backup.list': { everywhere: CENTRAL_READERS, ownAgency: STAFF },
  'backup.restore': { everywhere: [], ownAgency: STAFF },
  // The platform-wide list of drifted and degraded tenants; agencies see their own project's
  // status on its page (project.read).
  'provisioning.list': { everywhere: CENTRAL_READERS, ownAgency: [] },
  // The platform's own error messages (internal hosts, ports, identities): the data centre acts on
  // them; agency staff read the translated reason instead (decision 0030).
  'provisioning.detail': { everywhere: CENTRAL_READERS, ownAgency: [] },
  // An agency's kubeconfig signs its holder in as themself; the API server then grants what the
  // agency group's RoleBindings give. Only the agency's own staff get one: a data-centre role is
  // not in the agency's group, so the file would give it nothing (decision 0012).
  'kubeconfig.download': { everywhere: [], ownAgency: STAFF },
  // Security findings: the security office and the platform's administrators see every agency's
  // and the platform's own; agency staff their agencies' projects' only (the query scopes them).
  // Operators run the platform, not its security review: they read no findings (issue 13).
  'findings.read': { everywhere: ['security_officer', 'platform_admin'], ownAgency: STAFF },
  // The catalogue of checks is the console's own rules, the same for everyone signed in.
  'checks.read': { everywhere: [...STAFF, ...CENTRAL_READERS], ownAgency: [] },
  // The scanners' runs cover every agency at once (and the platform): whoever reads all findings.
  'scans.read': { everywhere: ['security_officer', 'platform_admin'], ownAgency: [] },
  // Waivers of security checks (issue 13, decision 0041): an agency's staff ask for their own
  // projects and may withdraw what they asked (the rules check it is theirs); a security officer
  // decides, never their own (server/security/waivers.ts), and may revoke an approved one.
  // Read as the findings are (findings.read): operators run the platform, not its security review.
  'waiver.list': { everywhere: ['security_officer', 'platform_admin'], ownAgency: STAFF },
  'waiver.read': { everywhere: ['security_officer', 'platform_admin'], ownAgency: STAFF },
  'waiver.request': { everywhere: [], ownAgency: STAFF },
  'waiver.withdraw': { everywhere: [], ownAgency: STAFF },
  'waiver.decide': { everywhere: ['security_officer'], ownAgency: [] },
  'waiver.revoke': { everywhere: ['security_officer'], ownAgency: [] },
}

/**
 * The roles the realm asks for a second factor at sign-in (infra/keycloak: they are composites of
 * its `second-factor` role, which the browser flow's OTP step is conditioned on; a test reads the
 * realm and checks the two agree). Decision 0028.
 */
export const SECOND_FACTOR_ROLES: readonly ConsoleRole[] = ['dc_operator', 'security_officer']

/**
 * What needs that second factor in the token, not only at the door: deciding a request, signing
 * it off and issuing a key (a secret). A holder of a second-factor role whose token does not show
 * one (another flow, a realm that lost the rule) is refused these, whatever else they hold.
 */
export const SECOND_FACTOR_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'request.decide',
  'request.sign_off',
  'project.review',
  'credentials.issue',
  'waiver.decide',
  'waiver.revoke',
])

export type Verdict = { allowed: true } | { allowed: false; reason: 'no_role' | 'other_agency' | 'second_factor' }

/** Who is asking, as far as authorising goes; no `secondFactor` counts as none. */
export type Asker = Pick<Principal, 'roles' | 'agencyIds'> & { secondFactor?: boolean }

export function authorise(principal: Asker, action: Action, resource: Resource): Verdict {
  const verdict = roleVerdict(principal, action, resource)
  if (verdict.allowed && lacksSecondFactor(principal, action)) return { allowed: false, reason: 'second_factor' }
  return verdict
}

function lacksSecondFactor(principal: Asker, action: Action): boolean {
  return (
    SECOND_FACTOR_ACTIONS.has(action) &&
    principal.secondFactor !== true &&
    principal.roles.some((role) => SECOND_FACTOR_ROLES.includes(role))
  )
}

function roleVerdict(principal: Asker, action: Action, resource: Resource): Verdict {
  const rule = RULES[action]
  if (principal.roles.some((r) => rule.everywhere.includes(r))) return { allowed: true }
  if (!principal.roles.some((r) => rule.ownAgency.includes(r))) return { allowed: false, reason: 'no_role' }
  // Listing "my agencies' X" is a platform-level ask that the query then scopes by agency.
  if (resource.kind === 'platform') {
    return action.endsWith('.list') ||
      action === 'dashboard.view' ||
      // The findings' pages and searches are lists too: the query keeps them to the agency's own.
      action === 'findings.read' ||
      action === 'request.create' ||
      action === 'waiver.request' ||
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
