// Which restore a project may have (decision 0053, "Restore rules"), pure: one of its own backups
// (made through its own location, of its namespace and nothing else, completed) into its own
// namespace, never another, whatever the request names. server/provisioning/restores.ts reads the
// backup and acts.
import { projectBucketPurpose, RESTORE_LABEL } from './bucket-names'
import { err, ok, type Result } from './errors'

export interface BackupFacts {
  readonly spec?: { readonly storageLocation?: unknown; readonly includedNamespaces?: unknown }
  readonly status?: { readonly phase?: unknown }
}

export interface RestoreAsk {
  readonly backupName: string
  /** Where the request says to restore into; absent means the project's namespace. */
  readonly namespace?: string
}

export interface RestoreObject {
  readonly apiVersion: 'velero.io/v1'
  readonly kind: 'Restore'
  readonly metadata: { readonly name: string; readonly labels: Record<string, string> }
  readonly spec: Record<string, unknown>
}

interface Project {
  readonly namespace: string
  /** The console's labels of the project, put on the Restore. */
  readonly labels: Record<string, string>
}

/** The Restore to create, or why not: the backup is the project's own, and so is the target. */
export function checkRestore(
  project: Project,
  ask: RestoreAsk,
  backup: BackupFacts | null,
  restoreName: string,
): Result<RestoreObject> {
  if (ask.namespace !== undefined && ask.namespace !== project.namespace)
    return err('restore.other_namespace', { namespace: ask.namespace })
  // Another project's backup answers as one that does not exist: its name tells nothing.
  if (backup === null || !isProjectsOwn(project, backup))
    return err('restore.backup_not_found', { backup: ask.backupName })
  if (backup.status?.phase !== 'Completed')
    return err('restore.backup_not_completed', { backup: ask.backupName, phase: phaseOf(backup) })
  return ok({
    apiVersion: 'velero.io/v1',
    kind: 'Restore',
    metadata: { name: restoreName, labels: project.labels },
    spec: {
      backupName: ask.backupName,
      includedNamespaces: [project.namespace],
      // What exists stays as it is: a restore brings back what is missing, it never overwrites.
      existingResourcePolicy: 'none',
    },
  })
}

/** Made through the project's own location (named after its namespace), of its namespace alone. */
function isProjectsOwn(project: Project, backup: BackupFacts): boolean {
  const namespaces = backup.spec?.includedNamespaces
  return (
    backup.spec?.storageLocation === project.namespace &&
    Array.isArray(namespaces) &&
    namespaces.length === 1 &&
    namespaces[0] === project.namespace
  )
}

function phaseOf(backup: BackupFacts): string {
  const phase = backup.status?.phase
  return typeof phase === 'string' ? phase : ''
}

/** What a restore of a data bucket's copy into a new bucket of the project needs to know. */
export interface BucketRestoreFacts {
  readonly namespace: string
  /** The data bucket whose copy (in the backup bucket) is restored, as asked. */
  readonly sourceBucket: string
  /** The new bucket's label as asked, and its name (restoredBucketName of the label). */
  readonly label: string
  readonly bucket: string
  readonly bucketExists: boolean
  /** What the backup bucket holds of the source's copy: its current objects and their bytes. */
  readonly copy: { readonly objects: number; readonly bytes: number }
  /** The object storage granted, and what the project's buckets hold or reserve now, in bytes. */
  readonly grantedBytes: number
  readonly usedBytes: number
}

/**
 * What the storage counts beyond an object's bytes: SeaweedFS's quota and its per-bucket size read
 * the volumes, where each object (each chunk of a large one) is a needle with its header, name,
 * type, checksum and timestamps (56 bytes over a 100,000-byte object on the stack, 2026-12-07). A
 * quota of the copy's bytes alone was passed by the copy itself: SeaweedFS made the bucket
 * read-only within its minute, so a copy longer than that failed and was retried for ever, and
 * the bucket alerts flagged every restored bucket (decision 0086). 1 KiB an object holds the
 * longest names; 1/1024 of the bytes the chunks' needles.
 */
export function restoredBucketQuota(copy: { readonly objects: number; readonly bytes: number }): number {
  return copy.bytes + copy.objects * 1024 + Math.ceil(copy.bytes / 1024)
}

/**
 * The new bucket and its quota (the copy's bytes and what the storage counts beside them), or why
 * not: only a data bucket of this project that has a copy (another's, or one never copied,
 * answers as having none: its name tells nothing), never into a name that exists, never past the
 * project's free object storage.
 */
export function checkBucketRestore(facts: BucketRestoreFacts): Result<{ bucket: string; quotaBytes: number }> {
  if (!RESTORE_LABEL.test(facts.label)) return err('restore.label_invalid', { label: facts.label })
  if (projectBucketPurpose(facts.namespace, facts.sourceBucket) !== 'data' || facts.copy.objects === 0)
    return err('restore.bucket_not_found', { bucket: facts.sourceBucket })
  if (facts.bucketExists) return err('restore.bucket_exists', { bucket: facts.bucket })
  const room = Math.max(0, facts.grantedBytes - facts.usedBytes)
  // What is reserved is the quota: it is what restored buckets count against the grant.
  const needed = restoredBucketQuota(facts.copy)
  // Without object storage granted the project has no bucket to keep, not even an empty one.
  if (needed > room || facts.grantedBytes <= 0) return err('restore.no_bucket_room', { needed, room })
  return ok({ bucket: facts.bucket, quotaBytes: needed })
}
