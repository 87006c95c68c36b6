import { z } from 'zod'
import { domainRequestOf } from '../../db/request-rows'
import { domainError, type DomainError } from '../../domain/errors'
import type { LineItem } from '../../domain/line-items'
import { validateForSubmit, type RequestContent, type RequestContentInput } from '../../domain/quota-request'
import { parseAmount, parseQuotaRequest } from '../../domain/quota-request-schema'
import { allowedActions } from '../../domain/request-decide'
import { REQUEST_STATES, type ActionPayload } from '../../domain/request-state'
import { describeResource, type CatalogueSettings } from '../../domain/resources'
import { authorise, ofAgency, PLATFORM, visibleAgencyIds, type Action } from '../../identity/authorise'
import { actorOf } from '../../identity/principal'
import { REQUEST_ACTION_PERMISSION } from '../../identity/request-permissions'
import { actOnRequest as act } from '../../workflow/act-on-request'
import { createDraftRequest, submissionContext } from '../../workflow/create-request'
import { auditDenial, requireAllowed, type Target } from '../auth'
import { catalogueOf, originOf, type OperationContext } from '../context'
import {
  decodeCursor,
  encodeCursor,
  jsonResponse,
  limitOf,
  objectBody,
  objectFields,
  onlyParams,
  page,
  readJsonBody,
  single,
  UUID,
  versionOf,
} from '../http'
import { apiProblem, domainProblem, fieldProblemsOf, invalidInput, notFound, type FieldProblem } from '../problem'
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

/** The fields of a request's content (RequestContent in openapi.yaml). */
const CONTENT_FIELDS = ['kind', 'lines', 'backup', 'justification', 'endDate'] as const

/** Which optional body fields each action takes (`version` always). */
const ACTION_FIELDS: Readonly<Record<ActionName, readonly ('reason' | 'decidedLines' | 'content')[]>> = {
  submit: ['content'],
  resubmit: ['content'],
  withdraw: [],
  approve: ['decidedLines'],
  'sign-off': ['reason'],
  reject: ['reason'],
  return: ['reason'],
  revoke: ['reason'],
}

const isActionName = (value: string): value is ActionName => Object.hasOwn(ACTION_NAMES, value)

const target = (row: { id: string; agencyId: string }): Target => ({
  entityType: 'QuotaRequest',
  entityId: row.id,
  agencyId: row.agencyId,
})

/** The request, if it exists and the caller may read it; else 404 (another agency's included). */
async function visibleRequest(context: OperationContext): Promise<RequestDetailRow> {
  const id = context.params['requestId'] ?? ''
  if (!UUID.test(id)) throw notFound()
  const row = await context.guard.db.quotaRequest.findUnique({ where: { id }, select: REQUEST_DETAIL_SELECT })
  if (row === null) throw notFound()
  await requireAllowed(context.guard, 'request.read', ofAgency(row.agencyId), target(row), { hideOtherAgency: true })
  return row
}

/** What the caller could do with the request now: the state machine and authorise() both agree. */
function allowedFor(context: OperationContext, row: RequestDetailRow): { actions: ActionName[]; editable: boolean } {
  const { request, project } = domainRequestOf(row)
  const possible = allowedActions({
    request,
    project,
    actor: actorOf(context.principal),
    policy: context.deps.policy,
    now: context.now,
  })
  const permitted = (action: Action) => authorise(context.principal, action, ofAgency(row.agencyId)).allowed
  const actions = (Object.keys(ACTION_NAMES) as ActionName[]).filter(
    (name) => possible.includes(ACTION_NAMES[name]) && permitted(REQUEST_ACTION_PERMISSION[ACTION_NAMES[name]]),
  )
  return { actions, editable: possible.includes('save') && permitted(REQUEST_ACTION_PERMISSION.save) }
}

async function respondWithRequest(
  context: OperationContext,
  id: string,
  init: { status?: number; headers?: Record<string, string> } = {},
): Promise<Response> {
  const row = await context.guard.db.quotaRequest.findUniqueOrThrow({ where: { id }, select: REQUEST_DETAIL_SELECT })
  return jsonResponse(requestJson(row, allowedFor(context, row)), init)
}

// ——— Reading ———

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
  return jsonResponse(requestJson(row, allowedFor(context, row)))
}

// ——— Writing ———

