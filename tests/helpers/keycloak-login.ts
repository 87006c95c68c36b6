// Drives Keycloak's real login form without a browser (fetch with a cookie jar), for integration
// tests of the console's OIDC code; browser tests use Chromium instead.

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
}

const unescapeHtml = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")

/**
 * Opens an authorisation URL, signs in as `username` on Keycloak's form and returns where
 * Keycloak sends the browser back (the console's callback URL with code and state). `fetcher`
 * replaces the global fetch, e.g. one trusting the stack's CA for Keycloak's HTTPS listener.
 */
export async function signInAtKeycloak(
  authorizationUrl: URL,
  username: string,
  password = DEMO_PASSWORD,
  fetcher: (input: string | URL, init?: RequestInit) => Promise<Response> = fetch,
): Promise<URL> {
  const jar = new CookieJar()
  const page = await fetcher(authorizationUrl, { redirect: 'manual' })
  if (page.status !== 200) throw new Error(`Keycloak login page answered ${page.status}`)
  jar.store(page)
  const action = /<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"/.exec(await page.text())?.[1]
  if (!action) throw new Error('no login form on the Keycloak page')
  const posted = await fetcher(unescapeHtml(action), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams({ username, password, credentialId: '' }),
  })
  const location = posted.headers.get('location')
  if (posted.status !== 302 || !location) throw new Error(`sign-in of ${username} failed (${posted.status})`)
  return new URL(location)
}

/**
 * Signs in to a running console the way a browser does: its /auth/login, Keycloak's form, its
 * callback. Returns the console's cookies; throws naming the step that went wrong.
 */
export async function signInToConsole(consoleUrl: string, username: string): Promise<CookieJar> {
  const start = await fetch(`${consoleUrl}/auth/login?returnTo=%2F`, { redirect: 'manual' })
  const location = start.headers.get('location')
  if (start.status !== 302 || !location) throw new Error(`the console's /auth/login answered ${start.status}`)
  const callback = await signInAtKeycloak(new URL(location), username)
  const back = await fetch(`${consoleUrl}${callback.pathname}${callback.search}`, { redirect: 'manual' })
  if (back.status !== 302) throw new Error(`the console's callback answered ${back.status}: ${await back.text()}`)
  const jar = new CookieJar()
  jar.store(back)
  return jar
}
