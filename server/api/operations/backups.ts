// A project's backups and restores over the API (issue 15, decision 0056): the same authorise() and
// the same worker questions (server/provisioning/backup-requests.ts) as the project page. Another
// agency's project is a 404; a refusal of the restore rule a 422 at its field (problem.ts).
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { ofAgency } from '../../identity/authorise'
import { actorOf } from '../../identity/principal'
import { PlatformError } from '../../platform/errors'
import { askRestore, readBackups, type BackupsOverview } from '../../provisioning/backup-requests'
import type { Result } from '../../domain/errors'
import { requireAllowed } from '../auth'
import type { OperationContext } from '../context'
import type { RouteEntry } from '../routes'
import type { components } from '../generated/openapi'
import { jsonResponse, objectBody, readJsonBody } from '../http'
import { apiProblem, domainProblem, invalidInput, notFound } from '../problem'
import { visibleProject } from './projects'

type Schemas = components['schemas']

/** The project of the path, seen by the caller, who may also do `action` there; else 404 or 403. */
async function projectFor(context: OperationContext, action: 'backup.list' | 'backup.restore') {
  const project = await visibleProject(context, 'project.read')
  const target = { entityType: 'Project', entityId: project.id, agencyId: project.agencyId }
  await requireAllowed(context.guard, action, ofAgency(project.agencyId), target, { hideOtherAgency: true })
  return project
}

/** The worker's answer; its failure (or silence) is a 503 with a reference in the server's log. */
async function fromWorker<T>(asked: Promise<Result<T>>): Promise<T> {
  let result: Result<T>
  try {
    result = await asked
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error
    const reference = `E-${randomBytes(4).toString('hex').toUpperCase()}`
    console.error(`[${reference}] backup question failed: ${error.message}`)
    throw apiProblem(503, 'api.backups_unavailable', { reference }, { 'Retry-After': '30' })
  }
  if (!result.ok) throw domainProblem(result.error)
  return result.value
}

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null)

function backupsJson(view: BackupsOverview): Schemas['ProjectBackups'] {
  return {
    state: view.health?.state ?? 'none',
    schedule: view.schedule?.cron ?? null,
    nextRunAt: iso(view.health?.nextRunAt),
    lastSuccess: view.backups.find((b) => b.name === view.health?.lastSuccess?.name) ?? null,
    failures: view.backups.filter((b) => view.health?.failures.some((f) => f.name === b.name)),
    missingSince: iso(view.health?.missingSince),
    backups: view.backups,
    restores: view.restores,
    lastCopy: view.lastCopy,
  }
}

/** GET /projects/{projectId}/backups */
export async function listProjectBackups(context: OperationContext): Promise<Response> {
  const project = await projectFor(context, 'backup.list')
  return jsonResponse(backupsJson(await fromWorker(readBackups(context.guard.db, project.id))))
}

const restoreBody = z.strictObject({
  backupName: z.string().min(1).max(253),
  namespace: z.string().max(253).optional(),
})

/** POST /projects/{projectId}/restores: 202 with the restore's name; refusals at their field. */
export async function requestRestore(context: OperationContext): Promise<Response> {
  const project = await projectFor(context, 'backup.restore')
  const body = restoreBody.safeParse(objectBody(await readJsonBody(context.request), ['backupName', 'namespace']))
  if (!body.success)
    throw invalidInput(
      body.error.issues.map((issue) => ({
        pointer: `/${issue.path.join('/')}`,
        message: {
          domain: {
            code: issue.code === 'invalid_type' ? ('input.required' as const) : ('input.not_text' as const),
            params: {},
          },
        },
      })),
    )
  const asked = await fromWorker(
    askRestore(context.guard.db, { projectId: project.id, ...body.data, actor: actorOf(context.principal) }),
  )
  const location = `${context.basePath}/projects/${project.id}/restores/${asked.restoreName}`
  return jsonResponse({ restoreName: asked.restoreName } satisfies Schemas['RestoreRequested'], {
    status: 202,
    headers: { Location: location },
  })
}

/** GET /projects/{projectId}/restores/{restoreName} */
export async function getRestore(context: OperationContext): Promise<Response> {
  const project = await projectFor(context, 'backup.list')
  const name = context.params['restoreName'] ?? ''
  const view = await fromWorker(readBackups(context.guard.db, project.id))
  const restore = view.restores.find((r) => r.name === name)
  if (restore === undefined) throw notFound()
  return jsonResponse(restore satisfies Schemas['Restore'])
}

export const BACKUP_ROUTES: readonly RouteEntry[] = [
  {
    operationId: 'listProjectBackups',
    method: 'GET',
    path: '/projects/{projectId}/backups',
    authorises: 'backup.list',
    authenticated: true,
    run: listProjectBackups,
  },
  {
    operationId: 'requestRestore',
    method: 'POST',
    path: '/projects/{projectId}/restores',
    authorises: 'backup.restore',
    authenticated: true,
    run: requestRestore,
  },
  {
    operationId: 'getRestore',
    method: 'GET',
    path: '/projects/{projectId}/restores/{restoreName}',
    authorises: 'backup.list',
    authenticated: true,
    run: getRestore,
  },
]
