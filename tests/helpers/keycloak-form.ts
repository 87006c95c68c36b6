import type { Fetch } from './https-fetch'
import { requireStackSetting } from './stack-env'
import { totpFor } from './totp'

// Keycloak's own login form, filled in with fetch and a cookie jar, free of Vitest so that the
// benchmarks can sign in too (bench/first-run.ts). tests/helpers/sign-in.ts builds on it.

export const DEMO_PASSWORD = 'demo-local-only'

export class CookieJar {
  private readonly cookies = new Map<string, string>()
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? ''
      const eq = pair.indexOf('=')
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim())
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }
  get(name: string): string | undefined {
    return this.cookies.get(name)
  }
  /** Every cookie as [name, value], e.g. to hand them to a browser. */
  entries(): [string, string][] {
    return [...this.cookies]
  }
}

const unescapeHtml = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")

export interface KeycloakFormOptions {
  readonly password?: string
  /** Replaces the global fetch, e.g. one trusting the stack's CA for Keycloak's HTTPS listener. */
  readonly fetcher?: Fetch
  /** Keeps Keycloak's cookies (its SSO session), for a test that signs out at Keycloak later. */
  readonly jar?: CookieJar
  /** The one-time code to give if Keycloak asks for one; the realm's current code for the user by default. */
  readonly otp?: string
}

/**
 * Opens an authorisation URL, signs in as `username` on Keycloak's form and returns where
 * Keycloak sends the browser back (the client's redirect URI with code and state).
 */
export async function signInAtKeycloak(
  authorizationUrl: URL,
  username: string,
  options: KeycloakFormOptions = {},
): Promise<URL> {
  const fetcher = options.fetcher ?? fetch
  const jar = options.jar ?? new CookieJar()
  const page = await fetcher(authorizationUrl, { redirect: 'manual' })
  if (page.status !== 200) throw new Error(`Keycloak login page answered ${page.status}`)
  jar.store(page)
  const action = /<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"/.exec(await page.text())?.[1]
  if (!action) throw new Error('no login form on the Keycloak page')
  const form = (url: string, fields: Record<string, string>) =>
    fetcher(unescapeHtml(url), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
      body: new URLSearchParams(fields),
    })
  let posted = await form(action, { username, password: options.password ?? DEMO_PASSWORD, credentialId: '' })
  jar.store(posted)
  if (posted.status === 200) {
    // The second step of the realm's browser flow: a one-time code, for the roles that need one.
    const html = await posted.text()
    const otpAction = /<form[^>]*id="kc-otp-login-form"[^>]*action="([^"]+)"/.exec(html)?.[1]
    if (!otpAction) {
      // Keycloak's own words say why (a wrong password, or an account locked for a while by
      // the realm's brute-force protection after other clients' failed attempts).
      const why = /id="input-error[^"]*"[^>]*>\s*([^<]+)|kc-feedback-text[^>]*>\s*([^<]+)/.exec(html)
      const said = unescapeHtml((why?.[1] ?? why?.[2] ?? '').trim())
      throw new Error(`sign-in of ${username} failed: Keycloak showed its form again${said ? ` (${said})` : ''}`)
    }
    posted = await form(otpAction, { otp: options.otp ?? totpFor(username) })
    jar.store(posted)
  }
  const location = posted.headers.get('location')
  if (posted.status !== 302 || !location) throw new Error(`sign-in of ${username} failed (${posted.status})`)
  return new URL(location)
}

/**
 * Signs in to a running console the way a browser does (its /auth/login, Keycloak's form, its
 * callback) and returns the console's cookies and where Keycloak sent the browser back; throws,
 * saying which step, when one answers otherwise. `headers` go with the console's two requests (a bench's X-Forwarded-For: each person
 * at a desk of their own, as the console's sign-in limit counts per client address).
 */
export async function signInThroughConsole(
  consoleUrl: string,
  username: string,
  headers: Record<string, string> = {},
): Promise<{ jar: CookieJar; callback: URL }> {
  const start = await fetch(`${consoleUrl}/auth/login?returnTo=%2F`, { redirect: 'manual', headers })
  const location = start.headers.get('location')
  if (start.status !== 302 || !location) throw new Error(`the console's /auth/login answered ${start.status}`)
  // The login binding cookie (decision 0027): only this "browser" may finish the login.
  const jar = new CookieJar()
  jar.store(start)
  const callback = await signInAtKeycloak(new URL(location), username)
  const back = await fetch(`${consoleUrl}${callback.pathname}${callback.search}`, {
    redirect: 'manual',
    headers: { ...headers, cookie: jar.header() },
  })
  if (back.status !== 302) throw new Error(`the console's callback answered ${back.status}: ${await back.text()}`)
  jar.store(back)
  return { jar, callback }
}

/**
 * A new token of the `govcloud-automation` service account (client credentials, as an agency's
 * script gets one): agency staff of so-tc, audience govcloud-api; `expiresIn` in seconds. `setting`
 * reads another stack's Keycloak (a fault test's private one).
 */
export async function automationClientToken(
  setting: (key: string) => string = requireStackSetting,
): Promise<{ accessToken: string; expiresIn: number }> {
  const res = await fetch(`${setting('OIDC_ISSUER')}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: setting('KEYCLOAK_AUTOMATION_CLIENT_ID'),
      client_secret: setting('KEYCLOAK_AUTOMATION_CLIENT_SECRET'),
    }),
  })
  const body = (await res.json()) as { access_token?: unknown; expires_in?: unknown }
  if (res.status !== 200 || typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
    throw new Error(`Keycloak's token endpoint answered ${res.status}: ${JSON.stringify(body)}`)
  }
  return { accessToken: body.access_token, expiresIn: body.expires_in }
}
