import { createHash } from 'node:crypto'
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  DEV_CALLBACK,
  TokenSet,
  basicAuth,
  discover,
  signInWithPkce,
  type CookieJar,
  type Discovery,
} from '../../helpers/sign-in'
import { stackEnv } from '../../helpers/stack-env'

// The real local Keycloak with the project's realm (infra/keycloak/govcloud-realm.json).
// Users sign in the way a browser does: authorisation code + PKCE S256 through Keycloak's own
// login form (fetch with a cookie jar), then the code is exchanged with the console client's
// secret. No client in the realm allows the password grant.

const REDIRECT_URI = DEV_CALLBACK

interface GovcloudClaims extends JWTPayload {
  azp?: string
  roles?: string[]
  groups?: string[]
  realm_access?: { roles: string[] }
  preferred_username?: string
  given_name?: string
  family_name?: string
  name?: string
  email?: string
  email_verified?: boolean
}

/** An OAuth error answer (RFC 6749 §5.2). */
const OAuthError = z.object({ error: z.string() })

let env: Record<string, string>
let discovery: Discovery
let jwks: ReturnType<typeof createRemoteJWKSet>

const b64url = (buf: Buffer): string => buf.toString('base64url')

function authorizeUrl(params: Record<string, string>): string {
  const url = new URL(discovery.authorization_endpoint)
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v)
  return url.toString()
}

/** Sign in through Keycloak's login page and exchange the code: what the console's server does. */
function signIn(username: string): Promise<TokenSet & { browser: CookieJar }> {
  return signInWithPkce({
    issuer: env.OIDC_ISSUER!,
    username,
    client: { id: env.OIDC_CLIENT_ID!, secret: env.OIDC_CLIENT_SECRET!, redirectUri: REDIRECT_URI },
    scope: 'openid profile email',
  })
}

function tokenRequest(form: Record<string, string>, clientId: string, secret: string): Promise<Response> {
  return fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(clientId, secret) },
    body: new URLSearchParams(form),
  })
}

async function verify(token: string, audience: string): Promise<GovcloudClaims> {
  const { payload } = await jwtVerify<GovcloudClaims>(token, jwks, { issuer: env.OIDC_ISSUER, audience })
  return payload
}

beforeAll(async () => {
  env = stackEnv()
  for (const key of ['KEYCLOAK_URL', 'OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET']) {
    if (!env[key]) throw new Error(`The local stack provides no ${key}: run infra/local/stack up keycloak`)
  }
  discovery = await discover(env.OIDC_ISSUER!)
  jwks = createRemoteJWKSet(new URL(discovery.jwks_uri))
})

