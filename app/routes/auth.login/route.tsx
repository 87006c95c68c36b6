import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { SignInProblemPage } from '#app/components/ui/sign-in-problem'
import { withErrorReference } from '#app/utils/errors.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { startLogin } from '#app/utils/sign-in.server'

// GET /auth/login?returnTo=/path → Keycloak's login page (authorisation code + PKCE). The page
// itself only shows when signing in cannot start (too many attempts, Keycloak unreachable).

export function loader({ request }: LoaderFunctionArgs) {
  return withErrorReference(request, () => startLogin(request))
}

/** Retry-After and no-store from the loader reach the page's response. */
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders

export const meta: MetaFunction = ({ matches }) => titleMeta(undefined, matches)

export default function SignIn() {
  const data = useLoaderData<typeof loader>()
  return <SignInProblemPage data={data} t={useT()} />
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
