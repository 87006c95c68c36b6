import { z } from 'zod'
import { validateName } from '../../domain/names'
import { conditionMessage, provisioningReason } from '../../i18n/provisioning-reason'
import { authorise, ofAgency } from '../../identity/authorise'
import { actorOf } from '../../identity/principal'
import { PlatformError } from '../../platform/errors'
import { CredentialError, listS3AccessKeys, type ListedKey } from '../../provisioning/credentials'
import { requestKeyRevocation, requestKeyRotation, requestS3AccessKey } from '../../provisioning/key-requests'
import { provisioningView } from '../../provisioning/status'
import { withoutPlatformDetail } from '../../provisioning/status-audience'
import { requireAllowed } from '../auth'
import { originOf, type OperationContext } from '../context'
import type { components } from '../generated/openapi'
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
import { apiProblem, ApiProblem, invalidInput, notFound } from '../problem'
import { loggedFailure } from '../../observability/log'

// A project's provisioning status and its S3 keys over the API: the same domain functions and
// the same authorise() as the project page. A key's secret leaves only in the 201 that made it;
// the worker makes and deletes keys, asked through the job queue (decision 0032).

type Schemas = components['schemas']
const LABEL_MAX = 100
const REASON_MAX = 500
const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString())

/** The project named in the path, visible to the caller for `action`, or 404 as if missing. */
async function visibleProject(
  context: OperationContext,
  action: 'project.read' | 'credentials.list' | 'credentials.issue' | 'credentials.revoke',
) {
  const id = context.params['projectId'] ?? ''
  if (!UUID.test(id)) throw notFound()
  const row = await context.guard.db.project.findUnique({ where: { id }, select: { id: true, agencyId: true } })
  if (row === null) throw notFound()
  const target = { entityType: 'Project', entityId: row.id, agencyId: row.agencyId }
  // Seeing the project comes first, so another agency's project is a 404 whatever the action.
  if (action !== 'project.read')
    await requireAllowed(context.guard, 'project.read', ofAgency(row.agencyId), target, { hideOtherAgency: true })
  await requireAllowed(context.guard, action, ofAgency(row.agencyId), target, { hideOtherAgency: true })
  return row
}

function credentialIdOf(context: OperationContext): string {
  const id = context.params['credentialId'] ?? ''
  if (!UUID.test(id)) throw notFound()
  return id
}

function credentialJson(key: ListedKey): Schemas['S3Credential'] {
  return {
    id: key.id,
    accessKeyId: key.accessKeyId,
    label: key.label,
    createdAt: key.createdAt.toISOString(),
    createdBy: key.createdBy ? { id: key.createdBy.id, displayName: key.createdBy.displayName } : null,
    revokedAt: iso(key.revokedAt),
  }
}

async function oneKey(context: OperationContext, projectId: string, credentialId: string): Promise<ListedKey> {
  const [key] = await listS3AccessKeys(context.guard.db, projectId, { id: credentialId })
  if (key === undefined) throw notFound()
  return key
}

/** A key operation's answer, with a domain refusal or a storage failure turned into its problem. */
async function orCredentialProblem<T>(operation: Promise<T>): Promise<T> {
  try {
    return await operation
  } catch (error) {
    const problem = credentialProblem(error)
    if (problem) throw problem
    throw error // anything else is a bug: a 500
  }
}

function credentialProblem(error: unknown): ApiProblem | null {
  if (error instanceof CredentialError) {
    if (error.code === 'project.not_provisioned') return apiProblem(409, 'api.not_provisioned')
    if (error.code === 'credential.revoked') return apiProblem(409, 'api.credential_revoked')
    if (error.code === 'credential.limit_reached') return apiProblem(409, 'api.credential_limit', error.params)
    return notFound()
  }
  if (error instanceof PlatformError) {
    // The platform's message names the operation and the identity, never a secret.
    const reference = loggedFailure(error, 'S3 key operation failed')
    return apiProblem(503, 'api.storage_unavailable', { reference }, { 'Retry-After': '30' })
  }
  return null
}

/** GET /projects/{projectId}/provisioning */
export async function getProjectProvisioning(context: OperationContext): Promise<Response> {
  const project = await visibleProject(context, 'project.read')
  const found = await provisioningView(context.guard.db, project.id)
  if (found === null) throw apiProblem(404, 'api.provisioning_not_found')
  // The platform's own messages for the data centre; agency staff get the reason in their language.
  const { locale } = context
  const view = authorise(context.principal, 'provisioning.detail', ofAgency(project.agencyId)).allowed
    ? found
    : withoutPlatformDetail(found, (reason) => provisioningReason(locale, reason))
  const body: Schemas['ProvisioningStatus'] = {
    projectId: project.id,
    phase: view.phase as Schemas['ProvisioningStatus']['phase'],
    conditions: view.conditions.map((c) => ({
      type: c.type,
      status: c.status,
      reason: c.reason,
      message: c.message,
      ...(c.messageKey === undefined ? {} : { messageKey: c.messageKey, messageParams: { ...c.messageParams } }),
      text: conditionMessage(locale, c),
      lastTransitionTime: c.lastTransitionTime,
    })),
    generation: view.generation,
    observedGeneration: view.observedGeneration,
    lastReconciledAt: iso(view.lastReconciledAt),
    lastSucceededAt: iso(view.lastSucceededAt),
    lastError: view.lastError,
    driftDetected: view.driftDetected,
    lastDriftAt: iso(view.lastDriftAt),
    lastDrift: view.lastDrift
      ? {
          at: view.lastDrift.at.toISOString(),
          items: view.lastDrift.items.map((i) => ({ target: i.target, fields: [...i.fields] })),
        }
      : null,
    quotaBelowUsage: view.quotaBelowUsage.map((q) => ({ resource: q.resource, used: q.used, hard: q.hard })),
    deleteAfter: iso(view.deleteAfter),
    deletedAt: iso(view.deletedAt),
    job: view.job
      ? {
          state: view.job.state,
          attempts: view.job.attempts,
          runAt: view.job.runAt.toISOString(),
          lastError: view.job.lastError,
        }
      : null,
  }
  return jsonResponse(body)
}

