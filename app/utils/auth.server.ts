import { redirect } from '@remix-run/node'
import { recordAudit } from '#server/audit/log'
import { authorise, ofAgency, visibleAgencyIds, PLATFORM, type Action, type Resource } from '#server/identity/authorise'
import { createOidcClient } from '#server/identity/oidc'
import { hasNoAccess, type Principal } from '#server/identity/principal'
import { resolveSession, type SessionDeps, type SessionLookup } from '#server/identity/sessions'
import { createTokenVault } from '#server/identity/token-vault'
import { requestOrigin } from './client-origin.server'
import { requireSameOrigin } from './csrf.server'
import { getDb } from './db.server'
import { getEnv } from './env.server'
import { httpError, notFound, withErrorReference } from './errors.server'
import { translate, type Locale, type MessageKey, type MessageParams } from './i18n.server'
import type { ShellUser } from './i18n'
import { clearedSessionCookieHeader, readSessionToken } from './session-cookie.server'

// Who is asking, for every loader and action (decision 0006): the session cookie names a
// server-side session; no session means Keycloak's login, then back to the page asked for.

export { ofAgency, PLATFORM, visibleAgencyIds, type Action, type Resource } from '#server/identity/authorise'

let deps: Promise<SessionDeps> | undefined

/**
 * The database, the OIDC client and the token vault, built on first use. Nothing here reaches
 * Keycloak: the client discovers it when first needed and again after a failure, so a console
 * started while Keycloak is down still serves everyone whose session needs no refresh.
 */
export function sessionDeps(): Promise<SessionDeps> {
  if (!deps) {
    const env = getEnv()
    deps = createOidcClient({
      issuer: env.OIDC_ISSUER,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      timeoutSeconds: env.OIDC_TIMEOUT_SECONDS,
    }).then((oidc) => ({ db: getDb(), oidc, vault: createTokenVault(env.SESSION_SECRET) }))
  }
  return deps
}

// Refresh tokens are single-use in the realm: two concurrent lookups of one session (the root
// and a route loader, or two tabs) must share one refresh, not race and revoke each other.
const inFlight = new Map<string, Promise<SessionLookup>>()

// One lookup per request, however many times a loader asks (requirePrincipal, then requireAuthorised).
const perRequest = new WeakMap<Request, Promise<SessionLookup>>()

function lookup(request: Request): Promise<SessionLookup> {
  let found = perRequest.get(request)
  if (!found) {
    found = readSessionToken(request).then((token) => {
      if (!token) return { status: 'none' } as const
      let pending = inFlight.get(token)
      if (!pending) {
        pending = sessionDeps()
          .then((d) => resolveSession(d, token))
          .finally(() => inFlight.delete(token))
        inFlight.set(token, pending)
      }
      return pending
    })
    perRequest.set(request, found)
  }
  return found
}

/** `/auth/login?returnTo=<this page>`: the same-site path and query, without Remix's data suffixes. */
export function loginPath(request: Request): string {
  const url = new URL(request.url)
  url.searchParams.delete('_data')
  let path = url.pathname.replace(/\.data$/, '') || '/'
  if (path === '/_root') path = '/'
  const query = url.searchParams.toString()
  return `/auth/login?${new URLSearchParams({ returnTo: `${path}${query ? `?${query}` : ''}` }).toString()}`
}

/** The signed-in person, or null; for the root layout, which also renders for the public pages. */
export async function optionalPrincipal(request: Request): Promise<Principal | null> {
  const found = await lookup(request)
  return found.status === 'active' ? found.principal : null
}

/**
 * The signed-in person. No session (or one that expired or was revoked) → Keycloak's login and
 * back here; signed in but in no agency and with no role → the "ask your administrator" page.
 * A POST (or any non-GET) from another origin is refused with 403 first (decision 0007).
 */
export async function requirePrincipal(request: Request): Promise<Principal> {
  requireSameOrigin(request) // a no-op for GET; every POST that authenticates is origin-checked
  const found = await lookup(request)
  if (found.status !== 'active') {
    throw redirect(loginPath(request), {
      headers: found.status === 'expired' ? { 'Set-Cookie': await clearedSessionCookieHeader() } : {},
    })
  }
  if (hasNoAccess(found.principal)) throw redirect('/no-access')
  return found.principal
}

