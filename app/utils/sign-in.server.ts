import { data, redirect } from '@remix-run/node'
import { recordAudit } from '#server/audit/log'
import { hasNoAccess } from '#server/identity/principal'
import { rateLimitsOf } from '#server/config/rate-limits'
import { createRateLimiter, type RateLimiter } from '#server/identity/rate-limit'
import { createSharedRateLimiter, type SharedRateLimiter } from '#server/identity/rate-limit-shared'
import { closeSession, hashToken, openSession, savePendingLogin, type SessionDeps } from '#server/identity/sessions'
import { optionalPrincipal, sessionDeps } from './auth.server'
import { clientIp, requestOrigin } from './client-origin.server'
import { requireSameOrigin } from './csrf.server'
import { getDb } from './db.server'
import { getEnv } from './env.server'
import { safeRedirectPath } from './safe-redirect'
import { clearedSessionCookieHeader, readSessionToken, sessionCookieHeader } from './session-cookie.server'

// Signing in and out (decision 0006) for the /auth/* routes: the authorisation-code flow with
// PKCE, the problem pages, the session cookie, RP-initiated logout and the rate limits of
// decision 0007.

/** `<PUBLIC_URL>/auth/callback`: one of the redirect URIs the realm's console client allows. */
export function callbackUri(): string {
  return `${getEnv().PUBLIC_URL}/auth/callback`
}

export type SignInProblem = 'denied' | 'failed' | 'tooMany' | 'unavailable'

/** A sign-in page that explains what went wrong and offers to start again. */
export function signInProblem(problem: SignInProblem, status: number, retryAfterSeconds?: number) {
  return data(
    { problem, retryAfterSeconds: retryAfterSeconds ?? null },
    {
      status,
      headers: {
        'Cache-Control': 'no-store',
        ...(retryAfterSeconds ? { 'Retry-After': String(retryAfterSeconds) } : {}),
      },
    },
  )
}

// Per client, in PostgreSQL so that the limit holds across every console process (decision 0031;
// SIGN_IN_RATE_LIMIT_*, server/config/rate-limits.ts); then a ceiling per process, in memory, for a
// flood spread over many addresses.
const OVERALL = { burst: 300, perMinute: 600 }
const overall: Record<'login' | 'callback', RateLimiter> = {
  login: createRateLimiter(OVERALL),
  callback: createRateLimiter(OVERALL),
}
let perClient: SharedRateLimiter | undefined

/** Takes a token for this client from the endpoint's buckets; null when allowed, else the wait. */
export async function rateLimited(endpoint: 'login' | 'callback', request: Request): Promise<number | null> {
  perClient ??= createSharedRateLimiter(getDb(), rateLimitsOf(getEnv()).signInPerClient)
  const client = await perClient.take(`sign-in:${endpoint}:${clientIp(request) ?? 'unknown'}`)
  if (!client.allowed) return client.retryAfterSeconds
  const ceiling = overall[endpoint].take('all')
  return ceiling.allowed ? null : ceiling.retryAfterSeconds
}

async function depsOrNull(): Promise<SessionDeps | null> {
  try {
    return await sessionDeps()
  } catch (error) {
    console.error('sign-in: the OIDC provider could not be reached:', error)
    return null
  }
}

/** Only same-site paths, and never back into the sign-in routes themselves. */
function returnPath(value: string | null | undefined): string {
  const path = safeRedirectPath(value)
  return path.startsWith('/auth/') ? '/' : path
}

/**
 * GET /auth/login?returnTo=/path: the verifier, state and nonce wait in a PendingLogin row; the
 * browser goes to Keycloak's login page and comes back to /auth/callback. Someone already signed
 * in goes straight to returnTo.
 */