describe('Keycloak (real, local) with the govcloud realm', () => {
  it('publishes OIDC discovery naming the realm as issuer, with PKCE S256', () => {
    expect(env.KEYCLOAK_REALM).toBe('govcloud')
    expect(discovery.issuer).toBe(env.OIDC_ISSUER)
    expect(discovery.issuer).toBe(`${env.KEYCLOAK_URL}/realms/govcloud`)
    expect(discovery.code_challenge_methods_supported).toContain('S256')
    expect(discovery.jwks_uri.startsWith(discovery.issuer)).toBe(true)
  })

  it('signs in an agency user of Sở Khoa học và Công nghệ: roles, group and Vietnamese names', async () => {
    const tokens = await signIn('an.nguyen')
    const access = await verify(tokens.access_token, 'govcloud-console')
    expect(access.azp).toBe('govcloud-console')
    expect(access.preferred_username).toBe('an.nguyen')
    expect(access.roles).toContain('agency-staff')
    expect(access.realm_access?.roles).toContain('agency-staff')
    expect(access.roles).not.toContain('dc-operator')
    expect(access.roles).not.toContain('platform-admin')
    expect(access.groups).toEqual(['/agencies/so-khcn'])
    expect(access.exp! - access.iat!).toBe(300)

    const id = await verify(tokens.id_token!, 'govcloud-console')
    expect(id.family_name).toBe('Nguyễn')
    expect(id.given_name).toBe('Văn An')
    // Keycloak composes `name` as "given family"; Vietnamese order is family name first.
    expect(`${id.family_name} ${id.given_name}`).toBe('Nguyễn Văn An')
    expect(id.email).toBe('an.nguyen@so-khcn.langson.local')
    expect(id.email_verified).toBe(true)
    expect(id.groups).toEqual(['/agencies/so-khcn'])
    // NFC, not decomposed: the bytes the console stores and compares
    expect(id.family_name).toBe(id.family_name!.normalize('NFC'))

    const info = await fetch(discovery.userinfo_endpoint, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    })
    expect(info.status).toBe(200)
    const claims = (await info.json()) as GovcloudClaims
    expect(claims.family_name).toBe('Nguyễn')
    expect(claims.groups).toEqual(['/agencies/so-khcn'])
  })

  it('keeps agencies apart: a user of Sở Tài chính is in her own agency only', async () => {
    const access = await verify((await signIn('lan.hoang')).access_token, 'govcloud-console')
    expect(access.groups).toEqual(['/agencies/so-tc'])
    expect(access.roles).toContain('agency-staff')
    const id = decodeJwt<GovcloudClaims>((await signIn('thu.vi')).id_token!)
    expect(id.groups).toEqual(['/agencies/ubnd-xa-dong-dang'])
    expect(`${id.family_name} ${id.given_name}`).toBe('Vi Thị Thu')
  })

  it('gives both data-centre operators dc-operator and nothing they should not have', async () => {
    for (const [username, fullName] of [
      ['duc.dang', 'Đặng Minh Đức'],
      ['tuan.be', 'Bế Văn Tuấn'],
    ] as const) {
      const tokens = await signIn(username)
      const access = await verify(tokens.access_token, 'govcloud-console')
      expect(access.roles).toContain('dc-operator')
      expect(access.roles).not.toContain('security-officer')
      expect(access.roles).not.toContain('agency-staff')
      expect(access.groups).toEqual(['/agencies/ttcns'])
      const id = decodeJwt<GovcloudClaims>(tokens.id_token!)
      expect(`${id.family_name} ${id.given_name}`).toBe(fullName)
    }
  })

  it('has a security officer, a platform admin and a user with no agency or role', async () => {
    expect((await verify((await signIn('huong.pham')).access_token, 'govcloud-console')).roles).toContain(
      'security-officer',
    )
    expect((await verify((await signIn('quang.ly')).access_token, 'govcloud-console')).roles).toContain(
      'platform-admin',
    )
    const nobody = await verify((await signIn('minh.do')).access_token, 'govcloud-console')
    expect(nobody.groups ?? []).toEqual([])
    for (const role of ['agency-staff', 'dc-operator', 'security-officer', 'platform-admin']) {
      expect(nobody.roles).not.toContain(role)
    }
  })

  it('rotates refresh tokens: a used refresh token is refused', async () => {
    const first = await signIn('an.nguyen')
    const refreshed = await tokenRequest(
      { grant_type: 'refresh_token', refresh_token: first.refresh_token! },
      env.OIDC_CLIENT_ID!,
      env.OIDC_CLIENT_SECRET!,
    )
    expect(refreshed.status).toBe(200)
    const second = TokenSet.parse(await refreshed.json())
    expect(second.refresh_token).not.toBe(first.refresh_token)
    const reused = await tokenRequest(
      { grant_type: 'refresh_token', refresh_token: first.refresh_token! },
      env.OIDC_CLIENT_ID!,
      env.OIDC_CLIENT_SECRET!,
    )
    expect(reused.status).toBe(400)
    expect(OAuthError.parse(await reused.json()).error).toBe('invalid_grant')
  })

  it('ends the Keycloak session on RP-initiated logout, back to a registered console URL only', async () => {
    const signedIn = await signIn('hung.tran')
    const logoutUrl = (redirect: string): string => {
      const url = new URL(`${env.OIDC_ISSUER}/protocol/openid-connect/logout`)
      url.searchParams.set('id_token_hint', signedIn.id_token!)
      url.searchParams.set('post_logout_redirect_uri', redirect)
      url.searchParams.set('state', 'bye')
      return url.toString()
    }
    const refused = await fetch(logoutUrl('http://evil.example/'), {
      redirect: 'manual',
      headers: { cookie: signedIn.browser.header() },
    })
    expect(refused.status).toBe(400)

    const out = await fetch(logoutUrl('http://localhost:5173/'), {
      redirect: 'manual',
      headers: { cookie: signedIn.browser.header() },
    })
    expect(out.status).toBe(302)
    const back = new URL(out.headers.get('location')!)
    expect(`${back.origin}${back.pathname}`).toBe('http://localhost:5173/')
    expect(back.searchParams.get('state')).toBe('bye')
    // the session is gone: its refresh token no longer works
    const refresh = await tokenRequest(
      { grant_type: 'refresh_token', refresh_token: signedIn.refresh_token! },
      env.OIDC_CLIENT_ID!,
      env.OIDC_CLIENT_SECRET!,
    )
    expect(refresh.status).toBe(400)
  })

  it('issues client-credentials tokens to govcloud-automation with the govcloud-api audience', async () => {
    const res = await tokenRequest(
      { grant_type: 'client_credentials' },
      env.KEYCLOAK_AUTOMATION_CLIENT_ID!,
      env.KEYCLOAK_AUTOMATION_CLIENT_SECRET!,
    )
    expect(res.status).toBe(200)
    const tokens = TokenSet.parse(await res.json())
    expect(tokens.refresh_token).toBeUndefined()
    const access = await verify(tokens.access_token, 'govcloud-api')
    expect(access.azp).toBe('govcloud-automation')
    expect([access.aud].flat()).toContain('govcloud-api')
    expect(access.roles).toContain('agency-staff')
    expect(access.groups).toEqual(['/agencies/so-tc'])
    // a console token is not an API token, and the other way round
    await expect(verify(tokens.access_token, 'govcloud-console')).rejects.toThrow()
  })

  it('refuses a tampered token and a token from the wrong issuer', async () => {
    const { access_token } = await signIn('an.nguyen')
    const [h, p, s] = access_token.split('.')
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString('utf8')) as GovcloudClaims
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, roles: ['platform-admin'] })).toString('base64url')}.${s}`
    await expect(verify(forged, 'govcloud-console')).rejects.toThrow(/signature/i)
    await expect(
      jwtVerify(access_token, jwks, { issuer: `${env.KEYCLOAK_URL}/realms/master`, audience: 'govcloud-console' }),
    ).rejects.toThrow(/iss/)
  })

  it('holds the console client to its contract: PKCE required, exact redirect URIs, no password grant', async () => {
    // no code_challenge: Keycloak sends the browser back with an error, no code
    const noPkce = await fetch(
      authorizeUrl({
        client_id: 'govcloud-console',
        response_type: 'code',
        scope: 'openid',
        redirect_uri: REDIRECT_URI,
        state: 'x',
      }),
      { redirect: 'manual' },
    )
    expect(noPkce.status).toBe(302)
    const location = new URL(noPkce.headers.get('location')!)
    expect(location.searchParams.get('error')).toBe('invalid_request')
    expect(location.searchParams.get('code')).toBeNull()

    // a redirect URI that is not registered exactly is refused outright
    const challenge = b64url(createHash('sha256').update('v'.repeat(43)).digest())
    for (const redirect of ['http://localhost:5173/auth/callback/evil', 'http://evil.example/auth/callback']) {
      const res = await fetch(
        authorizeUrl({
          client_id: 'govcloud-console',
          response_type: 'code',
          scope: 'openid',
          redirect_uri: redirect,
          code_challenge: challenge,
          code_challenge_method: 'S256',
        }),
        { redirect: 'manual' },
      )
      expect(res.status, redirect).toBe(400)
    }

    // the password grant is not enabled on the console client
    const password = await tokenRequest(
      { grant_type: 'password', username: 'an.nguyen', password: 'demo-local-only', scope: 'openid' },
      env.OIDC_CLIENT_ID!,
      env.OIDC_CLIENT_SECRET!,
    )
    expect(password.status).toBe(400)
    expect(OAuthError.parse(await password.json()).error).toBe('unauthorized_client')

    // a wrong client secret is refused
    const wrong = await tokenRequest({ grant_type: 'client_credentials' }, 'govcloud-automation', 'not-the-secret')
    expect(wrong.status).toBe(401)
  })
})
