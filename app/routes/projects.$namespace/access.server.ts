import { ofAgency, requireAuthorised, requirePrincipal, type Action } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { notFound, withErrorReference } from '#app/utils/errors.server'
import { Namespace, findProjectAgency } from './project.server'

// One gate for the project page, its actions and the status route it polls: signed in first
// (even a 404 says nothing to a visitor), then the project, then authorised on its agency, so
// another agency's staff get exactly the 404 a missing project gets (decision 0007).

export async function requireVisibleProject(
  request: Request,
  rawNamespace: string | undefined,
  action: Action = 'project.read',
) {
  await requirePrincipal(request)
  const missing = { key: 'projects.notFound', params: { namespace: String(rawNamespace ?? '') } } as const
  const namespace = Namespace.safeParse(rawNamespace)
  if (!namespace.success) throw notFound(request, missing)
  const owner = await withErrorReference(request, () => findProjectAgency({ db: getDb(), namespace: namespace.data }))
  if (owner === null) throw notFound(request, missing)
  const principal = await requireAuthorised(request, action, ofAgency(owner.agencyId), {
    notFound: missing,
    target: { type: 'Project', id: owner.id },
  })
  return { owner, principal, namespace: namespace.data, missing }
}