export async function startLogin(request: Request) {
  const wait = await rateLimited('login', request)
  if (wait !== null) return signInProblem('tooMany', 429, wait)
  const returnTo = returnPath(new URL(request.url).searchParams.get('returnTo'))
  if (await optionalPrincipal(request)) throw redirect(returnTo)
  const deps = await depsOrNull()
  if (!deps) return signInProblem('unavailable', 503)
  const { url, pending } = await deps.oidc.beginLogin({ redirectUri: callbackUri(), returnTo })
  await savePendingLogin(deps.db, pending)
  throw redirect(url.href, { headers: { 'Cache-Control': 'no-store' } })
}

/**
 * GET /auth/callback?code=…&state=…: the state must name a pending login of this console (single
 * use, ten minutes); the code is exchanged with the PKCE verifier over the back channel; the
 * person's row is created or updated and a session opened. Rate-limited per client: every call
 * costs a database lookup and perhaps a call to Keycloak, and forged callbacks are cheap to send.
 */
export async function finishLogin(request: Request) {
  const wait = await rateLimited('callback', request)
  if (wait !== null) return signInProblem('tooMany', 429, wait)
  const url = new URL(request.url)
  const state = url.searchParams.get('state')
  const error = url.searchParams.get('error')
  if (state !== null && state.length > 200) return signInProblem('failed', 400)
  const deps = await depsOrNull()
  if (!deps) return signInProblem('unavailable', 503)
  if (error !== null) {
    // The person cancelled, or the realm refused them (access_denied, login_required…).
    if (state) await deps.db.pendingLogin.deleteMany({ where: { state } })
    return signInProblem(error === 'access_denied' ? 'denied' : 'failed', 400)
  }
  if (!state || !url.searchParams.get('code')) return signInProblem('failed', 400)

  // The redirect URI as Keycloak knows it (PUBLIC_URL), whatever host a proxy forwarded to us.
  const callbackUrl = new URL(`/auth/callback${url.search}`, getEnv().PUBLIC_URL)
  const origin = requestOrigin(request)
  let session
  try {
    session = await openSession(deps, { callbackUrl, state, origin })
  } catch (cause) {
    // A code already used or expired, a nonce or issuer mismatch: all refused by openid-client.
    console.warn('sign-in: the callback was refused:', cause instanceof Error ? cause.message : cause)
    return signInProblem('failed', 400)
  }
  if (!session) return signInProblem('failed', 400)

  const { principal } = session
  await recordAudit(deps.db, {
    actor: { id: principal.userId, label: principal.displayName },
    action: 'session.open',
    entityType: 'user',
    entityId: principal.userId,
    after: { username: principal.username, roles: principal.roles, agencyIds: principal.agencyIds },
    origin,
  })
  const target = hasNoAccess(principal) ? '/no-access' : returnPath(session.returnTo)
  throw redirect(target, {
    headers: { 'Set-Cookie': await sessionCookieHeader(session.token), 'Cache-Control': 'no-store' },
  })
}

/**
 * POST /auth/logout: revokes the session row, clears the cookie, then sends the browser to
 * Keycloak's end-session endpoint with the ID token as hint so the single sign-on session ends
 * too (RP-initiated logout); Keycloak sends it back to the console's home. Origin-checked.
 */
export async function signOut(request: Request) {
  requireSameOrigin(request, { page: false })
  const deps = await sessionDeps()
  const token = await readSessionToken(request)
  const session = token
    ? await deps.db.session.findUnique({
        where: { id: hashToken(token) },
        select: { userId: true, revokedAt: true, user: { select: { displayName: true } } },
      })
    : null
  const { idToken } = await closeSession(deps, token)
  if (session && !session.revokedAt) {
    await recordAudit(deps.db, {
      actor: { id: session.userId, label: session.user.displayName },
      action: 'session.close',
      entityType: 'user',
      entityId: session.userId,
      origin: requestOrigin(request),
    })
  }
  const keycloak = deps.oidc.logoutUrl({ idToken, postLogoutRedirectUri: `${getEnv().PUBLIC_URL}/` })
  return redirect(keycloak.href, {
    headers: { 'Set-Cookie': await clearedSessionCookieHeader(), 'Cache-Control': 'no-store' },
  })
}
