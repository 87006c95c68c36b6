import { createHash, randomBytes } from 'node:crypto'
import type { Db } from '../db/client'
import type { Identity } from './claims'
import { identityOf } from './claims'
import type { OidcClient } from './oidc'
import { takePendingLogin, type LoginRefusal } from './pending-logins'
import { usedSecondFactor, type Principal } from './principal'
import { REFRESH_MARGIN_MS, refreshSession } from './session-refresh'
import { claimsOf, sealedTokens } from './session-tokens'
import type { TokenVault } from './token-vault'
import { agencyIdsFor, upsertUser } from './users'

// Server-side sessions (backend for frontend): the cookie holds a random token, the row holds
// who it is and Keycloak's tokens (sealed). Refresh tokens are rotated here (session-refresh.ts),
// never in the browser. Logins in flight and their binding to a browser: pending-logins.ts.

export const SESSION_MAX_AGE_MS = 10 * 3600_000 // a working day
export const SESSION_IDLE_MS = 30 * 60_000 // Keycloak's SSO idle timeout in the realm

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex')

export type SessionDeps = { db: Db; oidc: OidcClient; vault: TokenVault; now?: () => Date }

export type NewSession = { token: string; principal: Principal; returnTo: string }

/** A callback the console would not honour, and why (Keycloak's own refusals throw instead). */
export type OpenSessionResult =
  { status: 'opened'; session: NewSession } | { status: 'refused'; reason: LoginRefusal | 'no_subject' }

/**
 * Finishes a login: takes the pending login (it must have been started by this browser, whose
 * binding the callback brings), exchanges the code, records the user, opens a session.
 */
export async function openSession(
  deps: SessionDeps,
  input: {
    callbackUrl: URL
    state: string
    binding: string | null
    origin: { ip: string | null; userAgent: string | null }
  },
): Promise<OpenSessionResult> {
  const now = deps.now?.() ?? new Date()
  const taken = await takePendingLogin(deps.db, { state: input.state, binding: input.binding, now })
  if (!taken.ok) return { status: 'refused', reason: taken.reason }
  const tokens = await deps.oidc.completeLogin(input.callbackUrl, taken.pending)
  const identity = identityOf(claimsOf(tokens))
  if (!identity) return { status: 'refused', reason: 'no_subject' }
  const token = randomBytes(32).toString('base64url')
  const principal = await deps.db.$transaction(async (tx) => {
    const user = await upsertUser(tx, identity, { seenAt: now })
    await tx.session.create({
      data: {
        id: hashToken(token),
        userId: user.id,
        roles: identity.roles,
        agencyCodes: identity.agencyCodes,
        authMethods: identity.authMethods,
        ...sealedTokens(deps.vault, tokens),
        expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_MS),
        lastSeenAt: now,
        sourceIp: input.origin.ip,
        userAgent: input.origin.userAgent?.slice(0, 500) ?? null,
      },
    })
    return principalOf(user.id, identity, await agencyIdsFor(tx, identity.agencyCodes))
  })
  return { status: 'opened', session: { token, principal, returnTo: taken.pending.returnTo } }
}

export type SessionLookup =
  { status: 'active'; principal: Principal; sessionId: string } | { status: 'none' | 'expired' }

/**
 * The principal behind a cookie token. An idle, expired or revoked session is over; an access
 * token near its end is refreshed (the refresh token rotates), and a refusal from Keycloak (the
 * user was disabled, or signed out elsewhere) ends the session too. Keycloak being unreachable
 * does not: the session goes on with what it holds until its own limits (decision 0028).
 */
