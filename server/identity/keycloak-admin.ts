import * as client from 'openid-client'

// Keycloak's admin REST API as the console's own service account (client credentials). The
// directory reads people through it (directory.ts) and the agencies' group sync writes the
// `/agencies/<code>` groups (agency-groups.ts, decision 0052); one token, renewed before it ends.

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

/** The admin API of the issuer's realm: …/realms/<realm> → …/admin/realms/<realm>. */
export function adminBaseOf(issuer: string): string {
  const url = new URL(issuer)
  const match = /^(.*)\/realms\/([^/]+)\/?$/.exec(url.pathname)
  if (!match) throw new DirectoryError(`not a Keycloak realm issuer: ${issuer}`)
  return `${url.origin}${match[1]}/admin/realms/${match[2]}`
}

export interface KeycloakAdmin {
  /** A call to the realm's admin API (`path` below /admin/realms/<realm>), JSON in and out. */
  request(method: string, path: string, body?: unknown): Promise<Response>
}

export async function connectKeycloakAdmin(settings: DirectorySettings): Promise<KeycloakAdmin> {
  const issuer = new URL(settings.issuer)
  const loopbackHttp =
    issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(issuer.hostname)
  const config = await client.discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
    execute: loopbackHttp ? [client.allowInsecureRequests] : [],
  })
  const base = adminBaseOf(settings.issuer)
  let token: { value: string; expiresAt: number } | null = null

  const accessToken = async (): Promise<string> => {
    if (token && token.expiresAt > Date.now() + 10_000) return token.value
    const granted = await client.clientCredentialsGrant(config)
    token = { value: granted.access_token, expiresAt: Date.now() + (granted.expires_in ?? 60) * 1000 }
    return token.value
  }

  return {
    async request(method, path, body) {
      return fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await accessToken()}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      })
    },
  }
}
