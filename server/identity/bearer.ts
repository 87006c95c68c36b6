import { createRemoteJWKSet, errors, jwtVerify } from 'jose'
import { identityOf, type Identity } from './claims'

// Bearer tokens for the REST API: Keycloak access tokens, checked for signature (the realm's
// JWKS), issuer, audience and expiry before anything in them is believed. When the realm's keys
// cannot be fetched (Keycloak down or slow), nothing is said about the token: `unavailable`, which
// the API answers with 503, not 401 (decision 0028).

export type BearerFailure =
  'missing' | 'malformed' | 'expired' | 'wrong_issuer' | 'wrong_audience' | 'bad_signature' | 'no_role' | 'unavailable'
export type BearerResult = { ok: true; identity: Identity } | { ok: false; failure: BearerFailure }

export type BearerVerifier = (authorization: string | null) => Promise<BearerResult>

export function createBearerVerifier(settings: {
  issuer: string
  audience: string
  jwksUrl?: string
  now?: () => Date
}): BearerVerifier {
  const jwks = createRemoteJWKSet(new URL(settings.jwksUrl ?? `${settings.issuer}/protocol/openid-connect/certs`))
  return async (authorization) => {
    const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(authorization ?? '')
    if (!authorization) return { ok: false, failure: 'missing' }
    if (!match?.[1]) return { ok: false, failure: 'malformed' }
    try {
      const { payload } = await jwtVerify(match[1], jwks, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ['RS256', 'ES256', 'PS256'],
        currentDate: settings.now?.(),
      })
      const identity = identityOf(payload)
      if (!identity) return { ok: false, failure: 'malformed' }
      if (identity.roles.length === 0) return { ok: false, failure: 'no_role' }
      return { ok: true, identity }
    } catch (error) {
      return { ok: false, failure: failureOf(error) }
    }
  }
}

function failureOf(error: unknown): BearerFailure {
  if (keysUnavailable(error)) return 'unavailable'
  if (error instanceof errors.JWTExpired) return 'expired'
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'wrong_issuer'
    if (error.claim === 'aud') return 'wrong_audience'
    return 'malformed'
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey)
    return 'bad_signature'
  return 'malformed'
}

/**
 * The key set could not be had: a timeout, an answer that is not a key set (jose's generic error,
 * not one of its token errors), or no connection at all (undici's TypeError, which has no `code`).
 */
function keysUnavailable(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout) return true
  if (error instanceof errors.JOSEError) return error.code === 'ERR_JOSE_GENERIC'
  return error instanceof TypeError && !('code' in error)
}
