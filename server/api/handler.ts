import { clientAddress } from '../config/trusted-proxies'
import { isDatabaseUnreachable } from '../db/unreachable'
import { principalOf, verifyCaller } from './auth'
import type { ApiDeps, OperationContext } from './context'
import { requireWithinLimits } from './limits'
import { apiProblem, ApiProblem, negotiateLocale, problemResponse } from './problem'
import { matchRoute } from './router'
import { loggedFailure } from '../observability/log'

export type { ApiDeps } from './context'

// The REST API as one framework-free function from a Fetch Request to a Response: the Remix route
// app/routes/api.v1.$.ts only hands requests over. Order of checks, for every operation: the
// path and method, the bearer token, the caller's rate limits, then the operation (authorise,
// validate, act).

export const API_BASE_PATH = '/api/v1'

export async function handleApiRequest(request: Request, deps: ApiDeps): Promise<Response> {
  const url = new URL(request.url)
  const locale = negotiateLocale(request.headers.get('accept-language'))
  try {
    const response = await route(request, url, deps, locale)
    return request.method === 'HEAD'
      ? new Response(null, { status: response.status, headers: response.headers })
      : response
  } catch (error) {
    if (error instanceof ApiProblem) return problemResponse(error, locale, url.pathname)
    const reference = loggedFailure(error, `API ${request.method} ${url.pathname} failed`)
    // The database out of reach: 503 and Retry-After, so automation waits rather than reports a bug.
    const problem = isDatabaseUnreachable(error)
      ? apiProblem(503, 'api.database_unavailable', { reference }, { 'Retry-After': '30' })
      : apiProblem(500, 'api.internal', { reference })
    return problemResponse(problem, locale, url.pathname)
  }
}

async function route(request: Request, url: URL, deps: ApiDeps, locale: OperationContext['locale']): Promise<Response> {
  if (url.pathname !== API_BASE_PATH && !url.pathname.startsWith(`${API_BASE_PATH}/`))
    throw apiProblem(404, 'api.route_not_found')
  const path = url.pathname.slice(API_BASE_PATH.length) || '/'
  const method = request.method.toUpperCase()
  const match = matchRoute(method === 'OPTIONS' ? 'GET' : method, path)
  if (match.kind === 'none') throw apiProblem(404, 'api.route_not_found')
  if (method === 'OPTIONS') {
    const allow = match.kind === 'found' ? allowAt(path) : match.allow
    return new Response(null, { status: 204, headers: { Allow: [...allow, 'OPTIONS'].join(', ') } })
  }
  if (match.kind === 'wrong_method') {
    const allow = match.allow.join(', ')
    throw apiProblem(405, 'api.method_not_allowed', { method, allow }, { Allow: allow })
  }
  if (!match.route.authenticated) return match.route.run()

  const now = deps.now?.() ?? new Date()
  const { identity, token } = await verifyCaller(deps.verifyBearer, request)
  if (deps.limits) await requireWithinLimits(deps.limits, identity, token)
  const principal = await principalOf(deps.db, identity, now)
  const origin = {
    userAgent: request.headers.get('user-agent')?.slice(0, 500) ?? null,
    ip: deps.trustedProxies ? clientAddress(request.headers, deps.trustedProxies) : null,
  }
  const guard = { db: deps.db, principal, origin }
  return match.route.run({
    request,
    url,
    params: match.params,
    deps,
    principal,
    guard,
    locale,
    now,
    basePath: API_BASE_PATH,
  })
}

function allowAt(path: string): string[] {
  return (['GET', 'POST', 'PUT'] as const).filter((method) => matchRoute(method, path).kind === 'found')
}
