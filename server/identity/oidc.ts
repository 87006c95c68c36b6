import * as client from 'openid-client'

// The console's side of OpenID Connect (backend for frontend, decision 0006): the browser only
// ever sees Keycloak's pages and the console's session cookie; codes, tokens and PKCE verifiers
// stay on the server.
//
// Keycloak may be down while the console is up (decision 0028). Discovery is therefore lazy and
// retried: a console that never reached Keycloak still serves signed-in pages, and every call
// that cannot reach Keycloak (refused connection, timeout, a proxy's error page) throws
// OidcUnavailable, which callers tell apart from Keycloak's own refusal (invalid_grant…).

export type OidcSettings = {
  issuer: string
  clientId: string
  clientSecret: string
  /** Per request to Keycloak; a stopped Keycloak costs a waiting page at most this long. */
  timeoutSeconds?: number
  now?: () => number
}

/** What must survive between sending the browser to Keycloak and its return (kept server-side). */
export type PendingLogin = { state: string; nonce: string; codeVerifier: string; returnTo: string }

export type TokenSet = {
  accessToken: string
  idToken: string | null
  refreshToken: string | null
  accessExpiresAt: Date
  claims: Record<string, unknown>
}

export type OidcClient = {
  /** Discovers afresh each time, so a login is only started while Keycloak answers. */
  beginLogin(input: { redirectUri: string; returnTo: string }): Promise<{ url: URL; pending: PendingLogin }>
  completeLogin(callbackUrl: URL, pending: PendingLogin): Promise<TokenSet>
  refresh(refreshToken: string): Promise<TokenSet>
  /** Keycloak's end-session URL, or null when its metadata cannot be had (the local session ends anyway). */
  logoutUrl(input: { idToken: string | null; postLogoutRedirectUri: string }): Promise<URL | null>
}

/** Keycloak could not be reached or did not answer in time: neither the person nor the session is at fault. */
export class OidcUnavailable extends Error {
  constructor(what: string, cause: unknown) {
    super(`the OpenID provider is unavailable (${what})`, { cause })
    this.name = 'OidcUnavailable'
  }
}

const DEFAULT_OIDC_TIMEOUT_SECONDS = 5

/** The client; it reaches Keycloak only when first used (a promise for the callers written for eager discovery). */
export function createOidcClient(settings: OidcSettings): Promise<OidcClient> {
  const issuer = new URL(settings.issuer)
  const now = settings.now ?? Date.now
  const timeout = settings.timeoutSeconds ?? DEFAULT_OIDC_TIMEOUT_SECONDS
  let current: client.Configuration | undefined
  let discovering: Promise<client.Configuration> | undefined

  const discover = (): Promise<client.Configuration> => {
    discovering ??= client
      .discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
        // Keycloak runs on plain HTTP on the developer's loopback only; anywhere else it must be HTTPS.
        execute: issuer.protocol === 'http:' && isLoopback(issuer.hostname) ? [client.allowInsecureRequests] : [],
        timeout,
      })
      .then((config) => (current = config))
      .catch((error: unknown) => {
        throw new OidcUnavailable('discovery', error)
      })
      .finally(() => (discovering = undefined))
    return discovering
  }
  const configuration = () => (current ? Promise.resolve(current) : discover())

  const toTokenSet = (tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers): TokenSet => ({
    accessToken: tokens.access_token,
    idToken: tokens.id_token ?? null,
    refreshToken: tokens.refresh_token ?? null,
    accessExpiresAt: new Date(now() + (tokens.expires_in ?? 60) * 1000),
    claims: tokens.claims() ?? {},
  })

  return Promise.resolve({
    async beginLogin({ redirectUri, returnTo }) {
      const config = await discover()
      const pending: PendingLogin = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
        returnTo,
      }
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid profile email',
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
      })
      return { url, pending }
    },
    async completeLogin(callbackUrl, pending) {
      const config = await configuration()
      const tokens = await reachable('code exchange', () =>
        client.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        }),
      )
      return toTokenSet(tokens)
    },
    async refresh(refreshToken) {
      // Refresh tokens are single-use: one sent to a hung Keycloak that answers after our timeout
      // is spent all the same, and the session with it. So Keycloak is asked something harmless
      // first (its metadata, which also stays fresh this way), and the token is sent only if that
      // was answered in time.
      const config = await discover()
      return toTokenSet(await reachable('refresh', () => client.refreshTokenGrant(config, refreshToken)))
    },
    async logoutUrl({ idToken, postLogoutRedirectUri }) {
      const config = await configuration().catch(() => null)
      if (!config) return null
      return client.buildEndSessionUrl(config, {
        ...(idToken ? { id_token_hint: idToken } : { client_id: settings.clientId }),
        post_logout_redirect_uri: postLogoutRedirectUri,
      })
    },
  })
}

/** Runs a call to Keycloak; failing to reach it becomes OidcUnavailable, Keycloak's own answers pass through. */
async function reachable<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (isUnreachable(error)) throw new OidcUnavailable(what, error)
    throw error
  }
}

/**
 * Not an answer from Keycloak about this person: no connection (undici's TypeError, which has no
 * `code` of its own, unlike an argument error), a timeout, a body that is not the OAuth server's
 * (a proxy's error page), or an OAuth error that says the server itself is in trouble.
 */
function isUnreachable(error: unknown): boolean {
  if (error instanceof OidcUnavailable) return true
  if (error instanceof client.ResponseBodyError) {
    return error.status >= 500 || error.error === 'temporarily_unavailable' || error.error === 'server_error'
  }
  if (error instanceof client.ClientError) {
    return ['OAUTH_TIMEOUT', 'OAUTH_ABORT', 'OAUTH_RESPONSE_IS_NOT_CONFORM', 'OAUTH_RESPONSE_IS_NOT_JSON'].includes(
      error.code ?? '',
    )
  }
  return error instanceof TypeError && !('code' in error)
}

function isLoopback(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]'
}
