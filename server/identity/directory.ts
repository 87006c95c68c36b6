import * as client from 'openid-client'
import { identityOf, type Identity } from './claims'
import { REALM_ROLE_TO_CONSOLE, type ConsoleRole } from './principal'

// Keycloak's directory, read through its admin REST API with the console's own service account
// (client credentials; the realm gives it realm-management's query-users, view-users and
// view-realm, nothing that writes). The console learns who holds a role from sessions when people
// sign in; the directory also knows those who never did, so they can be told what to act on.

export type DirectoryMember = Omit<Identity, 'roles' | 'agencyCodes' | 'authMethods'>

export interface Directory {
  /** Enabled people who hold the realm role behind this console role (directly assigned). */
  membersOf(role: ConsoleRole): Promise<DirectoryMember[]>
}

export type DirectorySettings = { issuer: string; clientId: string; clientSecret: string; pageSize?: number }

export class DirectoryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message)
    this.name = 'DirectoryError'
  }
}

type KeycloakUser = {
  id?: string
  username?: string
  firstName?: string
  lastName?: string
  email?: string
  enabled?: boolean
}

/** The admin API of the issuer's realm: …/realms/<realm> → …/admin/realms/<realm>. */
export function adminBaseOf(issuer: string): string {
  const url = new URL(issuer)
  const match = /^(.*)\/realms\/([^/]+)\/?$/.exec(url.pathname)
  if (!match) throw new DirectoryError(`not a Keycloak realm issuer: ${issuer}`)
  return `${url.origin}${match[1]}/admin/realms/${match[2]}`
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

export async function createKeycloakDirectory(settings: DirectorySettings): Promise<Directory> {
  const issuer = new URL(settings.issuer)
  const loopbackHttp =
    issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(issuer.hostname)
  const config = await client.discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
    execute: loopbackHttp ? [client.allowInsecureRequests] : [],
  })
  const base = adminBaseOf(settings.issuer)
  const pageSize = settings.pageSize ?? 100
  let token: { value: string; expiresAt: number } | null = null

  const accessToken = async (): Promise<string> => {
    if (token && token.expiresAt > Date.now() + 10_000) return token.value
    const granted = await client.clientCredentialsGrant(config)
    token = { value: granted.access_token, expiresAt: Date.now() + (granted.expires_in ?? 60) * 1000 }
    return token.value
  }

  return {
    async membersOf(role) {
      const realmRole = encodeURIComponent(realmRoleOf(role))
      const members: DirectoryMember[] = []
      for (let first = 0; ; first += pageSize) {
        const response = await fetch(
          `${base}/roles/${realmRole}/users?first=${first}&max=${pageSize}&briefRepresentation=true`,
          {
            headers: { authorization: `Bearer ${await accessToken()}`, accept: 'application/json' },
            signal: AbortSignal.timeout(15_000),
          },
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
  }
}
