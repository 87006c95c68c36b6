import type { TokenClaims } from './claims'
import type { TokenSet } from './oidc'
import type { TokenVault } from './token-vault'

// Keycloak's tokens as a session row keeps them (sealed, token-vault.ts) and as the console reads
// them (the claims of both tokens).

/** The token columns of a session row: every token sealed, and when the access token ends. */
export function sealedTokens(vault: TokenVault, tokens: TokenSet) {
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
export function claimsOf(tokens: TokenSet): TokenClaims {
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
