import { randomBytes } from 'node:crypto'
import type { Env } from './env.server'

// The headers that tell the browser what a console page may do (decision 0030). Every response
// Remix renders carries them: documents in entry.server.tsx's handleRequest, the data of
// client-side navigations in handleDataRequest.
//
// - Content-Security-Policy: scripts only from the console itself and, inline, only those that
//   carry this response's nonce (Remix's own: hydration data, module imports, scroll
//   restoration), so an injected <script> or on*= attribute does not run; styles, images, fetches
//   and form targets from the console only (form-action also names Keycloak: signing out posts to
//   the console, which redirects there); no plugins; no <base>; never framed.
// - Strict-Transport-Security: HTTPS only, for a year (browsers ignore it over plain HTTP).
// - X-Frame-Options (for browsers without frame-ancestors), nosniff, Referrer-Policy same-origin.

/** A fresh nonce: 128 random bits, as CSP asks. */
export const newNonce = (): string => randomBytes(16).toString('base64')

export function contentSecurityPolicy(nonce: string, env: Pick<Env, 'NODE_ENV' | 'OIDC_ISSUER'>): string {
  // Vite's development server injects styles from scripts and talks over a WebSocket.
  const development = env.NODE_ENV === 'development'
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self'${development ? " 'unsafe-inline'" : ''}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${development ? ' ws: wss:' : ''}`,
    `form-action 'self' ${new URL(env.OIDC_ISSUER).origin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ')
}

/** The headers every response the console renders carries; a document also gets its policy. */
export function setSecurityHeaders(
  headers: Headers,
  page: { nonce: string; env: Pick<Env, 'NODE_ENV' | 'OIDC_ISSUER'> } | null,
): void {
  headers.set(
    'Content-Security-Policy',
    page ? contentSecurityPolicy(page.nonce, page.env) : "default-src 'none'; frame-ancestors 'none'",
  )
  headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
  headers.set('X-Frame-Options', 'DENY')
  headers.set('X-Content-Type-Options', 'nosniff')
  headers.set('Referrer-Policy', 'same-origin')
}