export async function resolveSession(deps: SessionDeps, token: string | null): Promise<SessionLookup> {
  if (!token) return { status: 'none' }
  const now = deps.now?.() ?? new Date()
  const id = hashToken(token)
  const session = await readSession(deps.db, id)
  if (!session) return { status: 'none' }
  const idle = session.lastSeenAt.getTime() + SESSION_IDLE_MS < now.getTime()
  if (session.revokedAt || idle || session.expiresAt <= now) {
    if (!session.revokedAt) await deps.db.session.update({ where: { id }, data: { revokedAt: now } })
    return { status: 'expired' }
  }
  let identity: Identity = {
    ...session.user,
    roles: session.roles as Identity['roles'],
    agencyCodes: session.agencyCodes,
    authMethods: session.authMethods,
  }
  let agencyIds = session.agencyIds
  let seen = false
  if (session.accessExpiresAt.getTime() - REFRESH_MARGIN_MS <= now.getTime()) {
    const actor = { id: session.userId, label: session.user.displayName }
    const refreshed = await refreshSession(deps, { id, actor }, now)
    if (refreshed.status === 'ended') return { status: 'expired' }
    if (refreshed.status === 'refreshed') {
      identity = refreshed.identity
      agencyIds = await agencyIdsFor(deps.db, identity.agencyCodes) // the refresh may have moved them
      seen = true
    }
  }
  if (!seen && now.getTime() - session.lastSeenAt.getTime() > 60_000) {
    await deps.db.session.update({ where: { id }, data: { lastSeenAt: now } })
  }
  return { status: 'active', principal: principalOf(session.userId, identity, agencyIds), sessionId: id }
}

type SessionRow = {
  userId: string
  roles: string[]
  agencyCodes: string[]
  authMethods: string[]
  accessExpiresAt: Date
  expiresAt: Date
  lastSeenAt: Date
  revokedAt: Date | null
  subject: string
  username: string
  displayName: string
  email: string
  agencyIds: string[]
}

/**
 * The session row, its person and the agencies its agency codes reach, in one statement (every
 * page view makes this lookup; three round trips were a measurable share of a page's cost,
 * decision 0015). The agencies are worked out exactly as agencyIdsFor does (users.ts): each named
 * agency (a merged one stands for itself alone, decision 0057) and its children; its test checks they agree.
 */
async function readSession(db: Db, id: string) {
  const rows = await db.$queryRaw<SessionRow[]>`
    SELECT s."userId"::text AS "userId", s."roles", s."agencyCodes", COALESCE(s."authMethods", ARRAY[]::text[]) AS "authMethods", s."accessExpiresAt", s."expiresAt", s."lastSeenAt", s."revokedAt",
           u."subject", u."username", u."displayName", u."email",
           ARRAY(
             WITH RECURSIVE named AS (
               SELECT a."id" FROM "Agency" a WHERE a."code" = ANY(s."agencyCodes")
             ), tree AS (
               SELECT id FROM named
               UNION
               SELECT child."id" FROM "Agency" child JOIN tree ON child."parentId" = tree.id
             )
             SELECT id::text FROM tree
           ) AS "agencyIds"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId"
    WHERE s."id" = ${id}`
  const row = rows[0]
  if (!row) return null
  const { subject, username, displayName, email, agencyIds, ...session } = row
  return { ...session, user: { subject, username, displayName, email }, agencyIds: [...agencyIds].sort() }
}

/** Ends the console session; returns the ID token for Keycloak's RP-initiated logout. */
export async function closeSession(deps: SessionDeps, token: string | null): Promise<{ idToken: string | null }> {
  if (!token) return { idToken: null }
  const id = hashToken(token)
  const session = await deps.db.session.findUnique({ where: { id }, select: { idToken: true, revokedAt: true } })
  if (!session) return { idToken: null }
  if (!session.revokedAt)
    await deps.db.session.update({ where: { id }, data: { revokedAt: deps.now?.() ?? new Date() } })
  return { idToken: session.idToken ? deps.vault.open(session.idToken) : null }
}

function principalOf(userId: string, identity: Identity, agencyIds: string[]): Principal {
  return {
    userId,
    subject: identity.subject,
    username: identity.username,
    displayName: identity.displayName,
    roles: identity.roles,
    agencyIds,
    via: 'session',
    secondFactor: usedSecondFactor(identity.authMethods),
  }
}
