import { z } from 'zod'
import { identityOf, type Identity } from './claims'
import { connectKeycloakAdmin, DirectoryError, type DirectorySettings } from './keycloak-admin'
import { agencyCodesOf, REALM_ROLE_TO_CONSOLE, type ConsoleRole } from './principal'

// Keycloak's directory, read through its admin REST API with the console's own service account
// (client credentials, keycloak-admin.ts; reading needs realm-management's query-users, view-users
// and view-realm; the manage-users the realm also gives it is for the agencies' group sync,
// decision 0052). The console learns who holds a role from sessions when people sign in; the
// directory also knows those who never did, so they can be told what to act on, and the agencies
// their groups name, so that what they may act on is judged as at their sign-in (decision 0086).

export type DirectoryMember = Omit<Identity, 'roles' | 'agencyCodes' | 'authMethods'>

export interface Directory {
  /** Enabled people who hold the realm role behind this console role (directly assigned). */
  membersOf(role: ConsoleRole): Promise<DirectoryMember[]>
  /**
   * The codes of the agencies the person's groups name, by the rule sign-in applies to the token's
   * `groups` claim (agencyCodesOf: `/agencies/<code>`, direct membership, full paths). A person
   * Keycloak no longer has is in none.
   */
  agenciesOf(member: DirectoryMember): Promise<string[]>
}

export { adminBaseOf, DirectoryError, type DirectorySettings } from './keycloak-admin'

type KeycloakUser = {
  id?: string
  username?: string
  firstName?: string
  lastName?: string
  email?: string
  enabled?: boolean
}

export function realmRoleOf(role: ConsoleRole): string {
  const found = Object.entries(REALM_ROLE_TO_CONSOLE).find(([, mapped]) => mapped === role)
  if (!found) throw new DirectoryError(`no realm role maps to ${role}`)
  return found[0]
}

/** A directory entry in the console's terms (names family first, as at sign-in). */
export function memberOf(user: KeycloakUser): DirectoryMember | null {
  if (!user.id || user.enabled === false) return null
  const identity = identityOf({
    sub: user.id,
    preferred_username: user.username,
    family_name: user.lastName,
    given_name: user.firstName,
    email: user.email,
  })
  if (!identity) return null
  const { roles: _roles, agencyCodes: _codes, authMethods: _methods, ...member } = identity
  return member
}

/** What Keycloak's `GET /users/{id}/groups` answers of each group; the path is all that is read. */
const UserGroups = z.array(z.object({ path: z.string() }))

export async function createKeycloakDirectory(settings: DirectorySettings): Promise<Directory> {
  const admin = await connectKeycloakAdmin(settings)
  const pageSize = settings.pageSize ?? 100
  return {
    async membersOf(role) {
      const realmRole = encodeURIComponent(realmRoleOf(role))
      const members: DirectoryMember[] = []
      for (let first = 0; ; first += pageSize) {
        const response = await admin.request(
          'GET',
          `/roles/${realmRole}/users?first=${first}&max=${pageSize}&briefRepresentation=true`,
        )
        if (!response.ok)
          throw new DirectoryError(
            `Keycloak answered ${response.status} listing the members of ${realmRoleOf(role)}`,
            response.status,
          )
        const page = (await response.json()) as KeycloakUser[]
        for (const user of page) {
          const member = memberOf(user)
          if (member) members.push(member)
        }
        if (page.length < pageSize) return members
      }
    },
    async agenciesOf(member) {
      const paths: string[] = []
      const user = encodeURIComponent(member.subject)
      for (let first = 0; ; first += pageSize) {
        const response = await admin.request(
          'GET',
          `/users/${user}/groups?first=${first}&max=${pageSize}&briefRepresentation=true`,
        )
        // Deleted since the role was listed: the next sync drops the role too.
        if (response.status === 404) return []
        if (!response.ok)
          throw new DirectoryError(
            `Keycloak answered ${response.status} listing the groups of ${member.username}`,
            response.status,
          )
        const page = UserGroups.parse(await response.json())
        paths.push(...page.map((group) => group.path))
        if (page.length < pageSize) return agencyCodesOf(paths)
      }
    },
  }
}
