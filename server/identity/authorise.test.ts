import { describe, expect, it } from 'vitest'
import {
  ACTIONS,
  PLATFORM,
  SECOND_FACTOR_ACTIONS,
  SECOND_FACTOR_ROLES,
  authorise,
  ofAgency,
  visibleAgencyIds,
  type Action,
} from './authorise'
import {
  CONSOLE_ROLES,
  agencyCodesOf,
  consoleRolesOf,
  hasNoAccess,
  usedSecondFactor,
  type ConsoleRole,
} from './principal'

const OWN = 'agency-own'
const OTHER = 'agency-other'
/** Someone holding `role`, signed in as the realm asks of that role (with a second factor where it asks one). */
const who = (role: ConsoleRole) => ({
  roles: [role],
  agencyIds: role === 'agency_staff' ? [OWN] : [],
  secondFactor: true,
})

// The expected answer for every action × role on (own agency's data, another agency's data).
// Written out in full on purpose: a change to the rules must change this table too.
type Row = Record<ConsoleRole, [own: boolean, other: boolean]>
const all: [boolean, boolean] = [true, true]
const none: [boolean, boolean] = [false, false]
const ownOnly: [boolean, boolean] = [true, false]
const readable: Row = { agency_staff: ownOnly, dc_operator: all, security_officer: all, platform_admin: all }
const staffOnly: Row = { agency_staff: ownOnly, dc_operator: none, security_officer: none, platform_admin: none }
const EXPECTED: Record<Action, Row> = {
  'dashboard.view': readable,
  'agency.list': readable,
  'agency.read': readable,
  'agency.manage': { agency_staff: none, dc_operator: none, security_officer: none, platform_admin: all },
  'project.list': readable,
  'project.read': readable,
  'project.create': { agency_staff: ownOnly, dc_operator: none, security_officer: none, platform_admin: all },
  'project.update': { agency_staff: ownOnly, dc_operator: none, security_officer: none, platform_admin: all },
  'project.review': { agency_staff: none, dc_operator: none, security_officer: all, platform_admin: none },
  'request.list': readable,
  'request.read': readable,
  'request.create': staffOnly,
  'request.edit': staffOnly,
  'request.submit': staffOnly,
  'request.withdraw': staffOnly,
  'request.decide': { agency_staff: none, dc_operator: all, security_officer: all, platform_admin: none },
  'request.sign_off': { agency_staff: none, dc_operator: none, security_officer: all, platform_admin: none },
  'request.revoke': { agency_staff: none, dc_operator: all, security_officer: none, platform_admin: all },
  'allocation.read': readable,
  'pool.read': { agency_staff: none, dc_operator: all, security_officer: all, platform_admin: all },
  'pool.manage': { agency_staff: none, dc_operator: all, security_officer: none, platform_admin: all },
  'price.read': { agency_staff: all, dc_operator: all, security_officer: all, platform_admin: all },
  'price.manage': { agency_staff: none, dc_operator: all, security_officer: none, platform_admin: all },
  'statement.list': { agency_staff: ownOnly, dc_operator: all, security_officer: none, platform_admin: all },
  'statement.read': { agency_staff: ownOnly, dc_operator: all, security_officer: none, platform_admin: all },
  'policy.manage': { agency_staff: none, dc_operator: none, security_officer: none, platform_admin: all },
  'budget.read': readable,
  'budget.manage': { agency_staff: none, dc_operator: all, security_officer: none, platform_admin: all },
  'audit.read': { agency_staff: none, dc_operator: none, security_officer: all, platform_admin: all },
  'credentials.issue': staffOnly,
  'credentials.list': readable,
  'credentials.revoke': { agency_staff: ownOnly, dc_operator: all, security_officer: all, platform_admin: none },
  'backup.list': readable,
  'backup.restore': staffOnly,
  'provisioning.list': { agency_staff: none, dc_operator: all, security_officer: all, platform_admin: all },
  'provisioning.detail': { agency_staff: none, dc_operator: all, security_officer: all, platform_admin: all },
  'kubeconfig.download': staffOnly,
  'findings.read': { agency_staff: ownOnly, dc_operator: none, security_officer: all, platform_admin: all },
  'checks.read': { agency_staff: all, dc_operator: all, security_officer: all, platform_admin: all },
  'scans.read': { agency_staff: none, dc_operator: none, security_officer: all, platform_admin: all },
  'waiver.list': { agency_staff: ownOnly, dc_operator: none, security_officer: all, platform_admin: all },
  'waiver.read': { agency_staff: ownOnly, dc_operator: none, security_officer: all, platform_admin: all },
  'waiver.request': staffOnly,
  'waiver.withdraw': staffOnly,
  'waiver.decide': { agency_staff: none, dc_operator: none, security_officer: all, platform_admin: none },
  'waiver.revoke': { agency_staff: none, dc_operator: none, security_officer: all, platform_admin: none },
}

