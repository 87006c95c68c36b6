import type { ActionFunctionArgs } from '@remix-run/node'
import { withErrorReference } from '#app/utils/errors.server'
import { signOut } from '#app/utils/sign-in.server'

// POST /auth/logout → the session ends here and at Keycloak (RP-initiated logout), then home.
// POST only and Origin-checked: a link or an image on another site cannot sign anyone out.

export function action({ request }: ActionFunctionArgs) {
  return withErrorReference(request, () => signOut(request))
}

/** Signing out changes state, so it is never a GET. */
export function loader() {
  return new Response(null, { status: 405, headers: { Allow: 'POST' } })
}
