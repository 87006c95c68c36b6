import { SignJWT, decodeJwt, generateKeyPair } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { createBearerVerifier } from '#server/identity/bearer'
import { automationToken as fetchAutomationToken, consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'

// API bearer tokens from the real Keycloak: what is accepted, and every way a token is refused.

let issuer: string
let automationToken: string

beforeAll(async () => {
  issuer = requireStackSetting('OIDC_ISSUER')
  automationToken = await fetchAutomationToken()
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
    const userToken = await consoleUserToken('an.nguyen')
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
    const noRole = await consoleUserToken('minh.do')
    const console = createBearerVerifier({ issuer, audience: requireStackSetting('OIDC_CLIENT_ID') })
    expect(await console(`Bearer ${noRole}`)).toEqual({ ok: false, failure: 'no_role' })
  })
})
