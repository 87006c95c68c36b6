import { z } from 'zod'
import { authorise, ofAgency, PLATFORM, visibleAgencyIds, type Action } from '../../identity/authorise'
import { actorOf } from '../../identity/principal'
import { checkById, ruleAt } from '../../security/catalogue'
import { DUTY_REFUSALS, type PersonAction, type WaiverError } from '../../security/waivers'
import { validateSecurityLevel } from '../../domain/project'
import { actOnWaiver as act } from '../../workflow/waiver-actions'
import type { WaiverRow } from '../../workflow/waiver-facts'
import { requestWaiver as ask } from '../../workflow/waiver-request'
import { auditDenial, requireAllowed, type Target } from '../auth'
import { originOf, type OperationContext } from '../context'
import {
  decodeCursor,
  encodeCursor,
  jsonResponse,
  limitOf,
  objectBody,
  onlyParams,
  page,
  readJsonBody,
  UUID,
} from '../http'
import { ApiProblem, apiProblem, invalidInput, notFound, type FieldProblem } from '../problem'

// Waivers of security checks over the API (issue 13, decision 0041), with the pages' authorisation:
// listed and read by the project's agency staff and the security office (not operators), requested
// by the agency's staff, decided and revoked by a security officer who did not ask, withdrawn by
// whoever asked. The rules are server/security/waivers.ts's, the writes the workflow's.

const ACTION_PERMISSION: Readonly<Record<PersonAction, Action>> = {
  approve: 'waiver.decide',
  reject: 'waiver.decide',
  revoke: 'waiver.revoke',
  withdraw: 'waiver.withdraw',
}
const isPersonAction = (value: string): value is PersonAction => Object.hasOwn(ACTION_PERMISSION, value)

const STATES = ['requested', 'approved', 'rejected', 'withdrawn', 'revoked', 'expired'] as const
const States = z.array(z.enum(STATES))

type WithAgency = WaiverRow & { agencyId: string; securityLevel: number }

async function withAgencies(context: OperationContext, rows: readonly WaiverRow[]): Promise<WithAgency[]> {
  const projects = await context.guard.db.project.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.projectId))] } },
    select: { id: true, agencyId: true, securityLevel: true },
  })
  const byId = new Map(projects.map((p) => [p.id, p]))
  return rows.flatMap((row) => {
    const project = byId.get(row.projectId)
    return project ? [{ ...row, agencyId: project.agencyId, securityLevel: project.securityLevel }] : []
  })
}

function waiverJson(row: WithAgency) {
  const check = checkById(row.checkId)
  const level = validateSecurityLevel(row.securityLevel)
  return {
    id: row.id,
    number: row.number,
    projectId: row.projectId,
    checkId: row.checkId,
    subject:
      row.subjectKind === null
        ? null
        : { kind: row.subjectKind, namespace: row.subjectNamespace ?? '', name: row.subjectName ?? '' },
    severity: check && level.ok ? (ruleAt(check, level.value)?.severity ?? null) : null,
    state: row.state,
    justification: row.justification,
    compensatingControl: row.compensatingControl,
    expiresAt: row.expiresAt.toISOString(),
    requestedBy: row.requestedById,
    requestedAt: row.requestedAt.toISOString(),
    decidedBy: row.decidedById,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionReason: row.decisionReason,
    revokedBy: row.revokedById,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokeReason: row.revokeReason,
  }
}

const targetOf = (row: { id: string; agencyId: string }): Target => ({
  entityType: 'SecurityWaiver',
  entityId: row.id,
  agencyId: row.agencyId,
})

/** GET /waivers */
export async function listWaivers(context: OperationContext): Promise<Response> {
  const { url, guard } = context
  onlyParams(url, ['state', 'project', 'limit', 'cursor'])
  const limit = limitOf(url)
  const after = decodeCursor(url, 'waivers', z.object({ number: z.string().regex(/^[1-9]\d{0,8}$/) }))
  const states = States.safeParse(url.searchParams.getAll('state'))
  if (!states.success) throw apiProblem(400, 'api.invalid_query', { name: 'state' })
  const project = url.searchParams.getAll('project')
  if (project.length > 1 || (project[0] !== undefined && !UUID.test(project[0])))
    throw apiProblem(400, 'api.invalid_query', { name: 'project' })
  await requireAllowed(
    guard,
    'waiver.list',
    PLATFORM,
    { entityType: 'SecurityWaiver', entityId: '*', agencyId: null },
    {
      hideOtherAgency: false,
    },
  )
  const agencyIds = visibleAgencyIds(context.principal, 'waiver.list')
  const projectIds =
    agencyIds === null
      ? null
      : (await guard.db.project.findMany({ where: { agencyId: { in: [...agencyIds] } }, select: { id: true } })).map(
          (p) => p.id,
        )
  const wanted = project[0]
  const rows = await guard.db.securityWaiver.findMany({
    where: {
      AND: [
        projectIds === null ? {} : { projectId: { in: projectIds } },
        wanted === undefined ? {} : { projectId: wanted },
        states.data.length === 0 ? {} : { state: { in: states.data } },
        after === null ? {} : { number: { lt: Number(after.number) } },
      ],
    },
    orderBy: { number: 'desc' },
    take: limit + 1,
  })
  const found = page(rows, limit, (last) => encodeCursor('waivers', { number: String(last.number) }))
  return jsonResponse({
    items: (await withAgencies(context, found.items)).map(waiverJson),
    nextCursor: found.nextCursor,
  })
}

