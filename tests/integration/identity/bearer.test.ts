import { SignJWT, decodeJwt, generateKeyPair } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { createBearerVerifier } from '#server/identity/bearer'
import { createOidcClient } from '#server/identity/oidc'
import { savePendingLogin } from '#server/identity/sessions'
import { createTestDatabase } from '../../helpers/database'
import { signInAtKeycloak } from '../../helpers/keycloak-login'
import { requireStackSetting } from '../../helpers/stack-env'

// API bearer tokens from the real Keycloak: what is accepted, and every way a token is refused.

let issuer: string
let automationToken: string

async function clientCredentials(clientId: string, secret: string): Promise<string> {
  const res = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
  })
  expect(res.status).toBe(200)
  return ((await res.json()) as { access_token: string }).access_token
}

async function userAccessToken(username: string): Promise<string> {
  const t = await createTestDatabase()
  try {
    const oidc = await createOidcClient({
      issuer,
      clientId: requireStackSetting('OIDC_CLIENT_ID'),
      clientSecret: requireStackSetting('OIDC_CLIENT_SECRET'),
    })
    const { url, pending } = await oidc.beginLogin({
      redirectUri: 'http://localhost:5173/auth/callback',
      returnTo: '/',
    })
    await savePendingLogin(t.db, pending)
    const callback = await signInAtKeycloak(url, username)
    return (await oidc.completeLogin(callback, pending)).accessToken
  } finally {
    await t.drop()
  }
}

beforeAll(async () => {
  issuer = requireStackSetting('OIDC_ISSUER')
  automationToken = await clientCredentials(
    requireStackSetting('KEYCLOAK_AUTOMATION_CLIENT_ID'),
    requireStackSetting('KEYCLOAK_AUTOMATION_CLIENT_SECRET'),
  )
})

describe('API bearer tokens verified against the realm JWKS', () => {
  const api = () => createBearerVerifier({ issuer, audience: requireStackSetting('OIDC_API_AUDIENCE') })

  it('accepts the automation client: its agency and role come from the token', async () => {
    const result = await api()(`Bearer ${automationToken}`)
    expect(result).toMatchObject({ ok: true, identity: { roles: ['agency_staff'], agencyCodes: ['so-tc'] } })
  })

  it('refuses a missing or malformed header', async () => {
    expect(await api()(null)).toEqual({ ok: false, failure: 'missing' })
    expect(await api()('Basic abc')).toEqual({ ok: false, failure: 'malformed' })
    expect(await api()('Bearer not-a-jwt')).toEqual({ ok: false, failure: 'malformed' })
  })

  it('refuses an expired token', async () => {
    const exp = decodeJwt(automationToken).exp!
    const later = createBearerVerifier({
      issuer,
      audience: requireStackSetting('OIDC_API_AUDIENCE'),
      now: () => new Date((exp + 120) * 1000),
    })
    expect(await later(`Bearer ${automationToken}`)).toEqual({ ok: false, failure: 'expired' })
  })

  it('refuses a token meant for another audience (a console user token on the API)', async () => {
    const userToken = await userAccessToken('an.nguyen')
    expect(await api()(`Bearer ${userToken}`)).toEqual({ ok: false, failure: 'wrong_audience' })
  })

  it('refuses a token from another issuer', async () => {
    const other = createBearerVerifier({
      issuer: `${issuer}-other`,
      audience: requireStackSetting('OIDC_API_AUDIENCE'),
      jwksUrl: `${issuer}/protocol/openid-connect/certs`,
    })
    expect(await other(`Bearer ${automationToken}`)).toEqual({ ok: false, failure: 'wrong_issuer' })
  })

  it('refuses a tampered signature and a token signed by a stranger', async () => {
    const [header, payload, signature] = automationToken.split('.')
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>
    const forged = Buffer.from(JSON.stringify({ ...claims, groups: ['/agencies/so-khcn'] })).toString('base64url')
    expect(await api()(`Bearer ${header}.${forged}.${signature}`)).toEqual({ ok: false, failure: 'bad_signature' })

    const { privateKey } = await generateKeyPair('RS256')
    const kid = (JSON.parse(Buffer.from(header!, 'base64url').toString()) as { kid: string }).kid
    const stranger = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey)
    expect(await api()(`Bearer ${stranger}`)).toEqual({ ok: false, failure: 'bad_signature' })
  })

  it('refuses a valid token whose holder has no console role', async () => {
    const noRole = await userAccessToken('minh.do')
    const console = createBearerVerifier({ issuer, audience: requireStackSetting('OIDC_CLIENT_ID') })
    expect(await console(`Bearer ${noRole}`)).toEqual({ ok: false, failure: 'no_role' })
  })
})
