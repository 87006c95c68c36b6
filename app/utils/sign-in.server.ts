import { data, redirect } from '@remix-run/node'
import { recordAudit, type Origin } from '#server/audit/log'
import { OidcUnavailable } from '#server/identity/oidc'
import { newLoginBinding, savePendingLogin } from '#server/identity/pending-logins'
import { hasNoAccess } from '#server/identity/principal'
import { rateLimitsOf } from '#server/config/rate-limits'
import { createRateLimiter, type RateLimiter } from '#server/identity/rate-limit'
import { createSharedRateLimiter, type SharedRateLimiter } from '#server/identity/rate-limit-shared'
import { closeSession, hashToken, openSession, type SessionDeps } from '#server/identity/sessions'
import { optionalPrincipal, sessionDeps } from './auth.server'
import { clientIp, requestOrigin } from './client-origin.server'
import { requireSameOrigin } from './csrf.server'
import { getDb } from './db.server'
import { getEnv } from './env.server'
import { safeRedirectPath } from './safe-redirect'
import { log } from '#server/observability/log'
import { signInFailures } from '#server/observability/metrics'
import {
  clearedSessionCookieHeader,
  loginBindingCookieHeader,
  readLoginBinding,
  readSessionToken,
  sessionCookieHeader,
} from './session-cookie.server'

// Signing in and out (decision 0006) for the /auth/* routes: the authorisation-code flow with
// PKCE, each login bound to the browser that started it (decision 0027), the problem pages, the
// session cookie, RP-initiated logout and the rate limits of decision 0007. Keycloak being down
// is a 503 "sign-in is unavailable" page, never an error page, and never keeps anyone signed in
// who asked to sign out (decision 0028).

/** `<PUBLIC_URL>/auth/callback`: one of the redirect URIs the realm's console client allows. */
export function callbackUri(): string {
  return `${getEnv().PUBLIC_URL}/auth/callback`
}

export type SignInProblem = 'denied' | 'failed' | 'tooMany' | 'unavailable'

