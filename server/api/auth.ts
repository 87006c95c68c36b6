import { recordAudit, type Origin } from '../audit/log'
import type { Db } from '../db/client'
import { authorise, type Action, type Resource, type Verdict } from '../identity/authorise'
import type { BearerFailure, BearerResult, BearerVerifier } from '../identity/bearer'
import type { Identity } from '../identity/claims'
import { usedSecondFactor, type Principal } from '../identity/principal'
import { agencyIdsFor, upsertUser } from '../identity/users'
import { apiProblem, ApiProblem, notFound } from './problem'
import type { ApiProblemCode } from './messages'

// Who is calling: a Keycloak bearer token, verified, then resolved to the console's user row and
// agencies. Everything after this works on a Principal and asks authorise().

export const API_REALM = 'govcloud-api'

const FAILURE_CODE: Readonly<Record<BearerFailure, ApiProblemCode>> = {
  missing: 'auth.token_missing',
  malformed: 'auth.token_malformed',
  expired: 'auth.token_expired',
  wrong_audience: 'auth.token_wrong_audience',
  wrong_issuer: 'auth.token_wrong_issuer',
  bad_signature: 'auth.token_bad_signature',
  no_role: 'auth.no_role',
  unavailable: 'auth.provider_unavailable',
}

/** What RFC 6750 puts in WWW-Authenticate for each refusal (English: it is for programs). */
const FAILURE_DESCRIPTION: Readonly<Record<BearerFailure, string>> = {
  missing: '',
  malformed: 'The access token is malformed',
  expired: 'The access token expired',
  wrong_audience: 'The access token is not for this API (audience)',
  wrong_issuer: 'The access token is from another issuer',
  bad_signature: 'The access token signature is invalid',
  no_role: 'The account holds no console role',
  unavailable: 'The identity provider does not answer',
}

/**
 * The problem for a refused token: 401 with a WWW-Authenticate challenge, or 403 for no role; 503
 * when the realm's keys could not be fetched (nothing is known about the token, decision 0028).
 */
export function bearerProblem(failure: BearerFailure, authorization: string | null): ApiProblem {
  if (failure === 'unavailable') return apiProblem(503, FAILURE_CODE[failure], {}, { 'Retry-After': '30' })
  if (failure === 'no_role') {
    return apiProblem(
      403,
      FAILURE_CODE[failure],
      {},
      {
        'WWW-Authenticate': `Bearer realm="${API_REALM}", error="insufficient_scope", error_description="${FAILURE_DESCRIPTION[failure]}"`,
      },
    )
  }
  if (failure === 'missing') {
    return apiProblem(401, FAILURE_CODE[failure], {}, { 'WWW-Authenticate': `Bearer realm="${API_REALM}"` })
  }
  // Another scheme altogether (Basic…) is a malformed request rather than a bad token.
  const error = failure === 'malformed' && !/^bearer\s/i.test(authorization ?? '') ? 'invalid_request' : 'invalid_token'
  return apiProblem(
    401,
    FAILURE_CODE[failure],
    {},
    {
      'WWW-Authenticate': `Bearer realm="${API_REALM}", error="${error}", error_description="${FAILURE_DESCRIPTION[failure]}"`,
    },
  )
}

/**
 * A verifier that accepts a token meant for any of several audiences: each verifier is tried in
 * turn while the token is refused only for its audience; any other refusal is final.
 */
export function anyAudience(verifiers: readonly BearerVerifier[]): BearerVerifier {
  if (verifiers.length === 0) throw new Error('anyAudience needs at least one verifier')
  return async (authorization) => {
    let result: BearerResult = { ok: false, failure: 'wrong_audience' }
    for (const verify of verifiers) {
      result = await verify(authorization)
      if (result.ok || result.failure !== 'wrong_audience') return result
    }
    return result
  }
}

/** The verified identity behind the request's bearer token (and the token), or the problem refusing it. */
export async function verifyCaller(
  verifyBearer: BearerVerifier,
  request: Request,
): Promise<{ identity: Identity; token: string }> {
  const authorization = request.headers.get('authorization')
  const verified = await verifyBearer(authorization)
  if (!verified.ok) throw bearerProblem(verified.failure, authorization)
  return { identity: verified.identity, token: authorization ?? '' }
}

/**
 * The caller as a principal: the user row is created or refreshed from the token, agencies come
 * from its groups (and the agencies below them).
 */
export async function principalOf(db: Db, identity: Identity, now: Date): Promise<Principal> {
  return db.$transaction(async (tx) => {
    const user = await upsertUser(tx, identity, { seenAt: now })
    const agencyIds = await agencyIdsFor(tx, identity.agencyCodes)
    return {
      userId: user.id,
      subject: identity.subject,
      username: identity.username,
      displayName: identity.displayName,
      roles: identity.roles,
      agencyIds,
      via: 'token' as const,
      secondFactor: usedSecondFactor(identity.authMethods),
    }
  })
}

export type Guard = {
  db: Db
  principal: Principal
  origin: Origin
}

export type Target = { entityType: string; entityId: string; agencyId: string | null }

/** Writes the refusal to the audit log (its own transaction: the refused change writes nothing). */
export async function auditDenial(guard: Guard, action: string, target: Target, reason: string): Promise<void> {
  await recordAudit(guard.db, {
    actor: { id: guard.principal.userId, label: guard.principal.displayName },
    action,
    entityType: target.entityType,
    entityId: target.entityId,
    agencyId: target.agencyId,
    outcome: 'denied',
    after: { reason, via: 'api', roles: guard.principal.roles },
    origin: guard.origin,
  })
}

/**
 * authorise() for an operation: a refusal is audited and answered with 403, except that an
 * object of an agency the caller cannot see is answered 404, exactly as if it did not exist
 * (`hideOtherAgency`), so the API does not confirm what other agencies have.
 */
export async function requireAllowed(
  guard: Guard,
  action: Action,
  resource: Resource,
  target: Target,
  options: { hideOtherAgency: boolean; notFound?: () => ApiProblem },
): Promise<void> {
  const verdict: Verdict = authorise(guard.principal, action, resource)
  if (verdict.allowed) return
  await auditDenial(guard, action, target, verdict.reason)
  if (verdict.reason === 'other_agency' && options.hideOtherAgency) throw (options.notFound ?? notFound)()
  throw apiProblem(403, verdict.reason === 'second_factor' ? 'auth.second_factor_required' : 'api.forbidden')
}
