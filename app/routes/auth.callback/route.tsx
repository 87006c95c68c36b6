import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { SignInProblemPage } from '#app/components/ui/sign-in-problem'
import { withErrorReference } from '#app/utils/errors.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { finishLogin } from '#app/utils/sign-in.server'

// GET /auth/callback?code=…&state=… (Keycloak sends the browser back here) → session cookie and
// the page first asked for. The page shows only when signing in did not work: cancelled or
// refused at Keycloak (error=access_denied), expired or replayed, or too many attempts.

export function loader({ request }: LoaderFunctionArgs) {
  return withErrorReference(request, () => finishLogin(request))
}

/** Retry-After and no-store from the loader reach the page's response. */
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders

export const meta: MetaFunction = ({ matches }) => titleMeta(undefined, matches)

export default function SignInCallback() {
  const data = useLoaderData<typeof loader>()
  return <SignInProblemPage data={data} t={useT()} />
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
