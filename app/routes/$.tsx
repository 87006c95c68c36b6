import type { LoaderFunctionArgs } from '@remix-run/node'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { requireDevelopmentAccess } from '#app/utils/dev-access.server'
import { notFound } from '#app/utils/errors.server'

// Every address no other route claims: a 404 inside the layout, in the user's language.

export function loader({ request }: LoaderFunctionArgs): never {
  requireDevelopmentAccess(request)
  throw notFound(request)
}

export default function NotFound() {
  return null
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
