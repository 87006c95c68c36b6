// S3 access keys for a project (issue 6, item 6): made for the project's identity, whose policy
// the reconciler keeps scoped to the project's own buckets. The secret is returned once and never
// stored; keys are listed, rotated and revoked by their id. Every change is audited.
import { appendAudit, type Actor } from '../audit/log'
import type { Db } from '../db/client'
import { PlatformError } from '../platform/errors'
import type { ObjectStorage } from '../platform/storage/object-storage'

export class CredentialError extends Error {
  constructor(readonly code: 'project.not_found' | 'project.not_provisioned' | 'credential.not_found' | 'credential.revoked', message: string) {
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

async function projectIdentity(db: Db, projectId: string): Promise<{ user: string; agencyId: string }> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { namespace: true, agencyId: true } })
  if (!project) throw new CredentialError('project.not_found', 'no such project')
  const status = await db.provisioningStatus.findUnique({ where: { projectId }, select: { phase: true, details: true } })
  const identity = (status?.details as { identity?: string | null } | undefined)?.identity
  if (!status || status.phase !== 'ready' || !identity) throw new CredentialError('project.not_provisioned', 'the project has no provisioned object storage yet')
  return { user: identity, agencyId: project.agencyId }
}

export async function issueS3AccessKey(deps: { db: Db; storage: ObjectStorage }, input: { projectId: string; actor: Actor; label?: string }): Promise<IssuedKey> {
  const { user, agencyId } = await projectIdentity(deps.db, input.projectId)
  const key = await deps.storage.createAccessKey(user)
  try {
    const row = await deps.db.$transaction(async (tx) => {
      const created = await tx.s3Credential.create({ data: { projectId: input.projectId, accessKeyId: key.accessKeyId, label: input.label ?? '', createdById: input.actor.id }, select: { id: true } })
      await appendAudit(tx, { actor: input.actor, action: 's3_credential.issued', entityType: 'Project', entityId: input.projectId, agencyId, after: { credentialId: created.id, accessKeyId: key.accessKeyId, label: input.label ?? '' } })
      return created
    })
    return { credentialId: row.id, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }
  } catch (error) {
    // Not recorded, so not usable: take the key back.
    await deps.storage.deleteAccessKey(user, key.accessKeyId).catch(() => undefined)
    throw error
  }
}

export async function revokeS3AccessKey(deps: { db: Db; storage: ObjectStorage }, input: { credentialId: string; actor: Actor; reason?: string }): Promise<void> {
  const credential = await deps.db.s3Credential.findUnique({ where: { id: input.credentialId } })
  if (!credential) throw new CredentialError('credential.not_found', 'no such credential')
  if (credential.revokedAt) throw new CredentialError('credential.revoked', 'already revoked')
  const project = await deps.db.project.findUniqueOrThrow({ where: { id: credential.projectId }, select: { namespace: true, agencyId: true } })
  try {
    await deps.storage.deleteAccessKey(project.namespace, credential.accessKeyId)
  } catch (error) {
    if (!(error instanceof PlatformError && error.kind === 'not_found')) throw error
  }
  await deps.db.$transaction(async (tx) => {
    await tx.s3Credential.update({ where: { id: credential.id }, data: { revokedAt: new Date() } })
    await appendAudit(tx, { actor: input.actor, action: 's3_credential.revoked', entityType: 'Project', entityId: credential.projectId, agencyId: project.agencyId, before: { credentialId: credential.id, accessKeyId: credential.accessKeyId }, after: { reason: input.reason ?? '' } })
  })
}

/** A new key first, then the old one revoked: the project is never without a working key. */
export async function rotateS3AccessKey(deps: { db: Db; storage: ObjectStorage }, input: { credentialId: string; actor: Actor }): Promise<IssuedKey> {
  const old = await deps.db.s3Credential.findUnique({ where: { id: input.credentialId } })
  if (!old) throw new CredentialError('credential.not_found', 'no such credential')
  if (old.revokedAt) throw new CredentialError('credential.revoked', 'already revoked')
  const fresh = await issueS3AccessKey(deps, { projectId: old.projectId, actor: input.actor, label: old.label })
  await revokeS3AccessKey(deps, { credentialId: old.id, actor: input.actor, reason: 'rotated' })
  return fresh
}

export async function listS3AccessKeys(db: Db, projectId: string) {
  return db.s3Credential.findMany({ where: { projectId }, select: { id: true, accessKeyId: true, label: true, createdAt: true, revokedAt: true }, orderBy: { createdAt: 'desc' } })
}
