import { checkSameOrigin } from '#server/identity/same-origin'
import { getEnv } from './env.server'
import { httpError } from './errors.server'

// Cross-site request forgery (decision 0007): SameSite=Lax keeps the session cookie off other
// sites' POSTs, and this check refuses any state-changing request whose Origin (or Referer) is
// not the console's PUBLIC_URL. requirePrincipal() runs it, so every action that authenticates
// is covered without remembering to; the few public actions (/lang, /auth/logout) call it
// themselves, and the route matrix test posts cross-site to every route.

export function requireSameOrigin(request: Request): void {
  const verdict = checkSameOrigin(
    { method: request.method, origin: request.headers.get('Origin'), referer: request.headers.get('Referer') },
    getEnv().PUBLIC_URL,
  )
  if (!verdict.ok) throw httpError(request, 403, { key: 'auth.crossSite' })
}
