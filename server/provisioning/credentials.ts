// S3 access keys for a project (issue 6, item 6): made for the project's identity, whose policy
// the reconciler keeps scoped to the project's own buckets. The secret is returned once and never
// stored; keys are listed, rotated and revoked by their id. Every change is audited. Issuing and
// revoking need the storage's admin keys, so only the worker calls them (key-worker.ts); the web
// console asks it through the job queue (key-requests.ts, decision 0032).
//
// The identity a key belongs to is recorded on its row when it is made, and revoking deletes the
// key from that identity: reading it again from elsewhere (the namespace) would, the day the two
// differ, delete nothing, swallow the "not found" and mark a still-working key revoked.
import { appendAudit, type Actor, type Origin } from '../audit/log'
import type { Db, Tx } from '../db/client'
import { MAX_LIVE_KEYS_PER_PROJECT, mayIssueKey } from '../domain/s3-keys'
import { PlatformError } from '../platform/errors'
import type { ObjectStorage } from '../platform/storage/object-storage'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export class CredentialError extends Error {
  constructor(
    readonly code:
      | 'project.not_found'
      | 'project.not_provisioned'
      | 'credential.not_found'
      | 'credential.revoked'
      | 'credential.limit_reached',
    message: string,
    readonly params: Readonly<Record<string, number>> = {},
  ) {
    super(message)
    this.name = 'CredentialError'
  }
}

export interface IssuedKey {
  readonly credentialId: string
  readonly accessKeyId: string
  /** Shown once; the console keeps no copy. */
  readonly secretAccessKey: string
}

/** The identity the project's keys are made for; refused until its object storage is ready. */
export async function projectIdentity(db: Db, projectId: string): Promise<{ user: string; agencyId: string }> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { namespace: true, agencyId: true } })
  if (!project) throw new CredentialError('project.not_found', 'no such project')
  const status = await db.provisioningStatus.findUnique({
    where: { projectId },
    select: { phase: true, details: true },
  })
  const identity = (status?.details as { identity?: string | null } | undefined)?.identity
  if (!status || status.phase !== 'ready' || !identity)
    throw new CredentialError('project.not_provisioned', 'the project has no provisioned object storage yet')
  return { user: identity, agencyId: project.agencyId }
}

/**
 * Refuses a key beyond the project's cap of live keys (server/domain/s3-keys.ts). Inside the
 * transaction that records a key it first locks the project's row, so two keys issued at once are
 * counted one after the other.
 */
export async function requireRoomForKey(db: Db | Tx, projectId: string, replacing = false): Promise<void> {
  await db.$queryRaw`SELECT 1 FROM "Project" WHERE "id" = ${projectId}::uuid FOR UPDATE`
  const live = await db.s3Credential.count({ where: { projectId, revokedAt: null } })
  if (!mayIssueKey(live, { replacing }))
    throw new CredentialError('credential.limit_reached', 'the project has its most live keys', {
      max: MAX_LIVE_KEYS_PER_PROJECT,
    })
}

export async function issueS3AccessKey(
  deps: { db: Db; storage: ObjectStorage },
  input: { projectId: string; actor: Actor; label?: string; origin?: Origin; replacing?: boolean },
): Promise<IssuedKey> {
  const { user, agencyId } = await projectIdentity(deps.db, input.projectId)
  await requireRoomForKey(deps.db, input.projectId, input.replacing)
  const key = await deps.storage.createAccessKey(user)
  try {
    const row = await deps.db.$transaction(async (tx) => {
      await requireRoomForKey(tx, input.projectId, input.replacing)
      const created = await tx.s3Credential.create({
        data: {
          projectId: input.projectId,
          iamUser: user,
          accessKeyId: key.accessKeyId,
          label: input.label ?? '',
          createdById: input.actor.id,
        },
        select: { id: true },
      })
      await appendAudit(tx, {
        actor: input.actor,
        action: 's3_credential.issued',
        entityType: 'Project',
        entityId: input.projectId,
        agencyId,
        after: { credentialId: created.id, accessKeyId: key.accessKeyId, label: input.label ?? '' },
        origin: input.origin,
      })
      return created
    })
    return { credentialId: row.id, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }
  } catch (error) {
    // Not recorded, so not usable: take the key back.
    await deps.storage.deleteAccessKey(user, key.accessKeyId).catch(() => undefined)
    throw error
  }
}