/** A sign-in page that explains what went wrong and offers to start again. */
export function signInProblem(problem: SignInProblem, status: number, retryAfterSeconds?: number) {
  signInFailures.inc({ problem })
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

/** Only same-site paths, and never back into the sign-in routes themselves. */
function returnPath(value: string | null | undefined): string {
  const path = safeRedirectPath(value)
  return path.startsWith('/auth/') ? '/' : path
}

/** The 503 page for Keycloak being unreachable; browsers may try again in half a minute. */
const unavailable = () => signInProblem('unavailable', 503, 30)

/**
 * GET /auth/login?returnTo=/path: the verifier, state and nonce wait in a PendingLogin row bound
 * to this browser's login cookie; the browser goes to Keycloak's login page and comes back to
 * /auth/callback. Someone already signed in goes straight to returnTo.
 */
export async function startLogin(request: Request) {
  const wait = await rateLimited('login', request)
  if (wait !== null) return signInProblem('tooMany', 429, wait)
  const returnTo = returnPath(new URL(request.url).searchParams.get('returnTo'))
  if (await optionalPrincipal(request)) throw redirect(returnTo)
  const deps = await sessionDeps()
  let started
  try {
    started = await deps.oidc.beginLogin({ redirectUri: callbackUri(), returnTo })
  } catch (error) {
    if (!(error instanceof OidcUnavailable)) throw error
    log.error({ err: error.cause }, 'sign-in: the OIDC provider could not be reached')
    return unavailable()
  }
  // Another login of the same browser (a second tab) shares its binding, so neither undoes the other.
  const binding = (await readLoginBinding(request)) ?? newLoginBinding()
  await savePendingLogin(deps.db, started.pending, binding)
  throw redirect(started.url.href, {
    headers: { 'Set-Cookie': await loginBindingCookieHeader(binding), 'Cache-Control': 'no-store' },
  })
}

/**
 * GET /auth/callback?code=…&state=…: the state must name a pending login of this console (single
 * use, ten minutes) started by this very browser (its login cookie); the code is exchanged with
 * the PKCE verifier over the back channel; the person's row is created or updated and a session
 * opened. A refused callback is audited. Rate-limited per client: every call costs a database
 * lookup and perhaps a call to Keycloak, and forged callbacks are cheap to send.
 */
export async function finishLogin(request: Request) {
  const wait = await rateLimited('callback', request)
  if (wait !== null) return signInProblem('tooMany', 429, wait)
  const url = new URL(request.url)
  const state = url.searchParams.get('state')
  const error = url.searchParams.get('error')
  if (state !== null && state.length > 200) return signInProblem('failed', 400)
  const deps = await sessionDeps()
  if (error !== null) {
    // The person cancelled, or the realm refused them (access_denied, login_required…).
    if (state) await deps.db.pendingLogin.deleteMany({ where: { state } })
    return signInProblem(error === 'access_denied' ? 'denied' : 'failed', 400)
  }
  if (!state || !url.searchParams.get('code')) return signInProblem('failed', 400)

  // The redirect URI as Keycloak knows it (PUBLIC_URL), whatever host a proxy forwarded to us.
  const callbackUrl = new URL(`/auth/callback${url.search}`, getEnv().PUBLIC_URL)
  const origin = requestOrigin(request)
  const binding = await readLoginBinding(request)
  let opened
  try {
    opened = await openSession(deps, { callbackUrl, state, binding, origin })
  } catch (cause) {
    if (cause instanceof OidcUnavailable) return unavailable()
    // A code already used or expired, a nonce or issuer mismatch: all refused by openid-client.
    const detail = cause instanceof Error ? cause.message : String(cause)
    await refuseCallback(deps, { state, reason: 'code_refused', origin, detail })
    return signInProblem('failed', 400)
  }
  if (opened.status === 'refused') {
    await refuseCallback(deps, { state, reason: opened.reason, origin })
    return signInProblem('failed', 400)
  }
  const { principal } = opened.session
  log.info({ userId: principal.userId }, 'sign-in: session opened')
  await recordAudit(deps.db, {
    actor: { id: principal.userId, label: principal.displayName },
    action: 'session.open',
    entityType: 'user',
    entityId: principal.userId,
    after: {
      username: principal.username,
      roles: principal.roles,
      agencyIds: principal.agencyIds,
      secondFactor: principal.secondFactor,
    },
    origin,
  })
  const target = hasNoAccess(principal) ? '/no-access' : returnPath(opened.session.returnTo)
  throw redirect(target, {
    headers: { 'Set-Cookie': await sessionCookieHeader(opened.session.token), 'Cache-Control': 'no-store' },
  })
}

/** Who refused callbacks are recorded as: nobody is signed in yet. */
const ANONYMOUS_BROWSER = { id: null, label: 'Trình duyệt chưa đăng nhập' } as const

/**
 * A callback the console would not honour (another browser's login, an unknown or expired state,
 * a code Keycloak refused), in the audit trail: the state is named by its hash, never itself.
 */
/** A refused callback: a warning for the operators' log, and its audit entry. */
function refuseCallback(deps: SessionDeps, input: { state: string; reason: string; origin: Origin; detail?: string }) {
  log.warn({ reason: input.reason, detail: input.detail }, 'sign-in: the callback was refused')
  return recordAudit(deps.db, {
    actor: ANONYMOUS_BROWSER,
    action: 'session.refused',
    entityType: 'login',
    entityId: hashToken(input.state).slice(0, 16),
    outcome: 'denied',
    after: { reason: input.reason },
    origin: input.origin,
  })
}

/**
 * POST /auth/logout: revokes the session row, clears the cookie, then sends the browser to
 * Keycloak's end-session endpoint with the ID token as hint so the single sign-on session ends
 * too (RP-initiated logout); Keycloak sends it back to the console's home. Origin-checked. The
 * console's session ends whatever Keycloak does; when its address cannot be had, home it is.
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
  const home = `${getEnv().PUBLIC_URL}/`
  const keycloak = await deps.oidc.logoutUrl({ idToken, postLogoutRedirectUri: home })
  return redirect(keycloak?.href ?? '/', {
    headers: { 'Set-Cookie': await clearedSessionCookieHeader(), 'Cache-Control': 'no-store' },
  })
}
