import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { handleApiRequest, type ApiDeps } from '#server/api/handler'
import { createApiDeps } from '#server/api/settings'
import { getDb } from '#app/utils/db.server'

// /api/v1/*: the REST API (server/api/openapi.yaml). A resource route (no component), so Remix
// keeps it out of the browser bundle; all the work is in the framework-free handler, which answers
// every method itself (GET and HEAD reach the loader, the others the action).

let deps: ApiDeps | undefined
function apiDeps(): ApiDeps {
  deps ??= createApiDeps({ db: getDb(), env: process.env })
  return deps
}

export function loader({ request }: LoaderFunctionArgs) {
  return handleApiRequest(request, apiDeps())
}

export function action({ request }: ActionFunctionArgs) {
  return handleApiRequest(request, apiDeps())
}
