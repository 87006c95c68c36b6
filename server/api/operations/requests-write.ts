import { approvalPolicyInForce, policyInForce } from '../../policies/store'
import { domainError } from '../../domain/errors'
import type { LineItem } from '../../domain/line-items'
import type { RequestContent } from '../../domain/quota-request'
import { parseQuotaRequest } from '../../domain/quota-request-schema'
import { checkNotReserved } from '../../domain/reserved-names'
import type { ActionPayload } from '../../domain/request-state'
import { authorise, ofAgency, PLATFORM } from '../../identity/authorise'
import { actorOf } from '../../identity/principal'
import { REQUEST_ACTION_PERMISSION } from '../../identity/request-permissions'
import { actOnRequest as act } from '../../workflow/act-on-request'
import { createDraftRequest, projectMayRequest } from '../../workflow/create-request'
import { auditDenial, requireAllowed } from '../auth'
import { catalogueOf, originOf, type OperationContext } from '../context'
import { objectBody, readJsonBody, UUID, versionOf } from '../http'
import { apiProblem, domainProblem, fieldProblemsOf, invalidInput, notFound, type FieldProblem } from '../problem'
import { ACTION_NAMES, type ActionName, type RequestDetailRow } from '../represent'
import { ACTION_FIELDS, CONTENT_FIELDS, contentForSubmission, parseDecidedLines } from './requests-body'
import { respondWithRequest, target, visibleRequest } from './requests'

// The API's quota requests: creating a draft, changing it, and the actions of its life (submit,
// approve, sign off …), each decided by the workflow in one transaction.

const isActionName = (value: string): value is ActionName => Object.hasOwn(ACTION_NAMES, value)

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
      ? await guard.db.project.findUnique({
          where: { id: projectId },
          select: { id: true, agencyId: true, namespace: true },
        })
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
    else {
      agencyId = project.agencyId
      // A platform name (agency kube, project system: kube-system) is never provisioned (decision 0034).
      const name = checkNotReserved(
        project.namespace,
        deps.reservedNamespaces ?? (await policyInForce(deps.db)).reservedNamespaces,
      )
      if (!name.ok) problems.unshift({ pointer: '/projectId', message: { domain: name.error } })
      // An archived or merged agency asks for nothing more (decision 0052).
      const may = await projectMayRequest(guard.db, project.id)
      if (may !== null && !may.ok) problems.unshift({ pointer: '/projectId', message: { domain: may.error } })
    }
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
  if ('refused' in created) throw invalidInput([{ pointer: '/projectId', message: { domain: created.refused } }])
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
    policy: context.deps.policy ?? (await approvalPolicyInForce(context.guard.db)),
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
