import { expect } from 'vitest'
import { adminBaseOf } from '#server/identity/directory'
import { TokenSet } from './sign-in'
import { requireStackSetting } from './stack-env'

// The local Keycloak's realm through its admin API as the master realm's administrator: how tests
// make and remove what they need in the shared realm (people, groups) and read what the console
// wrote there. Never the console's own path: it uses its service account (server/identity).

export interface RealmAdmin {
  request(method: string, path: string, body?: unknown): Promise<Response>
}

export async function realmAdmin(): Promise<RealmAdmin> {
  const body = new URLSearchParams({
    grant_type: 'password',
    client_id: 'admin-cli',
    username: requireStackSetting('KEYCLOAK_ADMIN_USER'),
    password: requireStackSetting('KEYCLOAK_ADMIN_PASSWORD'),
  })
  const response = await fetch(`${requireStackSetting('KEYCLOAK_URL')}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body,
  })
  expect(response.status).toBe(200)
  const token = TokenSet.parse(await response.json()).access_token
  const base = adminBaseOf(requireStackSetting('OIDC_ISSUER'))
  return {
    request: (method, path, payload) =>
      fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      }),
  }
}
