import { z } from 'zod'
import { budgetJson, saveBudget } from '../../budgets/store'
import { budgetOverview, projectAlerts, projectBucketFlags } from '../../budgets/views'
import { localYearOf } from '../../domain/budget'
import { MACHINE_SYMBOLS } from '../../domain/decimal'
import { ofAgency } from '../../identity/authorise'
import { actorOf } from '../../identity/principal'
import { requireAllowed } from '../auth'
import { originOf, type OperationContext } from '../context'
import { jsonResponse, objectBody, onlyParams, readJsonBody, single } from '../http'
import { apiProblem, ApiProblem, fieldProblemsOf, invalidInput, notFound } from '../problem'
import type { RouteEntry } from '../routes'
import { visibleProject } from './projects'

// Budgets and usage warnings over the API (issue 14, decision 0050), as on the pages: an agency's
// budget is read by whoever reads the agency (budget.read; another agency's is 404) and set by
// operators and platform administrators (budget.manage); a project's levels by whoever reads it.
// đồng travel as decimal strings, never as JSON numbers.

const Year = z.coerce.number().int().min(2000).max(2100)

/** The agency of the path, if the caller may read its budget; another agency's is "not found". */
async function visibleAgency(context: OperationContext, action: 'budget.read') {
  const code = context.params['agencyCode'] ?? ''
  const row = await context.guard.db.agency.findUnique({ where: { code }, select: { id: true } })
  if (row === null) throw notFound()
  const target = { entityType: 'AgencyBudget', entityId: row.id, agencyId: row.id }
  await requireAllowed(context.guard, action, ofAgency(row.id), target, { hideOtherAgency: true })
  return row.id
}

/** GET /agencies/{agencyCode}/budgets */
export async function getAgencyBudget(context: OperationContext): Promise<Response> {
  onlyParams(context.url, ['year'])
  const raw = single(context.url, 'year')
  const year = raw === undefined ? null : Year.safeParse(raw)
  if (year !== null && !year.success) throw apiProblem(400, 'api.invalid_query', { name: 'year' })
  const agencyId = await visibleAgency(context, 'budget.read')
  const now = new Date()
  return jsonResponse(await budgetOverview(context.guard.db, agencyId, year?.data ?? localYearOf(now), now))
}

const Body = z.object({
  year: z.number().int(),
  amount: z.string().max(40),
  note: z.string().max(500).optional(),
  expectedVersion: z.number().int().min(0).max(1_000_000),
})

const TEXT_FIELDS = new Set(['amount', 'note'])

/** POST /agencies/{agencyCode}/budgets */
export async function setAgencyBudget(context: OperationContext): Promise<Response> {
  // Another agency's budget is "not found", as its page is; the agency's own staff get 403.
  const agencyId = await visibleAgency(context, 'budget.read')
  const target = { entityType: 'AgencyBudget', entityId: agencyId, agencyId }
  await requireAllowed(context.guard, 'budget.manage', ofAgency(agencyId), target, { hideOtherAgency: true })
  const body = objectBody(await readJsonBody(context.request), ['year', 'amount', 'note', 'expectedVersion'])
  const parsed = Body.safeParse(body)
  if (!parsed.success)
    throw invalidInput(
      parsed.error.issues.map((found) => ({
        pointer: `/${found.path.join('/')}`,
        message: {
          domain: {
            code: TEXT_FIELDS.has(String(found.path[0])) ? ('input.not_text' as const) : ('input.not_integer' as const),
            params: {},
          },
        },
      })),
    )
  const saved = await saveBudget(context.guard.db, {
    agencyId,
    ...parsed.data,
    note: parsed.data.note ?? '',
    symbols: MACHINE_SYMBOLS,
    actor: actorOf(context.principal),
    origin: originOf(context),
  })
  if (saved.ok) {
    const { createdAt, createdByLabel, ...version } = saved.budget
    return jsonResponse(
      { ...budgetJson(version), createdAt: createdAt.toISOString(), createdBy: createdByLabel },
      { status: 201 },
    )
  }
  if (saved.stale) throw new ApiProblem(409, { domain: { code: 'budget.stale', params: {} } }, { code: 'budget.stale' })
  throw invalidInput(fieldProblemsOf(saved.issues))
}

/** GET /projects/{projectId}/alerts */
export async function getProjectAlerts(context: OperationContext): Promise<Response> {
  onlyParams(context.url, [])
  const project = await visibleProject(context, 'project.read')
  const [alerts, buckets] = await Promise.all([
    projectAlerts(context.guard.db, project.id),
    projectBucketFlags(context.guard.db, project.id),
  ])
  return jsonResponse({ alerts, buckets })
}

/** Their lines of the operations' table (routes.ts). */
export const BUDGET_ROUTES: readonly RouteEntry[] = [
  {
    operationId: 'getAgencyBudget',
    method: 'GET',
    path: '/agencies/{agencyCode}/budgets',
    authorises: 'budget.read',
    authenticated: true,
    run: getAgencyBudget,
  },
  {
    operationId: 'setAgencyBudget',
    method: 'POST',
    path: '/agencies/{agencyCode}/budgets',
    authorises: 'budget.manage',
    authenticated: true,
    run: setAgencyBudget,
  },
  {
    operationId: 'getProjectAlerts',
    method: 'GET',
    path: '/projects/{projectId}/alerts',
    authorises: 'project.read',
    authenticated: true,
    run: getProjectAlerts,
  },
]
