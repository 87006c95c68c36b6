import { createHash, randomBytes } from 'node:crypto'
import { decodeJwt } from 'jose'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { z } from 'zod'
import { createOidcClient } from '#server/identity/oidc'
import type { Fetch } from './https-fetch'
import {
  automationClientToken,
  CookieJar,
  DEMO_PASSWORD,
  signInAtKeycloak,
  signInThroughConsole,
} from './keycloak-form'
import { requireStackSetting } from './stack-env'
import { totpFor } from './totp'

// Signing the realm's demo people in, always through Keycloak's own login form: with fetch and a
// cookie jar (integration tests), in Chromium (browser tests), by hand with PKCE (tests of the
// realm and of kubectl's sign-in), or for a token of the API (the automation client, or a person's
// token from the console's client). Operators and security officers are asked for a one-time code
// after their password (decision 0028): every way in here answers it from the realm's secret.

export {
  CookieJar,
  DEMO_PASSWORD,
  signInAtKeycloak,
  signInThroughConsole,
  type KeycloakFormOptions,
} from './keycloak-form'

/** A redirect URI the realm allows for the console's client (the development server's). */
export const DEV_CALLBACK = 'http://localhost:5173/auth/callback'

/**
 * Signs in to a running console the way a browser does: its /auth/login, Keycloak's form, its
 * callback. Returns the console's cookies. `publicUrl`: the address the console believes it is
 * published at, where Keycloak must send the browser back.
 */
export async function signInToConsole(
  consoleUrl: string,
  username: string,
  options: { publicUrl?: string; sessionCookie?: string } = {},
): Promise<CookieJar> {
  const { jar, callback } = await signInThroughConsole(consoleUrl, username)
  expect(`${callback.origin}${callback.pathname}`).toBe(`${options.publicUrl ?? consoleUrl}/auth/callback`)
  // A development server's cookie has no __Host- prefix (plain HTTP cannot set a Secure one).
  expect(jar.get(options.sessionCookie ?? '__Host-govcloud')).toBeTruthy()
  return jar
}

/**
 * Signs in on Keycloak's own login form in Chromium, where the console has just sent `page`, and
 * waits to be back on the console. (Needs the console on a redirect URI the realm allows.)
 */
export async function signInInBrowser(
  page: Page,
  input: { keycloakOrigin: string; consoleUrl: string; username: string },
): Promise<void> {
  await page.waitForURL((url) => url.origin === input.keycloakOrigin, { timeout: 15_000 })
  if (!/\/realms\/[^/]+\/protocol\/openid-connect\/auth$/.test(new URL(page.url()).pathname)) {
    throw new Error(`expected Keycloak's login page, got ${page.url()}`)
  }
  await page.locator('#username').fill(input.username)
  await page.locator('#password').fill(DEMO_PASSWORD)
  const backOnConsole = (url: URL) => url.origin === input.consoleUrl
  await page.locator('#kc-login').click()
  const otp = page.locator('#kc-otp-login-form input[name="otp"]')
  const next = await Promise.race([
    page.waitForURL(backOnConsole, { timeout: 15_000 }).then(() => 'console' as const),
    otp.waitFor({ timeout: 15_000 }).then(() => 'otp' as const),
  ]).catch(() => 'neither' as const)
  if (next === 'neither') throw new Error(`${input.username} neither got back to the console nor to a one-time code`)
  if (next === 'otp') await answerOneTimeCode(page, { code: totpFor(input.username), consoleUrl: input.consoleUrl })
}

/** Fills Keycloak's one-time-code form with `code` and waits to be back on the console. */
export async function answerOneTimeCode(page: Page, input: { code: string; consoleUrl: string }): Promise<void> {
  await page.locator('#kc-otp-login-form input[name="otp"]').fill(input.code)
  await Promise.all([
    page.waitForURL((url) => url.origin === input.consoleUrl, { timeout: 15_000 }),
    page.locator('#kc-otp-login-form [type="submit"]').click(),
  ])
}

export const Discovery = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  jwks_uri: z.string(),
  userinfo_endpoint: z.string(),
  code_challenge_methods_supported: z.array(z.string()),
})
export type Discovery = z.infer<typeof Discovery>

/** The realm's OpenID discovery document, checked to name `issuer`. */
export async function discover(issuer: string, fetcher: Fetch = fetch): Promise<Discovery> {
  const res = await fetcher(`${issuer}/.well-known/openid-configuration`)
  expect(res.status).toBe(200)
  const discovery = Discovery.parse(await res.json())
  expect(discovery.issuer).toBe(issuer)
  return discovery
}

