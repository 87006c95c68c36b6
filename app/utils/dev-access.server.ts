import { getEnv, type Env } from './env.server'
import { httpError } from './errors.server'

// Until the identity issue brings login through Keycloak, nothing in the console is authorised:
// every page is served only to developers. Every page loader and the root layout call
// requireDevelopmentAccess(); the identity work replaces these calls with real authorisation.
// /healthz stays public.

/** Open in `NODE_ENV=development`, or with `GOVCLOUD_DEV_ACCESS=1` (the browser tests set it). */
export function isDevelopmentAccessOpen(env: Env = getEnv()): boolean {
  return env.NODE_ENV === 'development'
}

/** Throws a translated 403 page unless development access is open. */
export function requireDevelopmentAccess(request: Request): void {
  if (!isDevelopmentAccessOpen()) throw httpError(request, 403)
}
