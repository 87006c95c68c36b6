import { API_BASE_PATH, handleApiRequest, type ApiDeps } from '#server/api/handler'
import { createApiDeps } from '#server/api/settings'
import { getDb } from './db.server'

// The bridge from /api/v1/* into the framework-free REST handler (server/api).

let deps: ApiDeps | undefined

/** Answers one API request; the handler's dependencies are built once, on first use. */
export function answerApiRequest(request: Request): Promise<Response> {
  deps ??= createApiDeps({ db: getDb(), env: process.env })
  return handleApiRequest(request, deps)
}

/** Whether the request is the API's (under /api/v1), whichever route Remix matched for it. */
export function isApiRequest(request: Request): boolean {
  const path = new URL(request.url).pathname
  return path === API_BASE_PATH || path.startsWith(`${API_BASE_PATH}/`)
}
