// A data bucket's copy restored into a new bucket of the project (issue 15, decision 0056). The
// copy is what the schedule (or a backup now) put under `buckets/<bucket>/` of the backup bucket
// (bucket-copies.ts); the new bucket is `<namespace>-restore-<label>`, made as the project's data
// buckets are, its quota the copy's bytes, counted against the object storage granted. The rule is
// the domain's (checkBucketRestore). Two steps (decision 0076): the asked restore is decided and,
// accepted, written (its row, the project's reconcile and the copy's own job in one transaction)
// while the console waits; the copy then runs as that job, retried after a failure or a crash,
// however long it takes. Run by the provisioning worker, the only process with the storage's
// admin keys; the console asks through the job queue.
import { recordAudit, type Actor } from '../audit/log'
import type { Db } from '../db/client'
import { backupBucketName, projectBucketPurpose, restoredBucketName } from '../domain/bucket-names'
import { err, ok, type Result } from '../domain/errors'
import { checkBucketRestore } from '../domain/restore-rules'
import { enqueue } from '../jobs/queue'
import { RECONCILE_JOB } from '../jobs/shared-with-sql'
import type { ListedObject, ObjectStorage } from '../platform/storage/object-storage'
import { makeBucket } from './apply-storage'
import { BUCKET_RESTORE_COPY_JOB } from './backup-jobs'
import { COPY_PREFIX } from './bucket-copies'
import { DEFAULT_SETTINGS, desiredState, type ProjectIntent, type ProvisioningSettings } from './desired'
import { granted } from './desired/model'
import { loadProjects } from './intent'

export interface BucketRestoreAsk {
  /** The data bucket whose copy is restored. */
  readonly sourceBucket: string
  /** The new bucket's label: `<namespace>-restore-<label>`. */
  readonly label: string
}

export interface RestoredBucket {
  readonly bucket: string
  readonly objects: number
  readonly bytes: number
}

type Deps = { readonly db: Db; readonly storage: ObjectStorage; readonly settings?: ProvisioningSettings }

/**
 * Accepts the restore when the rule allows: the row, the reconcile and the copy's job written
 * together; asked and refused alike are audited. The copy is copyRestoredBucket's, in its job.
 */
export async function acceptBucketRestore(
  deps: Deps,
  projectId: string,
  ask: BucketRestoreAsk,
  actor: Actor,
): Promise<Result<{ bucket: string }>> {
  const [loaded] = await loadProjects(deps.db, [projectId])
  if (!loaded) return err('restore.no_backups', {})
  const { intent } = loaded
  const bucket = restoredBucketName(intent.namespace, ask.label)
  const copies = await copiesOf(deps.storage, intent.namespace, ask.sourceBucket)
  const checked = checkBucketRestore({
    namespace: intent.namespace,
    sourceBucket: ask.sourceBucket,
    label: ask.label,
    bucket,
    bucketExists: await deps.storage.bucketExists(bucket),
    copy: { objects: copies.length, bytes: copies.reduce((sum, o) => sum + o.size, 0) },
    grantedBytes: Number(granted(intent, 'objectStorage')),
    usedBytes: await usedBytes(deps, intent),
  })
  const audit = auditFor(deps.db, intent, actor)
  if (!checked.ok) {
    await audit('backup.bucket_restore_refused', 'denied', { ...ask, refused: checked.error.code })
    return checked
  }
  const quotaBytes = BigInt(checked.value.quotaBytes)
  const made = await recordRestore(deps.db, { projectId, bucket, sourceBucket: ask.sourceBucket, quotaBytes, actor })
  if (!made) return err('restore.bucket_exists', { bucket })
  await audit('backup.bucket_restore_requested', 'ok', { ...ask, bucket, quotaBytes: Number(quotaBytes) })
  return ok({ bucket })
}

/**
 * The copy of an accepted restore: the bucket made as data buckets are, the copy's objects copied
 * into it server-side, the row completed and audited. Run again after a crash it copies again and
 * ends the same; a restore already copied is not copied twice. Null when there is no such restore.
 */