/** POST /requests: a new draft for one of the caller's projects. */
export async function createRequest(context: OperationContext): Promise<Response> {
  const { guard, deps, principal } = context
  await requireAllowed(
    guard,
    'request.create',
    PLATFORM,
    { entityType: 'QuotaRequest', entityId: '*', agencyId: null },
    { hideOtherAgency: false },
  )
  const body = objectBody(await readJsonBody(context.request), ['projectId', ...CONTENT_FIELDS])
  const catalogue = await catalogueOf(deps)
  const parsed = parseQuotaRequest(body, {
    syntax: 'kubernetes',
    mode: 'draft',
    context: { catalogue, now: context.now },
  })
  const problems: FieldProblem[] = parsed.ok ? [] : fieldProblemsOf(parsed.issues)

  // The project must be one of the caller's: one of another agency is answered exactly as one
  // that does not exist (and the attempt is audited).
  const projectId = typeof body['projectId'] === 'string' ? body['projectId'].trim() : ''
  let agencyId: string | null = null
  if (projectId !== '') {
    const project = UUID.test(projectId)
      ? await guard.db.project.findUnique({ where: { id: projectId }, select: { id: true, agencyId: true } })
      : null
    const verdict = project === null ? null : authorise(principal, 'request.create', ofAgency(project.agencyId))
    if (project !== null && verdict?.allowed === false) {
      await auditDenial(
        guard,
        'request.create',
        { entityType: 'Project', entityId: project.id, agencyId: project.agencyId },
        verdict.reason,
      )
    }
    if (project === null || verdict?.allowed !== true)
      problems.unshift({ pointer: '/projectId', message: { api: 'api.project_not_found' } })
    else agencyId = project.agencyId
  }
  if (problems.length > 0 || !parsed.ok || agencyId === null) throw invalidInput(problems)

  const created = await createDraftRequest(guard.db, {
    projectId,
    requesterId: principal.userId,
    requesterLabel: principal.displayName,
    content: parsed.value.content,
    origin: originOf(context),
  })
  if (created === null) throw invalidInput([{ pointer: '/projectId', message: { api: 'api.project_not_found' } }])
  return respondWithRequest(context, created.id, {
    status: 201,
    headers: { Location: `${context.basePath}/requests/${created.id}` },
  })
}

/** PUT /requests/{requestId}: new content for a draft or returned request (the `save` action). */
export async function updateRequest(context: OperationContext): Promise<Response> {
  const row = await visibleRequest(context)
  await requireAllowed(context.guard, REQUEST_ACTION_PERMISSION.save, ofAgency(row.agencyId), target(row), {
    hideOtherAgency: true,
  })
  const body = objectBody(await readJsonBody(context.request), ['version', 'projectId', ...CONTENT_FIELDS])
  const problems: FieldProblem[] = []
  const version = versionOf(body)
  if ('problem' in version) problems.push(version.problem)
  if (body['projectId'] !== undefined && body['projectId'] !== row.projectId) {
    problems.push({ pointer: '/projectId', message: { api: 'api.project_immutable' } })
  }
  const catalogue = await catalogueOf(context.deps)
  const parsed = parseQuotaRequest(
    { ...body, projectId: row.projectId, version: undefined },
    { syntax: 'kubernetes', mode: 'draft', context: { catalogue, now: context.now } },
  )
  if (!parsed.ok) problems.push(...fieldProblemsOf(parsed.issues))
  if (problems.length > 0 || !parsed.ok || 'problem' in version) throw invalidInput(problems)
  return decideAndRespond(context, row, 'save', version.version, { content: parsed.value.content })
}

/** POST /requests/{requestId}/actions/{action} */
export async function actOnRequest(context: OperationContext): Promise<Response> {
  const name = context.params['action'] ?? ''
  if (!isActionName(name)) throw apiProblem(404, 'api.route_not_found')
  const row = await visibleRequest(context)
  await requireAllowed(
    context.guard,
    REQUEST_ACTION_PERMISSION[ACTION_NAMES[name]],
    ofAgency(row.agencyId),
    target(row),
    {
      hideOtherAgency: true,
    },
  )
  const body = objectBody(await readJsonBody(context.request), ['version', 'reason', 'decidedLines', 'content'])

  const problems: FieldProblem[] = []
  const version = versionOf(body)
  if ('problem' in version) problems.push(version.problem)
  for (const field of ['reason', 'decidedLines', 'content'] as const) {
    if (body[field] !== undefined && !ACTION_FIELDS[name].includes(field)) {
      problems.push({ pointer: `/${field}`, message: { api: 'api.field_not_allowed', params: { action: name } } })
    }
  }
  const payload: { content?: RequestContent; decidedLines?: LineItem[]; reason?: string } = {}
  const reason = body['reason']
  if (reason !== undefined && reason !== null && ACTION_FIELDS[name].includes('reason')) {
    if (typeof reason === 'string') payload.reason = reason
    else problems.push({ pointer: '/reason', message: { domain: domainError('input.not_text') } })
  }
  const catalogue = await catalogueOf(context.deps)
  if (name === 'approve' && body['decidedLines'] !== undefined && body['decidedLines'] !== null) {
    const decided = parseDecidedLines(body['decidedLines'], catalogue)
    if (decided.ok) payload.decidedLines = decided.lines
    else problems.push(...decided.problems)
  }
  if (name === 'submit' || name === 'resubmit') {
    const content = await contentForSubmission(context, row, body['content'], catalogue)
    if (content.ok) payload.content = content.content
    else problems.push(...content.problems)
  }
  if (problems.length > 0 || 'problem' in version) throw invalidInput(problems)
  return decideAndRespond(context, row, ACTION_NAMES[name], version.version, payload)
}

