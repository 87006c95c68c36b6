// The pass for a project whose allocation ended (revoked or expired): data is kept for the grace
// period, then the namespace goes and buckets are emptied and removed; a backup bucket whose
// versions are still locked stays until the lock lets go. Every deletion is audited. Only what the
// console made for this project is deleted: a namespace or bucket with its name that someone else
// made is left alone and named in the conditions (decision 0034).
import type { PlatformError } from '../platform/errors'
import { removeBackups } from './apply-backups'
import { lastBackupOwed, markClosed } from './closing'
import { auditDeletion } from './audit'
import { deletionConditions, retainedConditions } from './conditions'
import { DEFAULT_SETTINGS, S3_POLICY_NAME, isProjectBucket } from './desired'
import type { LoadedProject } from './intent'
import { namespaceOwnership, ownerOf } from './ownership'
import { asPlatformError, type PassResult } from './pass-result'
import type { ReconcilerDeps } from './reconcile'
import { bucketNames, namespaceContents, namespaceObject, type PlatformSnapshot } from './snapshot'

const DAY = 86_400_000
const DEFAULT_GRACE_MS = 30 * DAY

/** How the removal is going: what failed, what is still there, and what was not ours to remove. */
interface Teardown {
  readonly errors: PlatformError[]
  remaining: number
  lockedUntilLater: boolean
  /** Of the remaining, backup buckets kept for their lock's retention. */
  locked: number
  /** `Namespace/x`, `Bucket/y`: with the project's name, made by someone else. */
  readonly leftAlone: string[]
}

export async function reconcileEnded(
  deps: ReconcilerDeps,
  loaded: LoadedProject,
  now: Date,
  snapshot?: PlatformSnapshot,
): Promise<PassResult> {
  const endedAt = loaded.status?.endedAt ?? now
  const deleteAfter =
    loaded.status?.deleteAfter ?? new Date(endedAt.getTime() + (deps.retentionGraceMs ?? DEFAULT_GRACE_MS))
  const base = {
    hash: null,
    drift: [],
    details: { namespace: loaded.intent.namespace, deleteAfter: deleteAfter.toISOString() },
  }
  // A closed system's last backup comes first, whatever the grace period (decision 0058).
  const backupOwed = await lastBackupOwed(deps.db, loaded.intent.projectId)
  if (now < deleteAfter || backupOwed) {
    return {
      ...base,
      ok: true,
      phase: 'retained',
      error: null,
      conditions: retainedConditions(),
      requeueAfterMs: backupOwed ? 10_000 : Math.min(deleteAfter.getTime() - now.getTime(), DAY),
      ended: { endedAt, deleteAfter, deletedAt: null },
    }
  }
  const teardown: Teardown = { errors: [], remaining: 0, lockedUntilLater: false, locked: 0, leftAlone: [] }
  await deleteNamespace(deps, loaded, endedAt, teardown, snapshot)
  await deleteStorage(deps, loaded, now, teardown, snapshot)
  await deleteBackupSchedule(deps, loaded, teardown)
  const error = teardown.errors[0] ?? null
  const done = !error && teardown.remaining === 0
  // Only locked backups left: a system being closed is closed now (decision 0058).
  if (!error && teardown.remaining === teardown.locked) await markClosed(deps.db, loaded.intent.projectId, now)
  return {
    ...base,
    ok: done,
    phase: done ? 'deleted' : 'deleting',
    error,
    conditions: deletionConditions(done, teardown.lockedUntilLater, error, teardown.leftAlone),
    requeueAfterMs: done ? null : teardown.lockedUntilLater ? 3_600_000 : 5_000,
    ended: { endedAt, deleteAfter, deletedAt: done ? (loaded.status?.deletedAt ?? now) : null },
  }
}

/** Deletes the namespace (Kubernetes removes what is in it); it counts as remaining until gone. */
async function deleteNamespace(
  deps: ReconcilerDeps,
  loaded: LoadedProject,
  endedAt: Date,
  teardown: Teardown,
  snapshot?: PlatformSnapshot,
): Promise<void> {
  const { namespace: ns, projectId } = loaded.intent
  const reserved = (deps.settings ?? DEFAULT_SETTINGS).reservedNamespaces
  try {
    const namespace = namespaceObject(await namespaceContents(deps.kube, ns, snapshot))
    if (!namespace) return
    if (namespaceOwnership(projectId, ns, namespace, reserved) !== 'ours') {
      teardown.leftAlone.push(`Namespace/${ns}`)
      return
    }
    teardown.remaining++
    if (!namespace.metadata?.deletionTimestamp && (await deps.kube.delete({ kind: 'Namespace', name: ns }))) {
      await auditDeletion(deps.db, projectId, 'provisioning.namespace_deleted', `Namespace/${ns}`, {
        reason: 'allocation ended',
        endedAt: endedAt.toISOString(),
      })
    }
  } catch (error) {
    teardown.errors.push(asPlatformError(error, 'kubernetes'))
  }
}

/** Empties and deletes the buckets (locked versions stay), deletes the identity, revokes its keys. */
async function deleteStorage(
  deps: ReconcilerDeps,
  loaded: LoadedProject,
  now: Date,
  teardown: Teardown,
  snapshot?: PlatformSnapshot,
): Promise<void> {
  const { namespace: ns, projectId } = loaded.intent
  try {
    const buckets = [...(await bucketNames(deps.storage, snapshot))].filter((b) => isProjectBucket(ns, b))
    for (const bucket of buckets) {
      if (ownerOf(await deps.storage.readBucketTags(bucket), projectId) !== 'ours') {
        teardown.leftAlone.push(`Bucket/${bucket}`)
        continue
      }
      const emptied = await deps.storage.emptyBucket(bucket)
      if (emptied.retained > 0) {
        teardown.remaining++
        teardown.locked++
        teardown.lockedUntilLater = true
        continue
      }
      if (await deps.storage.deleteBucket(bucket))
        await auditDeletion(deps.db, projectId, 'provisioning.bucket_deleted', `Bucket/${bucket}`, {
          objectVersionsDeleted: emptied.deleted,
        })
    }
    if (await deps.storage.deleteUser(ns, [S3_POLICY_NAME]))
      await auditDeletion(deps.db, projectId, 'provisioning.identity_deleted', `Identity/${ns}`, {})
    await deps.db.s3Credential.updateMany({ where: { projectId, revokedAt: null }, data: { revokedAt: now } })
  } catch (error) {
    teardown.errors.push(asPlatformError(error, 'storage'))
  }
}

/**
 * Velero's schedule and location of the project, their Secret and the backup identity (decision
 * 0053). The backups already in the backup bucket stay there for their retention with the bucket.
 */
async function deleteBackupSchedule(deps: ReconcilerDeps, loaded: LoadedProject, teardown: Teardown): Promise<void> {
  if (!deps.velero) return
  const { namespace: ns, projectId } = loaded.intent
  try {
    if (await removeBackups(deps.velero, deps.storage, ns))
      await auditDeletion(deps.db, projectId, 'provisioning.backup_schedule_deleted', `Schedule/${ns}`, {})
  } catch (error) {
    teardown.errors.push(asPlatformError(error, 'kubernetes'))
  }
}