/** The waiver at {waiverId}, if the caller may read it (another agency's: 404, audited). */
async function visibleWaiver(context: OperationContext): Promise<WithAgency> {
  const id = context.params['waiverId'] ?? ''
  if (!UUID.test(id)) throw notFound()
  const row = await context.guard.db.securityWaiver.findUnique({ where: { id } })
  const [found] = row ? await withAgencies(context, [row]) : []
  if (!found) throw notFound()
  await requireAllowed(context.guard, 'waiver.read', ofAgency(found.agencyId), targetOf(found), {
    hideOtherAgency: true,
  })
  return found
}

/** GET /waivers/{waiverId} */
export async function getWaiver(context: OperationContext): Promise<Response> {
  onlyParams(context.url, [])
  return jsonResponse(waiverJson(await visibleWaiver(context)))
}

/** A refusal of the rules as a problem: duties 403, a moved-on waiver 409, the rest 422 at its field. */
function waiverProblem(errors: readonly WaiverError[]): ApiProblem {
  const first = errors[0]
  if (first && DUTY_REFUSALS.has(first.code)) return new ApiProblem(403, { waiver: first })
  if (first && (first.code === 'waiver.transition_not_allowed' || first.code === 'waiver.duplicate'))
    return new ApiProblem(409, { waiver: first })
  const pointer = (e: WaiverError) => (e.field === 'target' ? '/projectId' : e.field === undefined ? '' : `/${e.field}`)
  return invalidInput(errors.map((e) => ({ pointer: pointer(e), message: { waiver: e } })))
}

const FIELDS = ['projectId', 'findingId', 'checkId', 'justification', 'compensatingControl', 'expiresAt'] as const

/** POST /waivers */
export async function requestWaiver(context: OperationContext): Promise<Response> {
  const { guard, principal } = context
  await requireAllowed(
    guard,
    'waiver.request',
    PLATFORM,
    { entityType: 'SecurityWaiver', entityId: '*', agencyId: null },
    {
      hideOtherAgency: false,
    },
  )
  const body = objectBody(await readJsonBody(context.request), FIELDS)
  const problems: FieldProblem[] = []
  const text = (name: string) => (typeof body[name] === 'string' ? body[name] : undefined)
  const findingId = text('findingId')
  const checkId = text('checkId')
  if ((findingId === undefined) === (checkId === undefined))
    problems.push({ pointer: '/findingId', message: { waiver: { code: 'waiver.target_required', params: {} } } })
  else if (findingId !== undefined && !UUID.test(findingId))
    problems.push({ pointer: '/findingId', message: { waiver: { code: 'waiver.finding_not_open', params: {} } } })
  const projectId = text('projectId') ?? ''
  const project = UUID.test(projectId)
    ? await guard.db.project.findUnique({ where: { id: projectId }, select: { id: true, agencyId: true } })
    : null
  const verdict = project && authorise(principal, 'waiver.request', ofAgency(project.agencyId))
  if (project && verdict && !verdict.allowed)
    await auditDenial(
      guard,
      'waiver.request',
      { entityType: 'Project', entityId: project.id, agencyId: project.agencyId },
      verdict.reason,
    )
  if (!project || !verdict?.allowed)
    problems.unshift({ pointer: '/projectId', message: { api: 'api.project_not_found' } })
  if (problems.length > 0 || !project) throw invalidInput(problems)
  const result = await ask(guard.db, {
    projectId: project.id,
    target: findingId !== undefined ? { findingId } : { checkId: checkId ?? '' },
    fields: {
      justification: body['justification'],
      compensatingControl: body['compensatingControl'],
      expiresAt: body['expiresAt'],
    },
    actor: { id: principal.userId, label: principal.displayName },
    origin: originOf(context),
    now: context.now,
  })
  if (result === null) throw invalidInput([{ pointer: '/projectId', message: { api: 'api.project_not_found' } }])
  if (!result.ok) throw waiverProblem(result.errors)
  const [created] = await withAgencies(context, [result.waiver])
  if (!created) throw notFound()
  return jsonResponse(waiverJson(created), {
    status: 201,
    headers: { Location: `${context.basePath}/waivers/${created.id}` },
  })
}

/** POST /waivers/{waiverId}/actions/{action} */
export async function actOnWaiver(context: OperationContext): Promise<Response> {
  const name = context.params['action'] ?? ''
  if (!isPersonAction(name)) throw apiProblem(404, 'api.route_not_found')
  const row = await visibleWaiver(context)
  await requireAllowed(context.guard, ACTION_PERMISSION[name], ofAgency(row.agencyId), targetOf(row), {
    hideOtherAgency: true,
  })
  const body = objectBody(await readJsonBody(context.request), ['reason'])
  const reason = body['reason']
  if (reason !== undefined && reason !== null && typeof reason !== 'string')
    throw invalidInput([{ pointer: '/reason', message: { waiver: { code: 'waiver.reason_required', params: {} } } }])
  const result = await act(context.guard.db, {
    waiverId: row.id,
    action: name,
    actor: actorOf(context.principal),
    reason: typeof reason === 'string' ? reason : null,
    origin: originOf(context),
    now: context.now,
  })
  if (result === null) throw notFound()
  if (!result.ok) throw waiverProblem([result.error])
  const [after] = await withAgencies(context, [result.value])
  if (!after) throw notFound()
  return jsonResponse(waiverJson(after))
}
