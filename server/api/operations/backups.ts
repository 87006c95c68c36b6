// A project's backups and restores over the API (issue 15, decision 0056): the same authorise() and
// the same worker questions (server/provisioning/backup-requests.ts) as the project page. Another
// agency's project is a 404; a refusal of the restore rule a 422 at its field (problem.ts).
import { z } from 'zod'
import { ofAgency } from '../../identity/authorise'
import { actorOf } from '../../identity/principal'
import { PlatformError } from '../../platform/errors'
import {
  askBucketRestore,
  askRestore,
  bucketRestoreOf,
  bucketRestoresOf,
  readBackups,
  type BackupsOverview,
  type BucketRestoreView,
} from '../../provisioning/backup-requests'
import type { Result } from '../../domain/errors'
import { requireAllowed } from '../auth'
import type { OperationContext } from '../context'
import type { RouteEntry } from '../routes'
import type { components } from '../generated/openapi'
import { jsonResponse, objectBody, readJsonBody } from '../http'
import { apiProblem, domainProblem, invalidInput, notFound } from '../problem'
import { visibleProject } from './projects'
import { loggedFailure } from '../../observability/log'

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
    const reference = loggedFailure(error, 'backup question failed')
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

/** The body as `schema` reads it, or a 422 naming each field that is missing or not text. */
async function bodyOf<S extends z.ZodType>(context: OperationContext, schema: S, keys: string[]): Promise<z.infer<S>> {
  const body = schema.safeParse(objectBody(await readJsonBody(context.request), keys))
  if (body.success) return body.data
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
}

/** POST /projects/{projectId}/restores: 202 with the restore's name; refusals at their field. */
export async function requestRestore(context: OperationContext): Promise<Response> {
  const project = await projectFor(context, 'backup.restore')
  const body = await bodyOf(context, restoreBody, ['backupName', 'namespace'])
  const asked = await fromWorker(
    askRestore(context.guard.db, { projectId: project.id, ...body, actor: actorOf(context.principal) }),
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

const bucketRestoreBody = z.strictObject({
  sourceBucket: z.string().min(1).max(63),
  // The rule says what a label may be (restore.label_invalid at /label).
  label: z.string().max(63),
})

const bucketRestoreJson = (r: BucketRestoreView): Schemas['BucketRestore'] => ({
  ...r,
  requestedAt: r.requestedAt.toISOString(),
  copiedAt: iso(r.copiedAt),
})

/**
 * POST /projects/{projectId}/bucket-restores: 201 when the copy is done within the wait, 202 while
 * it still runs (decision 0076), each with the restore's place; refusals at their field.
 */
export async function restoreBucket(context: OperationContext): Promise<Response> {
  const project = await projectFor(context, 'backup.restore')
  const body = await bodyOf(context, bucketRestoreBody, ['sourceBucket', 'label'])
  const actor = actorOf(context.principal)
  const waitMs = context.deps.bucketRestoreWaitMs
  const view = await fromWorker(
    askBucketRestore(
      context.guard.db,
      { projectId: project.id, ...body, actor },
      waitMs === undefined ? {} : { copyWaitMs: waitMs },
    ),
  )
  const headers = { Location: `${context.basePath}/projects/${project.id}/bucket-restores/${view.bucket}` }
  if (view.state !== 'done') return jsonResponse(bucketRestoreJson(view), { status: 202, headers })
  const restored = { bucket: view.bucket, objects: view.objects ?? 0, bytes: view.bytes ?? 0 }
  return jsonResponse(restored satisfies Schemas['RestoredBucket'], { status: 201, headers })
}

/** GET /projects/{projectId}/bucket-restores: from the console's own database, no worker asked. */
export async function listBucketRestores(context: OperationContext): Promise<Response> {
  const project = await projectFor(context, 'backup.list')
  const items = (await bucketRestoresOf(context.guard.db, project.id)).map(bucketRestoreJson)
  return jsonResponse({ items } satisfies Schemas['BucketRestoreList'])
}

/** GET /projects/{projectId}/bucket-restores/{bucket}: another project's bucket is a 404. */
export async function getBucketRestore(context: OperationContext): Promise<Response> {
  const project = await projectFor(context, 'backup.list')
  const view = await bucketRestoreOf(context.guard.db, project.id, context.params['bucket'] ?? '')
  if (view === null) throw notFound()
  return jsonResponse(bucketRestoreJson(view))
}

export const BACKUP_ROUTES: readonly RouteEntry[] = [
  {
    operationId: 'listBucketRestores',
    method: 'GET',
    path: '/projects/{projectId}/bucket-restores',
    authorises: 'backup.list',
    authenticated: true,
    run: listBucketRestores,
  },
  {
    operationId: 'restoreBucket',
    method: 'POST',
    path: '/projects/{projectId}/bucket-restores',
    authorises: 'backup.restore',
    authenticated: true,
    run: restoreBucket,
  },
  {
    operationId: 'getBucketRestore',
    method: 'GET',
    path: '/projects/{projectId}/bucket-restores/{bucket}',
    authorises: 'backup.list',
    authenticated: true,
    run: getBucketRestore,
  },
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