/** GET /projects/{projectId}/s3-credentials: newest first, keyset-paged by (createdAt, id). */
export async function listS3Credentials(context: OperationContext): Promise<Response> {
  onlyParams(context.url, ['limit', 'cursor'])
  const limit = limitOf(context.url)
  const after = decodeCursor(
    context.url,
    's3-credentials',
    z.object({ createdAt: z.iso.datetime(), id: z.string().regex(UUID) }),
  )
  const project = await visibleProject(context, 'credentials.list')
  const rows = await listS3AccessKeys(context.guard.db, project.id, {
    limit: limit + 1,
    after: after ? { createdAt: new Date(after.createdAt), id: after.id } : undefined,
  })
  const { items, nextCursor } = page(rows, limit, (last) =>
    encodeCursor('s3-credentials', { createdAt: last.createdAt.toISOString(), id: last.id }),
  )
  return jsonResponse({ items: items.map(credentialJson), nextCursor } satisfies Schemas['S3CredentialPage'])
}

function textField(body: Record<string, unknown>, name: string, max: number, required: boolean) {
  const value = body[name]
  // An optional text left empty is no text, as on the project page's form.
  if (!required && (value === undefined || (typeof value === 'string' && value.trim() === '')))
    return { value: undefined }
  if (typeof value !== 'string' || value.trim() === '')
    return { problem: { pointer: `/${name}`, message: { api: 'api.label_required' as const } } }
  if (value.trim().length > max)
    return { problem: { pointer: `/${name}`, message: { api: 'api.text_too_long' as const, params: { max } } } }
  return { value: value.trim() }
}

/** 201 with the key just made and, this once, its secret. */
async function issuedJson(
  context: OperationContext,
  projectId: string,
  issued: { credentialId: string; secretAccessKey: string },
): Promise<Response> {
  const key = await oneKey(context, projectId, issued.credentialId)
  const body: Schemas['IssuedS3Credential'] = { ...credentialJson(key), secretAccessKey: issued.secretAccessKey }
  return jsonResponse(body, {
    status: 201,
    headers: { Location: `${context.basePath}/projects/${projectId}/s3-credentials/${key.id}` },
  })
}

/** POST /projects/{projectId}/s3-credentials: 201 with the secret, this once. */
export async function createS3Credential(context: OperationContext): Promise<Response> {
  const project = await visibleProject(context, 'credentials.issue')
  const body = objectBody(await readJsonBody(context.request), ['label'])
  const label = textField(body, 'label', LABEL_MAX, true)
  if ('problem' in label && label.problem) throw invalidInput([label.problem])
  // Shown to everyone who sees the project's keys: a name, so nothing invisible or reordering.
  const name = validateName(label.value ?? '', { maxLength: LABEL_MAX })
  if (!name.ok) throw invalidInput([{ pointer: '/label', message: { domain: name.error } }])
  const issued = await orCredentialProblem(
    requestS3AccessKey(context.guard.db, {
      projectId: project.id,
      actor: actorOf(context.principal),
      label: name.value,
      origin: originOf(context),
    }),
  )
  return issuedJson(context, project.id, issued)
}

/** POST …/s3-credentials/{credentialId}/rotate: a new key (201, secret once), the old one revoked. */
export async function rotateS3Credential(context: OperationContext): Promise<Response> {
  const project = await visibleProject(context, 'credentials.issue')
  const credentialId = credentialIdOf(context)
  const issued = await orCredentialProblem(
    requestKeyRotation(context.guard.db, {
      credentialId,
      projectId: project.id,
      actor: actorOf(context.principal),
      origin: originOf(context),
    }),
  )
  return issuedJson(context, project.id, issued)
}

/** POST …/s3-credentials/{credentialId}/revoke: the key stops working; it stays listed, revoked. */
export async function revokeS3Credential(context: OperationContext): Promise<Response> {
  const project = await visibleProject(context, 'credentials.revoke')
  const credentialId = credentialIdOf(context)
  const hasBody =
    context.request.headers.get('content-type') !== null ||
    (context.request.headers.get('content-length') ?? '0') !== '0'
  const body = hasBody ? objectBody(await readJsonBody(context.request), ['reason']) : {}
  const reason = textField(body, 'reason', REASON_MAX, false)
  if ('problem' in reason && reason.problem) throw invalidInput([reason.problem])
  await orCredentialProblem(
    requestKeyRevocation(context.guard.db, {
      credentialId,
      projectId: project.id,
      actor: actorOf(context.principal),
      reason: reason.value,
      origin: originOf(context),
    }),
  )
  return jsonResponse(credentialJson(await oneKey(context, project.id, credentialId)))
}
