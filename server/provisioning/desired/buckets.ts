// The buckets: the object storage granted, split evenly over the granted number of data buckets
// (SeaweedFS enforces quotas per bucket), and a backup bucket with compliance retention. Every
// bucket is versioned, encrypted and private; old versions and stale uploads expire.
import { backupBucketName, dataBucketNames, type BucketPurpose } from '../../domain/bucket-names'
import { splitEvenly } from '../../domain/bucket-quota'
import type { LifecycleRule } from '../../platform/storage/object-storage'
import { granted, type PostureNote, type ProjectIntent, type ProvisioningSettings } from './model'

// The names are the domain's (server/domain/bucket-names.ts), shared with the security scanner.
export { bucketName, dataBucketNames, isProjectBucket } from '../../domain/bucket-names'

export interface DesiredBucket {
  readonly name: string
  /** `restore`: made by a restore from the backup's copy of a data bucket (decision 0056). */
  readonly purpose: BucketPurpose
  readonly quotaBytes: bigint
  readonly versioning: 'Enabled'
  readonly encryption: 'AES256'
  readonly lifecycle: readonly LifecycleRule[]
  /** Compliance retention of a backup bucket; null when not wanted or not supported. */
  readonly objectLock: { readonly mode: 'COMPLIANCE'; readonly days: number } | null
}

/** The data buckets, those restores made, then the backup bucket; a note when backups cannot be locked. */
export function desiredBuckets(
  intent: ProjectIntent,
  settings: ProvisioningSettings,
): { buckets: DesiredBucket[]; notes: PostureNote[] } {
  const backup = backupBucket(intent, settings)
  return {
    buckets: [...dataBuckets(intent, settings), ...(backup ? [backup] : [])],
    notes: backup && !settings.objectLockSupported ? [OBJECT_LOCK_UNSUPPORTED] : [],
  }
}

const OBJECT_LOCK_UNSUPPORTED: PostureNote = {
  code: 'backup.object_lock_unsupported',
  severity: 'high',
  message: 'The object storage has no object lock: backups can be deleted before their retention ends.',
}

function dataBuckets(intent: ProjectIntent, settings: ProvisioningSettings): DesiredBucket[] {
  const objectStorage = granted(intent, 'objectStorage')
  if (objectStorage <= 0n) return []
  const count = Number(granted(intent, 'buckets') > 0n ? granted(intent, 'buckets') : 1n)
  // The remainder of the split goes to the first bucket; the console's flag reads the same split.
  const shares = splitEvenly(objectStorage, count)
  const data = dataBucketNames(intent.namespace, count).map((name, i) => dataLike(name, 'data', shares[i]!, settings))
  // Restored buckets live on the object storage granted: they go when it does (teardown, retire).
  const restored = (intent.restoredBuckets ?? []).map((b) => dataLike(b.name, 'restore', b.quotaBytes, settings))
  return [...data, ...restored]
}

function dataLike(
  name: string,
  purpose: 'data' | 'restore',
  quotaBytes: bigint,
  settings: ProvisioningSettings,
): DesiredBucket {
  return {
    name,
    purpose,
    quotaBytes,
    versioning: 'Enabled',
    encryption: 'AES256',
    lifecycle: [
      { id: 'govcloud-noncurrent-versions', noncurrentDays: settings.noncurrentVersionDays },
      { id: 'govcloud-abort-multipart', abortMultipartDays: settings.abortMultipartDays },
    ],
    objectLock: null,
  }
}

function backupBucket(intent: ProjectIntent, settings: ProvisioningSettings): DesiredBucket | null {
  const backup = granted(intent, 'backupStorage')
  if (backup <= 0n) return null
  const days = intent.allocation?.backupRetentionDays ?? settings.defaultBackupRetentionDays
  return {
    name: backupBucketName(intent.namespace),
    purpose: 'backup',
    quotaBytes: backup,
    versioning: 'Enabled',
    encryption: 'AES256',
    lifecycle: [
      { id: 'govcloud-noncurrent-versions', noncurrentDays: Math.max(days, settings.noncurrentVersionDays) },
      { id: 'govcloud-abort-multipart', abortMultipartDays: settings.abortMultipartDays },
    ],
    objectLock: settings.objectLockSupported ? { mode: 'COMPLIANCE', days } : null,
  }
}