export async function copyRestoredBucket(deps: Deps, bucket: string, actor: Actor): Promise<RestoredBucket | null> {
  const row = await deps.db.bucketRestore.findUnique({ where: { bucket } })
  if (row === null) return null
  if (row.copiedAt !== null) return { bucket, objects: row.objects ?? 0, bytes: Number(row.bytes ?? 0n) }
  const [loaded] = await loadProjects(deps.db, [row.projectId])
  if (!loaded) return null
  const { intent } = loaded
  const want = desiredState(
    { ...intent, restoredBuckets: [{ name: bucket, quotaBytes: row.quotaBytes }] },
    settingsOf(deps),
  )
  await makeBucket(
    deps.storage,
    row.projectId,
    want.buckets.find((b) => b.name === bucket)!,
  )
  const copies = await copiesOf(deps.storage, intent.namespace, row.sourceBucket)
  const prefix = `${COPY_PREFIX}${row.sourceBucket}/`
  const backup = backupBucketName(intent.namespace)
  for (const o of copies)
    await deps.storage.copyObject({ bucket: backup, key: o.key }, { bucket, key: o.key.slice(prefix.length) })
  const restored = { bucket, objects: copies.length, bytes: copies.reduce((sum, o) => sum + o.size, 0) }
  await deps.db.bucketRestore.update({
    where: { bucket },
    data: { copiedAt: new Date(), objects: restored.objects, bytes: BigInt(restored.bytes) },
  })
  await auditFor(deps.db, intent, actor)('backup.bucket_restored', 'ok', {
    ...restored,
    sourceBucket: row.sourceBucket,
  })
  return restored
}

const settingsOf = (deps: Deps) => deps.settings ?? DEFAULT_SETTINGS

/** The source's copy in the backup bucket; none for a bucket that is not one of the project's data buckets. */
async function copiesOf(storage: ObjectStorage, namespace: string, source: string): Promise<ListedObject[]> {
  const backup = backupBucketName(namespace)
  if (projectBucketPurpose(namespace, source) !== 'data' || !(await storage.bucketExists(backup))) return []
  return storage.listObjects(backup, `${COPY_PREFIX}${source}/`)
}

/** What the project's object storage holds now: its data buckets' bytes and its restored buckets' quotas. */
async function usedBytes(deps: Deps, intent: ProjectIntent): Promise<number> {
  let used = 0
  for (const b of desiredState(intent, settingsOf(deps)).buckets) {
    if (b.purpose === 'restore') used += Number(b.quotaBytes)
    else if (b.purpose === 'data' && (await deps.storage.bucketExists(b.name)))
      used += (await deps.storage.listObjects(b.name, '')).reduce((sum, o) => sum + o.size, 0)
  }
  return used
}

/**
 * The row, with the project's reconcile (its keys' policy gains the bucket) and the copy's job
 * queued in the same transaction; false when the name was taken meanwhile (the bucket column is
 * unique). The copy's job is retried as the queue retries (it is not someone's wait).
 */
async function recordRestore(
  db: Db,
  row: { projectId: string; bucket: string; sourceBucket: string; quotaBytes: bigint; actor: Actor },
): Promise<boolean> {
  const { actor, ...data } = row
  try {
    await db.$transaction(async (tx) => {
      await tx.bucketRestore.create({
        data: { ...data, requestedById: actor.id?.startsWith('system:') ? null : actor.id },
      })
      await enqueue(tx, { kind: RECONCILE_JOB, key: row.projectId, payload: { reason: 'bucket_restore' } })
      await enqueue(tx, {
        kind: BUCKET_RESTORE_COPY_JOB,
        key: row.bucket,
        payload: { bucket: row.bucket, actor: { id: actor.id, label: actor.label } },
      })
    })
    return true
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return false
    throw error
  }
}

function auditFor(db: Db, intent: ProjectIntent, actor: Actor) {
  return async (action: string, outcome: 'ok' | 'denied', after: Record<string, unknown>) => {
    const project = await db.project.findUniqueOrThrow({ where: { id: intent.projectId }, select: { agencyId: true } })
    await recordAudit(db, {
      actor,
      action,
      entityType: 'Project',
      entityId: intent.projectId,
      agencyId: project.agencyId,
      outcome,
      after: { ...after, namespace: intent.namespace },
    })
  }
}
