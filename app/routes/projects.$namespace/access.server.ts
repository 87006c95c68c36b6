import { requireVisibleObject, type Action } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { Namespace, findProjectAgency } from './project.server'

// One gate for the project page, its actions and the status route it polls (requireVisibleObject).

export async function requireVisibleProject(
  request: Request,
  rawNamespace: string | undefined,
  action: Action = 'project.read',
) {
  const missing = { key: 'projects.notFound', params: { namespace: String(rawNamespace ?? '') } } as const
  const namespace = Namespace.safeParse(rawNamespace)
  const { found, principal } = await requireVisibleObject(request, action, {
    type: 'Project',
    missing,
    find: async () => {
      if (!namespace.success) return null
      const owner = await findProjectAgency({ db: getDb(), namespace: namespace.data })
      return owner && { ...owner, namespace: namespace.data }
    },
  })
  const { namespace: name, ...owner } = found
  return { owner, principal, namespace: name, missing }
}