export type AuthoriseOptions = {
  /** What the denial is about, for the audit entry (default: the route's path). */
  target?: { type: string; id: string }
  /**
   * The page's own "not found" message (e.g. `projects.notFound`), so that another agency's object
   * gets exactly the 404 a missing one gets.
   */
  notFound?: { key: MessageKey; params?: MessageParams }
}

/**
 * The signed-in person, allowed to do `action` on `resource`. A denial is audited, then answered
 * with a 404 for another agency's object (its existence is not theirs to learn) or a 403 when the
 * role (or the second factor the action needs of it) is missing.
 */
export async function requireAuthorised(
  request: Request,
  action: Action,
  resource: Resource,
  { target, notFound }: AuthoriseOptions = {},
): Promise<Principal> {
  const principal = await requirePrincipal(request)
  const verdict = authorise(principal, action, resource)
  if (verdict.allowed) return principal
  const url = new URL(request.url)
  await recordAudit(getDb(), {
    actor: { id: principal.userId, label: principal.displayName },
    action,
    entityType: target?.type ?? 'route',
    entityId: target?.id ?? url.pathname,
    agencyId: resource.kind === 'agency' ? resource.agencyId : null,
    outcome: 'denied',
    after: { reason: verdict.reason, method: request.method, path: url.pathname },
    origin: requestOrigin(request),
  })
  if (verdict.reason === 'other_agency') throw httpError(request, 404, notFound)
  throw httpError(request, 403, {
    key: verdict.reason === 'second_factor' ? 'auth.secondFactorRequired' : 'auth.forbidden',
  })
}

/**
 * For list pages: the person may list `action`'s objects, and these are the agencies to scope the
 * query by (null: every agency, for the data-centre roles).
 */
export async function requireListScope(
  request: Request,
  action: Action,
): Promise<{ principal: Principal; agencyIds: readonly string[] | null }> {
  const principal = await requireAuthorised(request, action, PLATFORM)
  return { principal, agencyIds: visibleAgencyIds(principal, action) }
}

/** Whether the person may do this (for showing or hiding parts of a page; not a gate). */
export function may(principal: Principal, action: Action, resource: Resource = PLATFORM): boolean {
  return authorise(principal, action, resource).allowed
}

/** The signed-in person as the header shows them: name, translated roles, whether they have access. */
export function shellUser(principal: Principal, locale: Locale): ShellUser {
  return {
    username: principal.username,
    displayName: principal.displayName,
    roles:
      principal.roles.length > 0
        ? principal.roles.map((role) => translate(locale, `auth.role.${role}`))
        : [translate(locale, 'auth.role.none')],
    hasAccess: !hasNoAccess(principal),
    reviews: may(principal, 'request.decide'),
    watchesProvisioning: may(principal, 'provisioning.list'),
    readsAudit: may(principal, 'audit.read'),
    readsWaivers: may(principal, 'waiver.list'),
    readsFindings: may(principal, 'findings.read'),
    signsOff: may(principal, 'request.sign_off'),
    managesPolicies: may(principal, 'policy.manage'),
    managesAgencies: may(principal, 'agency.manage'),
    readsStatements: may(principal, 'statement.list'),
  }
}

/**
 * The gate of a page about one object (a project, a request, an agency) and of its actions:
 * signed in first (even a 404 says nothing to a visitor), then the object (`find` answers null
 * for a name that is malformed or names nothing), then `action` authorised on the object's agency,
 * so another agency's staff get exactly the 404 a missing object gets (decision 0007).
 */
export async function requireVisibleObject<T extends { id: string; agencyId: string }>(
  request: Request,
  action: Action,
  object: { type: string; missing: NonNullable<AuthoriseOptions['notFound']>; find: () => Promise<T | null> },
): Promise<{ found: T; principal: Principal }> {
  await requirePrincipal(request)
  const found = await withErrorReference(request, object.find)
  if (found === null) throw notFound(request, object.missing)
  const principal = await requireAuthorised(request, action, ofAgency(found.agencyId), {
    target: { type: object.type, id: found.id },
    notFound: object.missing,
  })
  return { found, principal }
}
