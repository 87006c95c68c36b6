import { beforeAll, describe, expect, it } from 'vitest'
import { adminBaseOf } from '#server/identity/keycloak-admin'
import { basicAuth, discover, type Discovery } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'

// The realm's rights to its directory belong to the workflow worker's own client
// (`govcloud-workflow`), not to the web's (`govcloud-console`): the web's secret sits in every web
// process and signs people in, and it must open nothing in Keycloak's admin API. Against the real
// Keycloak with the realm the project ships (infra/keycloak/govcloud-realm.json).

let discovery: Discovery
let adminBase: string

const clientCredentials = (clientId: string, secret: string): Promise<Response> =>
  fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(clientId, secret) },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  })

const asBearer = (token: string, path: string): Promise<Response> =>
  fetch(`${adminBase}${path}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } })

const web = () => [requireStackSetting('OIDC_CLIENT_ID'), requireStackSetting('OIDC_CLIENT_SECRET')] as const
const worker = () =>
  [requireStackSetting('KEYCLOAK_WORKFLOW_CLIENT_ID'), requireStackSetting('KEYCLOAK_WORKFLOW_CLIENT_SECRET')] as const

beforeAll(async () => {
  discovery = await discover(requireStackSetting('OIDC_ISSUER'))
  adminBase = adminBaseOf(requireStackSetting('OIDC_ISSUER'))
})

describe("the web's client", () => {
  it('gets no token of its own, so its secret lists no users, roles or groups', async () => {
    const answer = await clientCredentials(...web())
    expect(answer.status).toBe(401)
    expect(await answer.json()).toMatchObject({ error: 'unauthorized_client' })
  })
})

describe("the workflow worker's client", () => {
  it("reads the directory and the agencies' groups with its own token", async () => {
    const answer = await clientCredentials(...worker())
    expect(answer.status).toBe(200)
    const { access_token: token } = (await answer.json()) as { access_token: string }
    const operators = (await (await asBearer(token, '/roles/dc-operator/users')).json()) as { username: string }[]
    expect(operators.map((u) => u.username).sort()).toEqual(['duc.dang', 'tuan.be'])
    expect((await asBearer(token, '/users?username=an.nguyen&exact=true')).status).toBe(200)
    expect((await asBearer(token, '/groups?search=so-khcn')).status).toBe(200)
  })

  it("holds nothing beyond users and groups: clients and their secrets, events, the realm's settings", async () => {
    const { access_token: token } = (await (await clientCredentials(...worker())).json()) as { access_token: string }
    expect((await asBearer(token, '/clients')).status).toBe(403)
    expect((await asBearer(token, '/events')).status).toBe(403)
    expect((await asBearer(token, '/identity-provider/instances')).status).toBe(403)
    const rename = await fetch(adminBase, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: 'taken over' }),
    })
    expect(rename.status).toBe(403)
  })

  it('signs no person in: the password grant is not enabled on it', async () => {
    const [id, secret] = worker()
    const answer = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(id, secret) },
      body: new URLSearchParams({
        grant_type: 'password',
        username: 'an.nguyen',
        password: requireStackSetting('KEYCLOAK_DEMO_PASSWORD'),
      }),
    })
    expect(answer.status).toBe(400)
    expect(((await answer.json()) as { error: string }).error).toBe('unauthorized_client')
  })
})