/** Runs the action through the state machine and the ledger, in one transaction; maps refusals. */
async function decideAndRespond(
  context: OperationContext,
  row: RequestDetailRow,
  action: (typeof ACTION_NAMES)[ActionName] | 'save',
  expectedVersion: number,
  payload: ActionPayload,
): Promise<Response> {
  const result = await act(context.guard.db, {
    requestId: row.id,
    action,
    actor: actorOf(context.principal),
    expectedVersion,
    payload,
    policy: context.deps.policy,
    origin: originOf(context),
    now: context.now,
  })
  if (result === null) throw notFound()
  if (!result.ok) {
    const problem = domainProblem(result.error)
    if (problem.status === 403) await auditDenial(context.guard, `request.${action}`, target(row), result.error.code)
    throw problem
  }
  return respondWithRequest(context, row.id)
}

type Parsed<T> = ({ ok: true } & T) | { ok: false; problems: FieldProblem[] }

/** `decidedLines` of an approval: known resources, exact non-negative amounts. */
function parseDecidedLines(value: unknown, catalogue: CatalogueSettings): Parsed<{ lines: LineItem[] }> {
  const issue = (pointer: string, error: DomainError): FieldProblem => ({ pointer, message: { domain: error } })
  if (!Array.isArray(value)) return { ok: false, problems: [issue('/decidedLines', domainError('input.not_list'))] }
  const problems: FieldProblem[] = []
  const lines: LineItem[] = []
  value.forEach((item: unknown, index) => {
    const at = `/decidedLines/${index}`
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      return problems.push(issue(at, domainError('input.not_object')))
    const { resource, amount } = item as Record<string, unknown>
    if (typeof resource !== 'string' || resource === '')
      return problems.push(issue(`${at}/resource`, domainError('input.required')))
    const described = describeResource(resource, catalogue)
    if (!described.ok) return problems.push(issue(`${at}/resource`, described.error))
    const parsed = parseAmount(amount, resource, { syntax: 'kubernetes' })
    if (!parsed.ok) return problems.push(issue(`${at}/amount`, parsed.error))
    if (parsed.value < 0n)
      return problems.push(issue(`${at}/amount`, domainError('quantity.negative', { input: String(amount) })))
    lines.push({ resource: described.value.key, amount: parsed.value })
  })
  return problems.length > 0 ? { ok: false, problems } : { ok: true, lines }
}

/**
 * What a submission submits, checked in full: the `content` of the body when given, else the
 * content already saved (the domain's state machine only re-checks that it is not empty).
 */
async function contentForSubmission(
  context: OperationContext,
  row: RequestDetailRow,
  given: unknown,
  catalogue: CatalogueSettings,
): Promise<Parsed<{ content: RequestContent }>> {
  const validation = { catalogue, now: context.now, ...(await submissionContext(context.guard.db, row.projectId)) }
  if (given !== undefined && given !== null) {
    const checked = objectFields(given, CONTENT_FIELDS, '/content')
    if (!checked.ok) return checked
    const fields = checked.fields
    const parsed = parseQuotaRequest(
      { ...fields, projectId: row.projectId },
      { syntax: 'kubernetes', mode: 'submit', context: validation },
    )
    return parsed.ok
      ? { ok: true, content: parsed.value.content }
      : { ok: false, problems: fieldProblemsOf(parsed.issues, '/content') }
  }
  const { request } = domainRequestOf(row)
  const stored: RequestContentInput = {
    kind: request.kind,
    lines: request.lines.map((line, index) => ({ ...line, index })),
    backup: request.backup,
    justification: request.justification,
    endDate: request.endDate,
  }
  const checked = validateForSubmit(stored, validation)
  return checked.ok
    ? { ok: true, content: checked.value }
    : { ok: false, problems: fieldProblemsOf(checked.issues, '/content') }
}
