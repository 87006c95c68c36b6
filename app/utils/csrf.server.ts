import { checkSameOrigin } from '#server/identity/same-origin'
import { getEnv } from './env.server'
import { httpError } from './errors.server'
import { resolveLocale, translate } from './i18n.server'

// Cross-site request forgery (decision 0007): SameSite=Lax keeps the session cookie off other
// sites' POSTs, and this check refuses any state-changing request whose Origin (or Referer) is
// not the console's PUBLIC_URL. requirePrincipal() runs it, so every action that authenticates
// is covered without remembering to; the few public actions (/lang, /auth/logout) call it
// themselves, and the route matrix test posts cross-site to every route.

/**
 * Throws a translated 403 unless a state-changing request comes from the console's own origin.
 * Resource routes (no page of their own: /lang, /auth/logout) pass `{ page: false }` and get a
 * plain-text answer, since there is no error boundary to render the page.
 */
export function requireSameOrigin(request: Request, { page = true }: { page?: boolean } = {}): void {
  const verdict = checkSameOrigin(
    { method: request.method, origin: request.headers.get('Origin'), referer: request.headers.get('Referer') },
    getEnv().PUBLIC_URL,
  )
  if (verdict.ok) return
  if (page) throw httpError(request, 403, { key: 'auth.crossSite' })
  throw new Response(translate(resolveLocale(request), 'auth.crossSite'), {
    status: 403,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  })
}
