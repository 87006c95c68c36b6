import { z } from 'zod'
import { domainRequestOf } from '../../db/request-rows'
import { allowedActions } from '../../domain/request-decide'
import { REQUEST_STATES } from '../../domain/request-state'
import { authorise, ofAgency, PLATFORM, visibleAgencyIds, type Action } from '../../identity/authorise'
import { actorOf } from '../../identity/principal'
import { REQUEST_ACTION_PERMISSION } from '../../identity/request-permissions'
import { approvalPolicyInForce } from '../../policies/store'
import { loadDecisionFacts } from '../../workflow/decision-facts'
import { requireAllowed, type Target } from '../auth'
import type { OperationContext } from '../context'
import { decodeCursor, encodeCursor, jsonResponse, limitOf, onlyParams, page, single, UUID } from '../http'
import { apiProblem, notFound } from '../problem'
import {
  ACTION_NAMES,
  REQUEST_DETAIL_SELECT,
  REQUEST_SELECT,
  requestJson,
  requestSummaryJson,
  type ActionName,
  type RequestDetailRow,
} from '../represent'
import { agencyFilter } from './projects'

// The API's quota requests: reading them (the list, one request with what the caller could do
// next), and what the writing operations (requests-write.ts) share with reading.

export const target = (row: { id: string; agencyId: string }): Target => ({
  entityType: 'QuotaRequest',
  entityId: row.id,
  agencyId: row.agencyId,
})

/** The request, if it exists and the caller may read it; else 404 (another agency's included). */
export async function visibleRequest(context: OperationContext): Promise<RequestDetailRow> {
  const id = context.params['requestId'] ?? ''
  if (!UUID.test(id)) throw notFound()
  const row = await context.guard.db.quotaRequest.findUnique({ where: { id }, select: REQUEST_DETAIL_SELECT })
  if (row === null) throw notFound()
  await requireAllowed(context.guard, 'request.read', ofAgency(row.agencyId), target(row), { hideOtherAgency: true })
  return row
}

/**
 * What the caller could do with the request now: the state machine (with the facts the separation
 * of duties and the two-operator window read) and authorise() both agree.
 */
async function allowedFor(
  context: OperationContext,
  row: RequestDetailRow,
): Promise<{ actions: ActionName[]; editable: boolean }> {
  const { request, project, agencyId } = domainRequestOf(row)
  const policy = context.deps.policy ?? (await approvalPolicyInForce(context.guard.db))
  const facts = await loadDecisionFacts(context.guard.db, { ...request, agencyId }, policy, context.now)
  const possible = allowedActions({
    request,
    project,
    actor: actorOf(context.principal),
    policy,
    now: context.now,
    facts,
  })
  const permitted = (action: Action) => authorise(context.principal, action, ofAgency(row.agencyId)).allowed
  const actions = (Object.keys(ACTION_NAMES) as ActionName[]).filter(
    (name) => possible.includes(ACTION_NAMES[name]) && permitted(REQUEST_ACTION_PERMISSION[ACTION_NAMES[name]]),
  )
  return { actions, editable: possible.includes('save') && permitted(REQUEST_ACTION_PERMISSION.save) }
}

export async function respondWithRequest(
  context: OperationContext,
  id: string,
  init: { status?: number; headers?: Record<string, string> } = {},
): Promise<Response> {
  const row = await context.guard.db.quotaRequest.findUniqueOrThrow({ where: { id }, select: REQUEST_DETAIL_SELECT })
  return jsonResponse(requestJson(row, await allowedFor(context, row)), init)
}

const requestCursor = z.object({ at: z.iso.datetime().nullable(), id: z.string().regex(UUID) })

/**
 * GET /requests: oldest submission first, drafts (never submitted) last, ties by id; scoped to
 * the agencies the caller can see. Keyset paging on (submittedAt, id).
 */
export async function listRequests({ url, principal, guard }: OperationContext): Promise<Response> {
  onlyParams(url, ['state', 'project', 'agency', 'limit', 'cursor'])
  const states = url.searchParams.getAll('state')
  const known = REQUEST_STATES as readonly string[]
  if (states.some((s) => !known.includes(s))) throw apiProblem(400, 'api.invalid_query', { name: 'state' })
  const project = single(url, 'project')
  if (project !== undefined && !UUID.test(project)) throw apiProblem(400, 'api.invalid_query', { name: 'project' })
  const agency = agencyFilter(url)
  const limit = limitOf(url)
  const after = decodeCursor(url, 'requests', requestCursor)
  await requireAllowed(
    guard,
    'request.list',
    PLATFORM,
    { entityType: 'QuotaRequest', entityId: '*', agencyId: null },
    { hideOtherAgency: false },
  )
  const visible = visibleAgencyIds(principal, 'request.list')

  const position =
    after === null
      ? {}
      : after.at === null
        ? { submittedAt: null, id: { gt: after.id } }
        : {
            OR: [
              { submittedAt: { gt: new Date(after.at) } },
              { submittedAt: new Date(after.at), id: { gt: after.id } },
              { submittedAt: null },
            ],
          }
  const rows = await guard.db.quotaRequest.findMany({
    where: {
      AND: [
        visible === null ? {} : { agencyId: { in: [...visible] } },
        states.length === 0 ? {} : { state: { in: states as (typeof REQUEST_STATES)[number][] } },
        project === undefined ? {} : { projectId: project },
        agency === undefined ? {} : { agency: { code: agency } },
        position,
      ],
    },
    orderBy: [{ submittedAt: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
    take: limit + 1,
    select: REQUEST_SELECT,
  })
  const { items, nextCursor } = page(rows, limit, (last) =>
    encodeCursor('requests', { at: last.submittedAt?.toISOString() ?? null, id: last.id }),
  )
  return jsonResponse({ items: items.map(requestSummaryJson), nextCursor })
}

/** GET /requests/{requestId}: with votes and what the caller could do next. */
export async function getRequest(context: OperationContext): Promise<Response> {
  const row = await visibleRequest(context)
  return jsonResponse(requestJson(row, await allowedFor(context, row)))
}