describe('authorise: every action × role × own/other agency', () => {
  it('has an expectation for every action', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort())
  })
  for (const action of ACTIONS) {
    for (const role of CONSOLE_ROLES) {
      const [own, other] = EXPECTED[action][role]
      it(`${action} by ${role}: own ${own ? 'allowed' : 'denied'}, other ${other ? 'allowed' : 'denied'}`, () => {
        expect(authorise(who(role), action, ofAgency(OWN)).allowed).toBe(own)
        expect(authorise(who(role), action, ofAgency(OTHER)).allowed).toBe(other)
      })
    }
  }

  it('denies everything to a principal without console roles', () => {
    for (const action of ACTIONS)
      expect(authorise({ roles: [], agencyIds: [OWN] }, action, ofAgency(OWN))).toEqual({
        allowed: false,
        reason: 'no_role',
      })
  })

  it('says why: another agency versus no role', () => {
    expect(authorise(who('agency_staff'), 'request.read', ofAgency(OTHER))).toEqual({
      allowed: false,
      reason: 'other_agency',
    })
    expect(authorise(who('agency_staff'), 'request.decide', ofAgency(OWN))).toEqual({
      allowed: false,
      reason: 'no_role',
    })
  })

  it('lets staff list their own agencies only, and central roles list all', () => {
    expect(authorise(who('agency_staff'), 'request.list', PLATFORM).allowed).toBe(true)
    expect(visibleAgencyIds(who('agency_staff'), 'request.list')).toEqual([OWN])
    expect(visibleAgencyIds(who('dc_operator'), 'request.list')).toBeNull()
    expect(visibleAgencyIds(who('dc_operator'), 'request.create')).toEqual([])
    expect(authorise(who('agency_staff'), 'request.read', PLATFORM).allowed).toBe(false)
  })

  it('lets staff search their own agencies findings, scoped; operators none; everyone read the checks', () => {
    expect(authorise(who('agency_staff'), 'findings.read', PLATFORM).allowed).toBe(true)
    expect(visibleAgencyIds(who('agency_staff'), 'findings.read')).toEqual([OWN])
    expect(visibleAgencyIds(who('security_officer'), 'findings.read')).toBeNull()
    expect(authorise(who('dc_operator'), 'findings.read', PLATFORM)).toEqual({ allowed: false, reason: 'no_role' })
    expect(visibleAgencyIds(who('dc_operator'), 'findings.read')).toEqual([])
    for (const role of ['agency_staff', 'dc_operator', 'security_officer', 'platform_admin'] as const)
      expect(authorise(who(role), 'checks.read', PLATFORM).allowed).toBe(true)
  })
})

describe('the second factor, from the token (decision 0028)', () => {
  const withoutSecondFactor = (roles: ConsoleRole[]) => ({ roles, agencyIds: [OWN], secondFactor: false })

  it('refuses deciding, signing off and issuing keys to an operator or officer whose token shows no second factor', () => {
    expect(authorise(withoutSecondFactor(['dc_operator']), 'request.decide', ofAgency(OWN))).toEqual({
      allowed: false,
      reason: 'second_factor',
    })
    expect(authorise(withoutSecondFactor(['security_officer']), 'request.sign_off', ofAgency(OWN))).toEqual({
      allowed: false,
      reason: 'second_factor',
    })
    // Issuing a key is agency staff's; an operator who is also agency staff still needs the factor.
    expect(authorise(withoutSecondFactor(['agency_staff', 'dc_operator']), 'credentials.issue', ofAgency(OWN))).toEqual(
      { allowed: false, reason: 'second_factor' },
    )
    // A principal that does not say (an older caller) counts as without.
    expect(authorise({ roles: ['dc_operator'], agencyIds: [] }, 'request.decide', PLATFORM).allowed).toBe(false)
  })

  it('leaves everything else alone: reading, and the roles the realm asks no second factor of', () => {
    for (const action of ACTIONS.filter((a) => !SECOND_FACTOR_ACTIONS.has(a))) {
      for (const role of SECOND_FACTOR_ROLES) {
        expect(authorise(withoutSecondFactor([role]), action, ofAgency(OWN)), `${action} ${role}`).toEqual(
          authorise(who(role), action, ofAgency(OWN)),
        )
      }
    }
    expect(authorise(withoutSecondFactor(['agency_staff']), 'credentials.issue', ofAgency(OWN)).allowed).toBe(true)
    // No role is no role, second factor or not.
    expect(authorise(withoutSecondFactor(['agency_staff']), 'request.decide', ofAgency(OWN))).toEqual({
      allowed: false,
      reason: 'no_role',
    })
  })

  it('counts `otp` in amr as a second factor, a password alone not', () => {
    expect(usedSecondFactor(['otp', 'pwd'])).toBe(true)
    expect(usedSecondFactor(['pwd'])).toBe(false)
    expect(usedSecondFactor([])).toBe(false)
  })
})

describe('principal mapping from Keycloak claims', () => {
  it('maps realm roles and ignores the others', () => {
    expect(consoleRolesOf(['default-roles-govcloud', 'offline_access', 'dc-operator', 'agency-staff'])).toEqual([
      'agency_staff',
      'dc_operator',
    ])
  })
  it('takes agency codes from /agencies/<code> groups only', () => {
    expect(
      agencyCodesOf([
        '/agencies/so-khcn',
        '/agencies/ubnd-xa-dong-dang',
        '/other/x',
        '/agencies/',
        '/agencies/Bad Code',
      ]),
    ).toEqual(['so-khcn', 'ubnd-xa-dong-dang'])
  })
  it('recognises a user who should ask their administrator', () => {
    expect(hasNoAccess({ roles: [], agencyIds: [] })).toBe(true)
    expect(hasNoAccess({ roles: ['agency_staff'], agencyIds: [] })).toBe(true)
    expect(hasNoAccess({ roles: [], agencyIds: [OWN] })).toBe(true)
    expect(hasNoAccess({ roles: ['agency_staff'], agencyIds: [OWN] })).toBe(false)
    expect(hasNoAccess({ roles: ['security_officer'], agencyIds: [] })).toBe(false)
  })
})
