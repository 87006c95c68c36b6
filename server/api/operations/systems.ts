import { z } from 'zod'
import { ofAgency, PLATFORM, visibleAgencyIds } from '../../identity/authorise'
import { actorOf } from '../../identity/principal'
import { REGISTRATION_STATES } from '../../domain/system-registration'
import { listRegistrations, registrationOf, type RegistrationStepView, type RegistrationView } from '../../systems/read'
import { registerSystem, resubmitSystem, reviewSystem, type SystemOutcome } from '../../systems/store'
import { requireAllowed } from '../auth'
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
  single,
  UUID,
} from '../http'
import { apiProblem, domainProblem, fieldProblemsOf, invalidInput, notFound } from '../problem'
import type { RouteEntry } from '../routes'
import { signedInRoute as route } from './route-entry'
import { agencyFilter } from './projects'

// Information systems' registration and review over the API (issue 15, decision 0055), with the
// pages' authorisation: an agency's staff register for their own agencies (`project.create`) and
// send a returned one again (`project.update`); a security officer reviews (`project.review`); the
// lists and a system's registration are `project.list` and `project.read`. Another agency's system
// answers as one that does not exist, and the attempt is audited.

const Text = (max: number) => z.string().max(max)
export const RegisterBody = z.object({
  agencyCode: Text(100),
  name: Text(1000),
  purpose: Text(10_000),
  securityLevel: z.number().int().nullable(),
  documentNumber: Text(1000),
  documentDate: Text(100),
  documentIssuer: Text(1000),
  processesPersonalData: z.boolean(),
  ownerName: Text(1000),
  contact: z.object({ name: Text(1000), email: Text(1000), phone: Text(100).nullable().optional() }).strict(),
})
export const ProposalBody = RegisterBody.pick({
  securityLevel: true,
  documentNumber: true,
  documentDate: true,
  documentIssuer: true,
})
const ReviewBody = z.object({
  outcome: z.enum(['confirm', 'set_level', 'return']),
  securityLevel: z.number().int().nullable().optional(),
  reason: Text(10_000).nullable().optional(),
  version: z.number().int().nullable().optional(),
})

/** The body through its schema, each wrong field at its pointer (422). */
export async function bodyOf<T extends z.ZodObject>(context: OperationContext, schema: T): Promise<z.infer<T>> {
  const fields = Object.keys(schema.shape)
  const parsed = schema.safeParse(objectBody(await readJsonBody(context.request), fields))
  if (parsed.success) return parsed.data
  throw invalidInput(
    parsed.error.issues.map((found) => ({
      pointer: `/${found.path.join('/')}`,
      message: { domain: { code: 'input.invalid_choice' as const, params: { value: found.path.join('.') } } },
    })),
  )
}

const stepJson = (step: RegistrationStepView) => ({
  round: step.round,
  kind: step.kind,
  securityLevel: step.securityLevel,
  document: step.document,
  reason: step.reason,
  by: step.actorLabel,
  at: step.at.toISOString(),
})

function registrationJson(view: RegistrationView) {
  return {
    id: view.id,
    namespace: view.namespace,
    agencyCode: view.agency.code,
    name: view.name,
    purpose: view.purpose,
    ownerName: view.ownerName,
    processesPersonalData: view.processesPersonalData,
    contact: view.contact,
    state: view.state,
    version: view.version,
    levelReview: view.levelReview,
    levelInForce: view.levelInForce,
    proposal: view.proposal === null ? null : stepJson(view.proposal),
    history: view.history.map(stepJson),
    createdAt: view.createdAt.toISOString(),
  }
}

/** The system of the path if the caller may `action` on it; another agency's is a 404 (audited). */
export async function visibleSystem(
  context: OperationContext,
  action: 'project.read' | 'project.update' | 'project.review',
) {
  const namespace = context.params['namespace'] ?? ''
  const view = await registrationOf(context.guard.db, namespace)
  if (view === null) throw notFound()
  const target = { entityType: 'Project', entityId: view.id, agencyId: view.agency.id }
  // Reading first: another agency's staff learn nothing, not even that the system exists.
  await requireAllowed(context.guard, 'project.read', ofAgency(view.agency.id), target, { hideOtherAgency: true })
  if (action !== 'project.read')
    await requireAllowed(context.guard, action, ofAgency(view.agency.id), target, { hideOtherAgency: true })
  return view
}

export async function answer(context: OperationContext, outcome: SystemOutcome, status = 200): Promise<Response> {
  if (!outcome.ok) {
    if (outcome.notFound) throw notFound()
    // Changed since the caller read it: a conflict to read again, not a fault of the body.
    const stale = outcome.issues.find((found) => found.error.code === 'system.changed_meanwhile')
    if (stale !== undefined) throw domainProblem(stale.error)
    throw invalidInput(fieldProblemsOf(outcome.issues))
  }
  const view = await registrationOf(context.guard.db, outcome.value.namespace)
  if (view === null) throw notFound()
  const headers = status === 201 ? { Location: `${context.basePath}/systems/${view.namespace}` } : undefined
  return jsonResponse(registrationJson(view), { status, headers })
}