/** The user's access keys; none when the user itself is gone. */
async function accessKeysOrNone(storage: ObjectStorage, user: string): Promise<string[]> {
  try {
    return await storage.listAccessKeys(user)
  } catch (error) {
    if (error instanceof PlatformError && error.kind === 'not_found') return []
    throw error
  }
}

/**
 * A key of the project, or credential.not_found: `projectId` scopes the lookup, so a key id from
 * another project (another agency) is answered exactly like one that does not exist.
 */
export async function findCredential(db: Db, credentialId: string, projectId?: string) {
  const credential = await db.s3Credential.findUnique({ where: { id: credentialId } })
  if (!credential || (projectId !== undefined && credential.projectId !== projectId))
    throw new CredentialError('credential.not_found', 'no such credential')
  if (credential.revokedAt) throw new CredentialError('credential.revoked', 'already revoked')
  return credential
}

export async function revokeS3AccessKey(
  deps: { db: Db; storage: ObjectStorage },
  input: { credentialId: string; projectId?: string; actor: Actor; reason?: string; origin?: Origin },
): Promise<void> {
  const credential = await findCredential(deps.db, input.credentialId, input.projectId)
  const project = await deps.db.project.findUniqueOrThrow({
    where: { id: credential.projectId },
    select: { agencyId: true },
  })
  try {
    await deps.storage.deleteAccessKey(credential.iamUser, credential.accessKeyId)
  } catch (error) {
    // Gone already (the identity was deleted with the project): nothing left that could work.
    if (!(error instanceof PlatformError && error.kind === 'not_found')) throw error
  }
  // SeaweedFS answers a DeleteAccessKey that names the wrong user (or none that exists) with
  // success and keeps the key: a revocation is recorded only once the key is seen to be gone.
  if ((await accessKeysOrNone(deps.storage, credential.iamUser)).includes(credential.accessKeyId)) {
    throw new PlatformError({
      system: 'storage',
      kind: 'unavailable',
      status: 200,
      operation: `IAM DeleteAccessKey ${credential.iamUser}`,
      message: 'the key is still there after it was deleted',
    })
  }
  await deps.db.$transaction(async (tx) => {
    await tx.s3Credential.update({ where: { id: credential.id }, data: { revokedAt: new Date() } })
    await appendAudit(tx, {
      actor: input.actor,
      action: 's3_credential.revoked',
      entityType: 'Project',
      entityId: credential.projectId,
      agencyId: project.agencyId,
      before: { credentialId: credential.id, accessKeyId: credential.accessKeyId },
      after: { reason: input.reason ?? '' },
      origin: input.origin,
    })
  })
}

export interface ListedKey {
  readonly id: string
  readonly accessKeyId: string
  readonly label: string
  readonly createdAt: Date
  readonly revokedAt: Date | null
  /** Who issued it (null for a user row since removed). */
  readonly createdBy: { readonly id: string; readonly displayName: string } | null
}

/**
 * A project's keys, newest first, never a secret (none is kept). `after` and `limit` page by
 * (createdAt, id): `after` is the last key of the previous page; `id` picks one key.
 */
export async function listS3AccessKeys(
  db: Db,
  projectId: string,
  page: { limit?: number; after?: { createdAt: Date; id: string }; id?: string } = {},
): Promise<ListedKey[]> {
  const after = page.after
  const rows = await db.s3Credential.findMany({
    where: {
      projectId,
      ...(page.id !== undefined ? { id: page.id } : {}),
      ...(after
        ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
        : {}),
    },
    select: { id: true, accessKeyId: true, label: true, createdAt: true, revokedAt: true, createdById: true },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    ...(page.limit !== undefined ? { take: page.limit } : {}),
  })
  // Actors are user ids, but the system and tests act under other labels: only uuids can be users.
  const ids = [...new Set(rows.flatMap((r) => (r.createdById && UUID.test(r.createdById) ? [r.createdById] : [])))]
  const users =
    ids.length > 0
      ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } })
      : []
  const byId = new Map(users.map((u) => [u.id, u]))
  return rows.map(({ createdById, ...row }) => ({
    ...row,
    createdBy: createdById ? (byId.get(createdById) ?? null) : null,
  }))
}
