// The data of a project's buckets copied into its backup bucket (issue 15, decision 0053), on the
// schedule the agency chose: server-side CopyObject (the bytes never leave the storage), only what
// changed since the last copy (its ETag differs), under `buckets/<bucket>/<key>`. An object gone
// from its bucket gets a delete marker in the copy: the version before it stays, locked, for the
// retention, and then the backup bucket's lifecycle lets it go. What lands in the backup bucket is
// metered as backup storage (server/metering/measure.ts reads the bucket's bytes).
import { backupBucketName, projectBucketPurpose } from '../domain/bucket-names'
import { runOwed } from '../domain/cron-due'
import type { ListedObject, ObjectStorage } from '../platform/storage/object-storage'
import { auditProjectEvent } from './audit'
import { DEFAULT_SETTINGS, desiredState, type ProjectIntent, type ProvisioningSettings } from './desired'
import type { Db } from '../db/client'
import { loadProjects } from './intent'

export const COPY_PREFIX = 'buckets/'
/** The last copy's record, beside the copies: when it finished and what it did. */
export const COPY_RECORD = 'govcloud/last-copy.json'

export interface CopyPlan {
  readonly copy: readonly ListedObject[]
  /** Keys in the backup bucket whose source is gone. */
  readonly remove: readonly string[]
  readonly unchanged: number
}

export interface CopyRecord {
  readonly finishedAt: string
  readonly copied: number
  readonly bytesCopied: number
  readonly removed: number
  readonly unchanged: number
}

/** Pure: what to copy from one bucket, given what its copy under `prefix` holds. */
export function planCopies(source: readonly ListedObject[], copies: readonly ListedObject[], prefix: string): CopyPlan {
  const have = new Map(copies.map((o) => [o.key, o.etag]))
  const copy = source.filter((o) => have.get(prefix + o.key) !== o.etag)
  const present = new Set(source.map((o) => prefix + o.key))
  const remove = copies.map((o) => o.key).filter((key) => !present.has(key))
  return { copy, remove, unchanged: source.length - copy.length }
}

/**
 * Copies a project's data buckets when its schedule fell due since the last copy, or at once with
 * `force` (a backup taken now: decision 0056); null when it has no backups, nothing was owed, or it
 * has no backup bucket yet (the reconciler makes it).
 */
export async function copyProjectBuckets(
  deps: { db: Db; storage: ObjectStorage; settings?: ProvisioningSettings },
  intent: ProjectIntent,
  now: Date,
  options: { force?: boolean } = {},
): Promise<CopyRecord | null> {
  const schedule = intent.allocation?.backupSchedule ?? null
  const { buckets } = desiredState(intent, deps.settings ?? DEFAULT_SETTINGS)
  const backup = buckets.find((b) => b.purpose === 'backup')?.name
  if (intent.allocation?.state !== 'active' || schedule === null || backup === undefined) return null
  if (!(await deps.storage.bucketExists(backup))) return null
  const last = (await deps.storage.readJson(backup, COPY_RECORD)) as CopyRecord | null
  if (!options.force && !runOwed(schedule, last ? new Date(last.finishedAt) : null, now)) return null
  const data = buckets.filter((b) => b.purpose === 'data').map((b) => b.name)
  return copyInto(deps, intent.projectId, { data, backup }, now)
}

/**
 * A closed system's last copy (decision 0058): every data bucket of its namespace that is still
 * there, whatever its schedule says and although its grant has ended (which leaves no bucket desired).
 */
export async function copyRemainingBuckets(
  deps: { db: Db; storage: ObjectStorage },
  project: { projectId: string; namespace: string },
  now: Date,
): Promise<CopyRecord | null> {
  const backup = backupBucketName(project.namespace)
  if (!(await deps.storage.bucketExists(backup))) return null
  const data = (await deps.storage.listBuckets()).filter((b) => projectBucketPurpose(project.namespace, b) === 'data')
  return copyInto(deps, project.projectId, { data, backup }, now)
}

/** What changed in each data bucket copied into the backup bucket, the record written, audited. */
async function copyInto(
  deps: { db: Db; storage: ObjectStorage },
  projectId: string,
  buckets: { data: readonly string[]; backup: string },
  now: Date,
): Promise<CopyRecord> {
  const { backup } = buckets
  const totals = { copied: 0, bytesCopied: 0, removed: 0, unchanged: 0 }
  for (const name of buckets.data) {
    if (!(await deps.storage.bucketExists(name))) continue
    const prefix = `${COPY_PREFIX}${name}/`
    const [source, copies] = await Promise.all([
      deps.storage.listObjects(name, ''),
      deps.storage.listObjects(backup, prefix),
    ])
    const plan = planCopies(source, copies, prefix)
    for (const o of plan.copy) {
      await deps.storage.copyObject({ bucket: name, key: o.key }, { bucket: backup, key: prefix + o.key })
      totals.copied++
      totals.bytesCopied += o.size
    }
    for (const key of plan.remove) await deps.storage.deleteObject(backup, key)
    totals.removed += plan.remove.length
    totals.unchanged += plan.unchanged
  }
  const record: CopyRecord = { finishedAt: now.toISOString(), ...totals }
  await deps.storage.writeJson(backup, COPY_RECORD, record)
  await auditProjectEvent(deps.db, projectId, 'backup.buckets_copied', `Bucket/${backup}`, { ...totals })
  return record
}

export const BUCKET_COPIES_JOB = 'backup.copy_buckets'

/**
 * Every project whose copy is owed, one after another (the copies are server-side, the storage
 * does the work); a project that fails is named and the others still run. The failures, by project.
 */
export async function copyAllProjects(
  deps: { db: Db; storage: ObjectStorage; settings?: ProvisioningSettings },
  now: Date = new Date(),
): Promise<Map<string, string>> {
  const failures = new Map<string, string>()
  for (const { intent } of await loadProjects(deps.db)) {
    if (!intent.allocation?.backupSchedule) continue
    try {
      await copyProjectBuckets(deps, intent, now)
    } catch (error) {
      failures.set(intent.projectId, error instanceof Error ? error.message : String(error))
    }
  }
  return failures
}
