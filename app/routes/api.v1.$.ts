import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { answerApiRequest } from '#app/utils/api.server'

// /api/v1/*: the REST API (server/api/openapi.yaml). A resource route (no component); all the work
// is in the framework-free handler, which answers every method itself (GET and HEAD reach the
// loader, the others the action).

export function loader({ request }: LoaderFunctionArgs) {
  return answerApiRequest(request)
}

export function action({ request }: ActionFunctionArgs) {
  return answerApiRequest(request)
}
