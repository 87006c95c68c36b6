import type { LoaderFunctionArgs } from '@remix-run/node'
import { may, ofAgency } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { withErrorReference } from '#app/utils/errors.server'
import { resolveLocale } from '#app/utils/i18n.server'
import { requireVisibleProject } from './projects.$namespace/access.server'
import { loadProvisioningStatus } from './projects.$namespace/provisioning.server'

// /projects/<namespace>/provisioning: the project's provisioning status as JSON, for the page to
// poll while it is not settled. Authorised exactly like the page (the same gate): another
// agency's project is the same 404 as a missing one.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { owner, principal } = await requireVisibleProject(request, params.namespace)
  const status = await withErrorReference(request, () =>
    loadProvisioningStatus({
      db: getDb(),
      projectId: owner.id,
      locale: resolveLocale(request),
      platformDetail: may(principal, 'provisioning.detail', ofAgency(owner.agencyId)),
    }),
  )
  return Response.json({ status }, { headers: { 'Cache-Control': 'no-store', Vary: 'Cookie' } })
}
