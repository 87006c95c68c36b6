import * as client from 'openid-client'

// The console's side of OpenID Connect (backend for frontend, decision 0006): the browser only
// ever sees Keycloak's pages and the console's session cookie; codes, tokens and PKCE verifiers
// stay on the server.

export type OidcSettings = { issuer: string; clientId: string; clientSecret: string }

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
  beginLogin(input: { redirectUri: string; returnTo: string }): Promise<{ url: URL; pending: PendingLogin }>
  completeLogin(callbackUrl: URL, pending: PendingLogin): Promise<TokenSet>
  refresh(refreshToken: string): Promise<TokenSet>
  logoutUrl(input: { idToken: string | null; postLogoutRedirectUri: string }): URL
}

export async function createOidcClient(settings: OidcSettings, now: () => number = Date.now): Promise<OidcClient> {
  const issuer = new URL(settings.issuer)
  const config = await client.discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
    // Keycloak runs on plain HTTP on the developer's loopback only; anywhere else it must be HTTPS.
    execute: issuer.protocol === 'http:' && isLoopback(issuer.hostname) ? [client.allowInsecureRequests] : [],
  })

  const toTokenSet = (tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers): TokenSet => ({
    accessToken: tokens.access_token,
    idToken: tokens.id_token ?? null,
    refreshToken: tokens.refresh_token ?? null,
    accessExpiresAt: new Date(now() + (tokens.expires_in ?? 60) * 1000),
    claims: tokens.claims() ?? {},
  })

  return {
    async beginLogin({ redirectUri, returnTo }) {
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
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      })
      return toTokenSet(tokens)
    },
    async refresh(refreshToken) {
      return toTokenSet(await client.refreshTokenGrant(config, refreshToken))
    },
    logoutUrl({ idToken, postLogoutRedirectUri }) {
      return client.buildEndSessionUrl(config, {
        ...(idToken ? { id_token_hint: idToken } : { client_id: settings.clientId }),
        post_logout_redirect_uri: postLogoutRedirectUri,
      })
    },
  }
}

function isLoopback(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]'
}