export const changeOf = (context: OperationContext) => ({
  actor: actorOf(context.principal),
  origin: originOf(context),
})

/** POST /systems: a registration for one of the caller's agencies; another agency's code is "no such agency". */
export async function registerSystemOperation(context: OperationContext): Promise<Response> {
  await requireAllowed(
    context.guard,
    'project.create',
    PLATFORM,
    { entityType: 'Project', entityId: '*', agencyId: null },
    { hideOtherAgency: false },
  )
  const body = await bodyOf(context, RegisterBody)
  const agency = await context.guard.db.agency.findUnique({ where: { code: body.agencyCode }, select: { id: true } })
  if (agency !== null)
    await requireAllowed(
      context.guard,
      'project.create',
      ofAgency(agency.id),
      { entityType: 'Project', entityId: '*', agencyId: agency.id },
      {
        hideOtherAgency: true,
        notFound: () =>
          invalidInput([
            {
              pointer: '/agencyCode',
              message: { domain: { code: 'agency.not_found', params: { id: body.agencyCode } } },
            },
          ]),
      },
    )
  const contact = { ...body.contact, phone: body.contact.phone ?? '' }
  return answer(context, await registerSystem(context.guard.db, { ...body, contact }, changeOf(context)), 201)
}

/** GET /systems: registrations within the caller's agencies, oldest first; `state` filters. */
export async function listSystemsOperation(context: OperationContext): Promise<Response> {
  const { url, principal, guard } = context
  onlyParams(url, ['state', 'agency', 'limit', 'cursor'])
  const agency = agencyFilter(url)
  const state = single(url, 'state')
  if (state !== undefined && !(REGISTRATION_STATES as readonly string[]).includes(state))
    throw apiProblem(400, 'api.invalid_query', { name: 'state' })
  const limit = limitOf(url)
  const after = decodeCursor(url, 'systems', z.object({ id: z.string().regex(UUID) }))
  await requireAllowed(
    guard,
    'project.list',
    PLATFORM,
    { entityType: 'Project', entityId: '*', agencyId: null },
    { hideOtherAgency: false },
  )
  const rows = await listRegistrations(guard.db, {
    agencyIds: visibleAgencyIds(principal, 'project.list'),
    states: state === undefined ? undefined : [state as (typeof REGISTRATION_STATES)[number]],
    agencyCode: agency,
    afterId: after?.id,
    limit: limit + 1,
  })
  const { items, nextCursor } = page(rows, limit, (last) => encodeCursor('systems', { id: last.id }))
  return jsonResponse({ items: items.map(registrationJson), nextCursor })
}

/** GET /systems/{namespace} */
export async function getSystemOperation(context: OperationContext): Promise<Response> {
  return jsonResponse(registrationJson(await visibleSystem(context, 'project.read')))
}

/**
 * An operation that changes one system: `action` allowed on it (another agency's is a 404), its
 * body read by `schema`, `step` the change itself, answered as every change of a system is.
 */
export function systemChange<T extends z.ZodObject>(
  action: 'project.update' | 'project.review',
  schema: T,
  step: (
    db: OperationContext['guard']['db'],
    namespace: string,
    body: z.infer<T>,
    change: ReturnType<typeof changeOf>,
  ) => Promise<SystemOutcome>,
): (context: OperationContext) => Promise<Response> {
  return async (context) => {
    const view = await visibleSystem(context, action)
    const body = await bodyOf(context, schema)
    return answer(context, await step(context.guard.db, view.namespace, body, changeOf(context)))
  }
}

/** POST /systems/{namespace}/resubmit: the agency proposes again what was returned. */
export const resubmitSystemOperation = systemChange('project.update', ProposalBody, resubmitSystem)

/** POST /systems/{namespace}/review: a security officer's decision. */
export const reviewSystemOperation = systemChange('project.review', ReviewBody, reviewSystem)

/** Their lines of the operations' table (routes.ts). */
export const SYSTEM_ROUTES: readonly RouteEntry[] = [
  route('listSystems', 'GET', '/systems', 'project.list', listSystemsOperation),
  route('registerSystem', 'POST', '/systems', 'project.create', registerSystemOperation),
  route('getSystem', 'GET', '/systems/{namespace}', 'project.read', getSystemOperation),
  route('resubmitSystem', 'POST', '/systems/{namespace}/resubmit', 'project.update', resubmitSystemOperation),
  route('reviewSystem', 'POST', '/systems/{namespace}/review', 'project.review', reviewSystemOperation),
]
