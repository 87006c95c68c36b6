import { z } from 'zod'
import { ofAgency, PLATFORM, visibleAgencyIds } from '../../identity/authorise'
import { requireAllowed } from '../auth'
import type { OperationContext } from '../context'
import { decodeCursor, encodeCursor, jsonResponse, limitOf, onlyParams, page, single, UUID } from '../http'
import { apiProblem, notFound } from '../problem'
import { ALLOCATION_SELECT, allocationJson, PROJECT_SELECT, projectJson } from '../represent'

const AGENCY_CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/

/** An `agency` filter: a code, or 400. */
export function agencyFilter(url: URL): string | undefined {
  const code = single(url, 'agency')
  if (code !== undefined && (code.length > 63 || !AGENCY_CODE.test(code)))
    throw apiProblem(400, 'api.invalid_query', { name: 'agency' })
  return code
}

/** GET /projects: the projects of the agencies the caller can see, in order of creation. */
export async function listProjects({ url, principal, guard }: OperationContext): Promise<Response> {
  onlyParams(url, ['agency', 'limit', 'cursor'])
  const agency = agencyFilter(url)
  const limit = limitOf(url)
  const after = decodeCursor(url, 'projects', z.object({ id: z.string().regex(UUID) }))
  await requireAllowed(
    guard,
    'project.list',
    PLATFORM,
    { entityType: 'Project', entityId: '*', agencyId: null },
    { hideOtherAgency: false },
  )
  const visible = visibleAgencyIds(principal, 'project.list')
  const rows = await guard.db.project.findMany({
    where: {
      AND: [
        visible === null ? {} : { agencyId: { in: [...visible] } },
        agency === undefined ? {} : { agency: { code: agency } },
        after === null ? {} : { id: { gt: after.id } },
      ],
    },
    orderBy: { id: 'asc' },
    take: limit + 1,
    select: PROJECT_SELECT,
  })
  const { items, nextCursor } = page(rows, limit, (last) => encodeCursor('projects', { id: last.id }))
  return jsonResponse({ items: items.map(projectJson), nextCursor })
}

/** The project of the path, if the caller may see it (another agency's is "not found", audited). */
export async function visibleProject(context: OperationContext, action: 'project.read' | 'allocation.read') {
  const id = context.params['projectId'] ?? ''
  if (!UUID.test(id)) throw notFound()
  const row = await context.guard.db.project.findUnique({ where: { id }, select: PROJECT_SELECT })
  if (row === null) throw notFound()
  await requireAllowed(
    context.guard,
    action,
    ofAgency(row.agencyId),
    { entityType: 'Project', entityId: row.id, agencyId: row.agencyId },
    { hideOtherAgency: true },
  )
  return row
}

/** GET /projects/{projectId}: the project and what it holds now. */
export async function getProject(context: OperationContext): Promise<Response> {
  const row = await visibleProject(context, 'project.read')
  const allocation = await context.guard.db.allocation.findUnique({
    where: { projectId: row.id },
    select: ALLOCATION_SELECT,
  })
  return jsonResponse({ ...projectJson(row), allocation: allocation === null ? null : allocationJson(allocation) })
}

/** GET /projects/{projectId}/allocation */
export async function getProjectAllocation(context: OperationContext): Promise<Response> {
  const row = await visibleProject(context, 'allocation.read')
  const allocation = await context.guard.db.allocation.findUnique({
    where: { projectId: row.id },
    select: ALLOCATION_SELECT,
  })
  if (allocation === null) throw apiProblem(404, 'api.allocation_not_found')
  return jsonResponse(allocationJson(allocation))
}
