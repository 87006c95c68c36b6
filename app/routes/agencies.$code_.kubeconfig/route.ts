import type { LoaderFunctionArgs } from '@remix-run/node'
import { ofAgency, requireAuthorised, requirePrincipal } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { notFound, withErrorReference } from '#app/utils/errors.server'
import { AgencyCode, findAgencyId } from '../agencies.$code/agency.server'
import { auditKubeconfigDownload, buildAgencyKubeconfig } from './kubeconfig.server'

// The agency's kubeconfig, downloaded (a resource route: no page). Only the agency's own staff get
// it (`kubeconfig.download`); it holds no secret: kubectl signs the person in through Keycloak and
// the API server grants what the agency group's RoleBindings give (docs/decisions/0012). Each
// download is audited: the file is a way onto the cluster, and who took one, when and from where
// is what an incident asks first (decision 0030).
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePrincipal(request)
  const code = AgencyCode.safeParse(params.code)
  if (!code.success) throw notFound(request, { key: 'agencies.notFound', params: { code: String(params.code ?? '') } })
  const missing = { key: 'agencies.notFound', params: { code: code.data } } as const
  const agencyId = await withErrorReference(request, () => findAgencyId({ db: getDb(), code: code.data }))
  if (agencyId === null) throw notFound(request, missing)
  const principal = await requireAuthorised(request, 'kubeconfig.download', ofAgency(agencyId), {
    notFound: missing,
    target: { type: 'Agency', id: agencyId },
  })
  const file = await withErrorReference(request, () =>
    buildAgencyKubeconfig({ db: getDb(), agencyId, code: code.data, username: principal.username }),
  )
  if (file === null) throw notFound(request, { key: 'kubeconfig.none' })
  await auditKubeconfigDownload(request, { principal, agencyId, fileName: file.fileName })
  return new Response(file.text, {
    status: 200,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
