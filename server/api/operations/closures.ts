// Closing an information system over the API (issue 15, decision 0058), with the closing page's
// authorisation: whoever reads the project reads its closing (`project.read`); its agency's staff
// ask and withdraw (`request.create` of the agency); operators decide (`request.revoke`, since
// approving revokes the grant) under the requests' duties, which the workflow checks. Another
// agency's project answers as one that does not exist, and the attempt is audited.
import { z } from 'zod'
import { domainError, type Result } from '../../domain/errors'
import { systemLife } from '../../domain/project-closure'
import { ofAgency, PLATFORM } from '../../identity/authorise'
import { actorOf } from '../../identity/principal'
import { approvalPolicyInForce } from '../../policies/store'
import { askToClose, decideClosure, withdrawClosure } from '../../workflow/project-closure'
import { requireAllowed } from '../auth'
import { originOf, type OperationContext } from '../context'
import type { components } from '../generated/openapi'
import { jsonResponse, objectBody, readJsonBody } from '../http'
import { domainProblem, invalidInput } from '../problem'
import type { RouteEntry } from '../routes'
import { signedInRoute as route } from './route-entry'
import { visibleProject } from './projects'

type Schemas = components['schemas']

const AskBody = z.strictObject({ reason: z.string().max(2000) })
const DecideBody = z.strictObject({ decision: z.enum(['approve', 'reject']), note: z.string().max(2000).optional() })

/** The project of the path, seen by the caller, who may also do `action` there; else 404 or 403. */
async function projectFor(context: OperationContext, action: 'project.read' | 'request.create' | 'request.revoke') {
  const project = await visibleProject(context, 'project.read')
  const target = { entityType: 'Project', entityId: project.id, agencyId: project.agencyId }
  if (action !== 'project.read')
    await requireAllowed(
      context.guard,
      action,
      action === 'request.revoke' ? PLATFORM : ofAgency(project.agencyId),
      target,
      { hideOtherAgency: true },
    )
  return project
}

async function bodyOf<T extends z.ZodObject>(context: OperationContext, schema: T): Promise<z.infer<T>> {
  const parsed = schema.safeParse(objectBody(await readJsonBody(context.request), Object.keys(schema.shape)))
  if (parsed.success) return parsed.data
  throw invalidInput(
    parsed.error.issues.map((issue) => ({
      pointer: `/${issue.path.join('/')}`,
      message: { domain: { code: 'input.invalid_choice' as const, params: { value: issue.path.join('.') } } },
    })),
  )
}

const iso = (date: Date | null) => (date ? date.toISOString() : null)

async function closuresOf(context: OperationContext, projectId: string, status = 200): Promise<Response> {
  const rows = await context.guard.db.projectClosure.findMany({
    where: { projectId },
    orderBy: { requestedAt: 'desc' },
  })
  const body: Schemas['ProjectClosures'] = {
    life: systemLife(rows),
    closures: rows.map((c) => ({
      id: c.id,
      state: c.state,
      reason: c.reason,
      requestedAt: c.requestedAt.toISOString(),
      decidedAt: iso(c.decidedAt),
      note: c.decisionNote,
      lastBackupName: c.lastBackupName,
      closedAt: iso(c.closedAt),
    })),
  }
  return jsonResponse(body, { status })
}

/** The workflow's answer: a refusal as its problem; none (no such closure) as nothing waiting. */
function done<T>(result: Result<T> | null, nothing: Parameters<typeof domainError>[0]): void {
  if (result === null) throw domainProblem(domainError(nothing))
  if (!result.ok) throw domainProblem(result.error)
}

const waitingOf = (context: OperationContext, projectId: string) =>
  context.guard.db.projectClosure.findFirst({ where: { projectId, state: 'submitted' }, select: { id: true } })

/** GET /projects/{projectId}/closure */
export async function getProjectClosure(context: OperationContext): Promise<Response> {
  return closuresOf(context, (await projectFor(context, 'project.read')).id)
}

/** POST /projects/{projectId}/closure: the agency asks, with a reason. */
export async function askProjectClosure(context: OperationContext): Promise<Response> {
  const project = await projectFor(context, 'request.create')
  const { reason } = await bodyOf(context, AskBody)
  const asked = await askToClose(context.guard.db, {
    projectId: project.id,
    agencyId: project.agencyId,
    actor: actorOf(context.principal),
    reason,
    origin: originOf(context),
  })
  done(asked, 'closure.not_found')
  return closuresOf(context, project.id, 201)
}

/** POST /projects/{projectId}/closure/decision: an operator decides the waiting request. */
export async function decideProjectClosure(context: OperationContext): Promise<Response> {
  const project = await projectFor(context, 'request.revoke')
  const body = await bodyOf(context, DecideBody)
  const waiting = await waitingOf(context, project.id)
  if (waiting === null) throw domainProblem(domainError('closure.not_submitted'))
  const decided = await decideClosure(context.guard.db, {
    closureId: waiting.id,
    decision: body.decision,
    actor: actorOf(context.principal),
    note: body.note ?? '',
    policy: context.deps.policy ?? (await approvalPolicyInForce(context.guard.db)),
    origin: originOf(context),
  })
  done(decided, 'closure.not_submitted')
  return closuresOf(context, project.id)
}

/** POST /projects/{projectId}/closure/withdraw: the agency takes its waiting request back. */
export async function withdrawProjectClosure(context: OperationContext): Promise<Response> {
  const project = await projectFor(context, 'request.create')
  const waiting = await waitingOf(context, project.id)
  if (waiting === null) throw domainProblem(domainError('closure.already_decided'))
  const withdrawn = await withdrawClosure(context.guard.db, {
    closureId: waiting.id,
    projectId: project.id,
    actor: actorOf(context.principal),
    origin: originOf(context),
  })
  done(withdrawn, 'closure.already_decided')
  return closuresOf(context, project.id)
}

/** Their lines of the operations' table (routes.ts). */
export const CLOSURE_ROUTES: readonly RouteEntry[] = [
  route('getProjectClosure', 'GET', '/projects/{projectId}/closure', 'project.read', getProjectClosure),
  route('askProjectClosure', 'POST', '/projects/{projectId}/closure', 'request.create', askProjectClosure),
  route(
    'decideProjectClosure',
    'POST',
    '/projects/{projectId}/closure/decision',
    'request.revoke',
    decideProjectClosure,
  ),
  route(
    'withdrawProjectClosure',
    'POST',
    '/projects/{projectId}/closure/withdraw',
    'request.create',
    withdrawProjectClosure,
  ),
]
