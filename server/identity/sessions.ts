import { createHash, randomBytes } from 'node:crypto'
import type { Db } from '../db/client'
import type { Identity } from './claims'
import { identityOf, type TokenClaims } from './claims'
import type { OidcClient, PendingLogin, TokenSet } from './oidc'
import type { Principal } from './principal'
import type { TokenVault } from './token-vault'
import { agencyIdsFor, upsertUser } from './users'

// Server-side sessions (backend for frontend): the cookie holds a random token, the row holds
// who it is and Keycloak's tokens (sealed). Refresh tokens are rotated here, never in the browser.

export const SESSION_MAX_AGE_MS = 10 * 3600_000 // a working day
export const SESSION_IDLE_MS = 30 * 60_000 // Keycloak's SSO idle timeout in the realm
const PENDING_LOGIN_MS = 10 * 60_000

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex')

export type SessionDeps = { db: Db; oidc: OidcClient; vault: TokenVault; now?: () => Date }

export async function savePendingLogin(db: Db, pending: PendingLogin): Promise<void> {
  await db.pendingLogin.create({ data: pending })
  // Sweep abandoned logins now and then, not on every request.
  if (Math.random() < 0.05)
    await db.pendingLogin.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - PENDING_LOGIN_MS) } } })
}

export type NewSession = { token: string; principal: Principal; returnTo: string }

/** Finishes a login: exchanges the code, records the user, opens a session. */
export async function openSession(
  deps: SessionDeps,
  input: { callbackUrl: URL; state: string; origin: { ip: string | null; userAgent: string | null } },
): Promise<NewSession | null> {
  const now = deps.now?.() ?? new Date()
  const pending = await deps.db.$transaction(async (tx) => {
    const row = await tx.pendingLogin.findUnique({ where: { state: input.state } })
    if (!row) return null
    await tx.pendingLogin.delete({ where: { state: input.state } })
    return row.createdAt.getTime() + PENDING_LOGIN_MS < now.getTime() ? null : row
  })
  if (!pending) return null
  const tokens = await deps.oidc.completeLogin(input.callbackUrl, pending)
  const identity = identityOf(claimsOf(tokens))
  if (!identity) return null
  const token = randomBytes(32).toString('base64url')
  const principal = await deps.db.$transaction(async (tx) => {
    const user = await upsertUser(tx, identity, { seenAt: now })
    await tx.session.create({
      data: {
        id: hashToken(token),
        userId: user.id,
        roles: identity.roles,
        agencyCodes: identity.agencyCodes,
        ...sealed(deps.vault, tokens),
        expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_MS),
        lastSeenAt: now,
        sourceIp: input.origin.ip,
        userAgent: input.origin.userAgent?.slice(0, 500) ?? null,
      },
    })
    return principalOf(user.id, identity, await agencyIdsFor(tx, identity.agencyCodes))
  })
  return { token, principal, returnTo: pending.returnTo }
}

export type SessionLookup =
  { status: 'active'; principal: Principal; sessionId: string } | { status: 'none' | 'expired' }

/**
 * The principal behind a cookie token. An idle, expired or revoked session is over; an access
 * token near its end is refreshed (the refresh token rotates), and a refusal from Keycloak (the
 * user was disabled, or signed out elsewhere) ends the session too.
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
  }
  let agencyIds = session.agencyIds
  if (session.accessExpiresAt.getTime() - 30_000 <= now.getTime()) {
    const refreshed = await refreshSession(deps, id, now)
    if (!refreshed) return { status: 'expired' }
    identity = refreshed
    agencyIds = await agencyIdsFor(deps.db, identity.agencyCodes) // the refresh may have moved them
  } else if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
    await deps.db.session.update({ where: { id }, data: { lastSeenAt: now } })
  }
  return { status: 'active', principal: principalOf(session.userId, identity, agencyIds), sessionId: id }
}

type SessionRow = {
  userId: string
  roles: string[]
  agencyCodes: string[]
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
 * decision 0015). The agencies are worked out exactly as agencyIdsFor does (users.ts): an agency
 * merged into another stands for that one, and each reaches its children; its test checks they agree.
 */
async function readSession(db: Db, id: string) {
  const rows = await db.$queryRaw<SessionRow[]>`
    SELECT s."userId"::text AS "userId", s."roles", s."agencyCodes", s."accessExpiresAt", s."expiresAt", s."lastSeenAt", s."revokedAt",
           u."subject", u."username", u."displayName", u."email",
           ARRAY(
             WITH RECURSIVE named AS (
               SELECT COALESCE(a."mergedIntoId", a."id") AS id FROM "Agency" a WHERE a."code" = ANY(s."agencyCodes")
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

/**
 * Refresh tokens are single-use in the realm, so two requests (or two console replicas) must not
 * both spend the same one: the loser's refusal would end a perfectly good session. The row is
 * locked for the exchange; whoever waited finds it refreshed and uses the result.
 */
async function refreshSession(deps: SessionDeps, id: string, now: Date): Promise<Identity | null> {
  return deps.db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "Session" WHERE "id" = ${id} FOR UPDATE`
      const row = await tx.session.findUnique({
        where: { id },
        select: {
          refreshToken: true,
          accessExpiresAt: true,
          revokedAt: true,
          roles: true,
          agencyCodes: true,
          user: { select: { subject: true, username: true, displayName: true, email: true } },
        },
      })
      if (!row || row.revokedAt) return null
      if (row.accessExpiresAt.getTime() - 30_000 > now.getTime()) {
        return { ...row.user, roles: row.roles as Identity['roles'], agencyCodes: row.agencyCodes } // refreshed meanwhile
      }
      try {
        if (!row.refreshToken) throw new Error('no refresh token')
        const tokens = await deps.oidc.refresh(deps.vault.open(row.refreshToken))
        const identity = identityOf(claimsOf(tokens))
        if (!identity) throw new Error('refreshed token has no subject')
        await tx.session.update({
          where: { id },
          data: {
            ...sealed(deps.vault, tokens),
            roles: identity.roles,
            agencyCodes: identity.agencyCodes,
            lastSeenAt: now,
          },
        })
        return identity
      } catch {
        await tx.session.update({ where: { id }, data: { revokedAt: now } })
        return null
      }
    },
    { timeout: 20_000 },
  )
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

function sealed(vault: TokenVault, tokens: TokenSet) {
  return {
    accessToken: vault.seal(tokens.accessToken),
    refreshToken: tokens.refreshToken ? vault.seal(tokens.refreshToken) : null,
    idToken: tokens.idToken ? vault.seal(tokens.idToken) : null,
    accessExpiresAt: tokens.accessExpiresAt,
  }
}

/**
 * Roles and groups are in the access token (the ID token may carry them too); read both. The
 * access token came straight from Keycloak's token endpoint over the back channel, in the same
 * response as the ID token openid-client has verified, so its payload is read without re-verifying.
 */
function claimsOf(tokens: TokenSet): TokenClaims {
  const access = decodePayload(tokens.accessToken)
  return { ...tokens.claims, ...access }
}

function decodePayload(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1]
  if (!part) return {}
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>
  } catch {
    return {}
  }
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
  }
}
