import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { requirePrincipal } from '#app/utils/auth.server'
import { notFound } from '#app/utils/errors.server'

// Every address no other route claims: a 404 inside the layout, in the user's language, for
// someone signed in; anyone else is sent to sign in first (no address is told apart unsigned).

export async function loader({ request }: LoaderFunctionArgs): Promise<never> {
  await requirePrincipal(request)
  throw notFound(request)
}

/** A POST to an unknown address: origin-checked and signed in like any other, then 404. */
export async function action({ request }: ActionFunctionArgs): Promise<never> {
  await requirePrincipal(request)
  throw notFound(request)
}

export default function NotFound() {
  return null
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
