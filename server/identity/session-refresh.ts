import { randomBytes } from 'node:crypto'
import { recordAudit, type Actor } from '../audit/log'
import type { Db } from '../db/client'
import { identityOf, type Identity } from './claims'
import { OidcUnavailable, type OidcClient, type TokenSet } from './oidc'
import { claimsOf, sealedTokens } from './session-tokens'
import type { TokenVault } from './token-vault'
import { log } from '../observability/log'

// Refreshing a session's tokens at Keycloak (decision 0028). Refresh tokens are single-use in the
// realm, so two requests (or two console replicas) must not both spend one: the loser's refusal
// would end a good session. Instead of a row lock held while Keycloak answers (a stopped Keycloak
// then held the lock, and every request of the session behind it, for as long as it hung), a
// request claims the refresh with a lease in one short UPDATE, calls Keycloak with nothing held,
// and writes the result back only if its lease still stands. Whoever finds the lease taken goes on
// with what the row holds; the access token is not used for anything but the next refresh.

export const REFRESH_MARGIN_MS = 30_000
/** Longer than a refresh can take (discovery and the token call, each with its own timeout). */
const LEASE_MS = 30_000
/** After Keycloak could not be reached, the session is not tried again for this long. */
const RETRY_AFTER_UNAVAILABLE_MS = 15_000

type RefreshDeps = { db: Db; oidc: OidcClient; vault: TokenVault }

/**
 * `refreshed`: new tokens and the identity they carry. `kept`: nothing changed (another request
 * holds the refresh, or Keycloak could not be reached); the session goes on until its own limits.
 * `ended`: Keycloak refused (the person was disabled or signed out there), so the session is over.
 */
type RefreshOutcome = { status: 'refreshed'; identity: Identity } | { status: 'kept' } | { status: 'ended' }

export async function refreshSession(
  deps: RefreshDeps,
  session: { id: string; actor: Actor },
  now: Date,
): Promise<RefreshOutcome> {
  const lease = randomBytes(12).toString('base64url')
  const claimed = await claimRefresh(deps.db, session.id, lease, now)
  if (!claimed) return { status: 'kept' }
  let tokens: TokenSet
  try {
    if (!claimed.refreshToken) throw new Error('the session has no refresh token')
    tokens = await deps.oidc.refresh(deps.vault.open(claimed.refreshToken))
  } catch (error) {
    if (error instanceof OidcUnavailable) {
      log.warn({ err: error }, 'session refresh: Keycloak unavailable, the session goes on')
      await releaseLease(deps.db, session.id, lease, new Date(now.getTime() + RETRY_AFTER_UNAVAILABLE_MS))
      return { status: 'kept' }
    }
    return endSession(deps.db, session, lease, now, reasonOf(error))
  }
  const identity = identityOf(claimsOf(tokens))
  if (!identity) return endSession(deps.db, session, lease, now, 'no_subject')
  const saved = await deps.db.session.updateMany({
    where: { id: session.id, refreshLeaseId: lease, revokedAt: null },
    data: {
      ...sealedTokens(deps.vault, tokens),
      roles: identity.roles,
      agencyCodes: identity.agencyCodes,
      authMethods: identity.authMethods,
      lastSeenAt: now,
      refreshLeaseId: null,
      refreshLeaseUntil: null,
    },
  })
  // Signed out (or ended) while Keycloak answered: the new tokens are dropped with the session.
  return saved.count === 1 ? { status: 'refreshed', identity } : { status: 'ended' }
}

/**
 * One UPDATE that takes the refresh if it is due and nobody holds it (and no wait after an outage
 * runs): the row is locked only for that statement. Returns the sealed refresh token, or null.
 */
async function claimRefresh(db: Db, id: string, lease: string, now: Date) {
  const rows = await db.$queryRaw<{ refreshToken: string | null }[]>`
    UPDATE "Session"
       SET "refreshLeaseId" = ${lease}, "refreshLeaseUntil" = ${new Date(now.getTime() + LEASE_MS)}
     WHERE "id" = ${id}
       AND "revokedAt" IS NULL
       AND "accessExpiresAt" <= ${new Date(now.getTime() + REFRESH_MARGIN_MS)}
       AND ("refreshLeaseUntil" IS NULL OR "refreshLeaseUntil" < ${now})
    RETURNING "refreshToken"`
  return rows[0] ?? null
}

function releaseLease(db: Db, id: string, lease: string, retryAt: Date) {
  return db.session.updateMany({
    where: { id, refreshLeaseId: lease },
    data: { refreshLeaseId: null, refreshLeaseUntil: retryAt },
  })
}

/** Keycloak said no: the session ends, and the audit trail says why (issue 12). */
async function endSession(
  db: Db,
  session: { id: string; actor: Actor },
  lease: string,
  now: Date,
  reason: string,
): Promise<RefreshOutcome> {
  const ended = await db.session.updateMany({
    where: { id: session.id, refreshLeaseId: lease, revokedAt: null },
    data: { revokedAt: now, refreshLeaseId: null, refreshLeaseUntil: null },
  })
  if (ended.count === 1) {
    await recordAudit(db, {
      actor: session.actor,
      action: 'session.end',
      entityType: 'user',
      entityId: session.actor.id ?? '',
      after: { reason: 'refresh_refused', detail: reason },
    })
  }
  return { status: 'ended' }
}

/** Keycloak's OAuth error (`invalid_grant`…), or what else went wrong, for the audit entry. */
function reasonOf(error: unknown): string {
  if (error && typeof error === 'object' && 'error' in error && typeof error.error === 'string') return error.error
  return error instanceof Error ? error.message.slice(0, 200) : 'unknown'
}