export const TokenSet = z.object({
  access_token: z.string(),
  id_token: z.string().optional(),
  refresh_token: z.string().optional(),
  token_type: z.string(),
  expires_in: z.number(),
})
export type TokenSet = z.infer<typeof TokenSet>

export interface PkceClient {
  readonly id: string
  /** A confidential client's secret, sent with HTTP Basic; none for a public client (kubectl's). */
  readonly secret?: string
  readonly redirectUri: string
}

const b64url = (bytes: Buffer) => bytes.toString('base64url')

/**
 * Authorisation code + PKCE S256 by hand, as a relying party runs it (the console's server,
 * kubelogin): open the authorisation endpoint, sign in on Keycloak's form, check what comes back
 * to the redirect URI, redeem the code with the verifier. Returns the tokens and Keycloak's cookies.
 */
export async function signInWithPkce(input: {
  issuer: string
  username: string
  client: PkceClient
  scope?: string
  fetcher?: Fetch
  /** The one-time code to answer with, when Keycloak asks (the current one by default). */
  otp?: string
}): Promise<TokenSet & { browser: CookieJar }> {
  const fetcher = input.fetcher ?? fetch
  const discovery = await discover(input.issuer, fetcher)
  const verifier = b64url(randomBytes(32))
  const state = b64url(randomBytes(16))
  const nonce = b64url(randomBytes(16))
  const auth = new URL(discovery.authorization_endpoint)
  auth.search = new URLSearchParams({
    client_id: input.client.id,
    response_type: 'code',
    redirect_uri: input.client.redirectUri,
    scope: input.scope ?? 'openid profile',
    state,
    nonce,
    code_challenge: b64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  }).toString()
  const browser = new CookieJar()
  const back = await signInAtKeycloak(auth, input.username, {
    fetcher,
    jar: browser,
    ...(input.otp ? { otp: input.otp } : {}),
  })
  const redirect = input.client.redirectUri.replace(/\/$/, '')
  expect(`${back.origin}${back.pathname}`.replace(/\/$/, ''), `where ${input.username} is sent back`).toBe(redirect)
  expect(back.searchParams.get('state')).toBe(state)
  expect(back.searchParams.get('iss')).toBe(input.issuer)
  const code = back.searchParams.get('code')
  expect(code).toBeTruthy()
  const { secret } = input.client
  const res = await fetcher(discovery.token_endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(secret ? { authorization: basicAuth(input.client.id, secret) } : {}),
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: code!,
      redirect_uri: input.client.redirectUri,
      code_verifier: verifier,
      ...(secret ? {} : { client_id: input.client.id }),
    }),
  })
  const body: unknown = await res.json()
  expect(res.status, JSON.stringify(body)).toBe(200)
  const tokens = TokenSet.parse(body)
  expect(decodeJwt(tokens.id_token!).nonce).toBe(nonce)
  return { ...tokens, browser }
}

/** HTTP Basic client authentication (RFC 6749 §2.3.1: each part form-encoded first). */
export const basicAuth = (clientId: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`

const cache = new Map<string, { token: string; exp: number }>()

async function cached(key: string, fetchToken: () => Promise<string>): Promise<string> {
  const hit = cache.get(key)
  // Keycloak's access tokens live five minutes: take a new one when less than a minute is left.
  if (hit && hit.exp * 1000 - Date.now() > 60_000) return hit.token
  const token = await fetchToken()
  cache.set(key, { token, exp: decodeJwt(token).exp ?? 0 })
  return token
}

/** The `govcloud-automation` service account's token: agency staff of so-tc, audience govcloud-api. */
export function automationToken(): Promise<string> {
  return cached('automation', newAutomationToken)
}

/**
 * Another token of the same service account, never one handed out before (automationToken reuses
 * its). `setting` reads another stack's Keycloak (a fault test's private one); the shared by default.
 */
export async function newAutomationToken(setting: (key: string) => string = requireStackSetting): Promise<string> {
  return (await automationClientToken(setting)).accessToken
}

/**
 * A demo person's access token from the console's client (audience govcloud-console), got by
 * signing in on Keycloak's real login form: the only way the realm hands out operators' tokens.
 */
export function consoleUserToken(username: string): Promise<string> {
  return cached(`user:${username}`, async () => {
    const oidc = await createOidcClient({
      issuer: requireStackSetting('OIDC_ISSUER'),
      clientId: requireStackSetting('OIDC_CLIENT_ID'),
      clientSecret: requireStackSetting('OIDC_CLIENT_SECRET'),
    })
    const { url, pending } = await oidc.beginLogin({ redirectUri: DEV_CALLBACK, returnTo: '/' })
    const callback = await signInAtKeycloak(url, username)
    return (await oidc.completeLogin(callback, pending)).accessToken
  })
}
