// The buckets: the object storage granted, split evenly over the granted number of data buckets
// (SeaweedFS enforces quotas per bucket), and a backup bucket with compliance retention. Every
// bucket is versioned, encrypted and private; old versions and stale uploads expire.
import { shortHash } from '../../domain/slug'
import type { LifecycleRule } from '../../platform/storage/object-storage'
import { granted, type PostureNote, type ProjectIntent, type ProvisioningSettings } from './model'

export interface DesiredBucket {
  readonly name: string
  readonly purpose: 'data' | 'backup'
  readonly quotaBytes: bigint
  readonly versioning: 'Enabled'
  readonly encryption: 'AES256'
  readonly lifecycle: readonly LifecycleRule[]
  /** Compliance retention of a backup bucket; null when not wanted or not supported. */
  readonly objectLock: { readonly mode: 'COMPLIANCE'; readonly days: number } | null
}

const S3_BUCKET_MAX = 63

/**
 * An S3 bucket name from the namespace and a suffix: at most 63 characters, lowercase letters,
 * digits and hyphens (the namespace already is), none of the prefixes S3 reserves. A namespace
 * too long for the suffix keeps its start and gains an 8-digit hash of the whole name.
 */
export function bucketName(namespace: string, suffix: string): string {
  let base = namespace
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(base)) base = `gc-${base}`
  const full = `${base}-${suffix}`
  if (full.length <= S3_BUCKET_MAX) return full
  const hash = shortHash(full)
  const room = S3_BUCKET_MAX - suffix.length - hash.length - 2
  return `${base.slice(0, room).replace(/-+$/, '')}-${hash}-${suffix}`
}

/** The data buckets of a project: `-data`, `-data-2`, … one per granted bucket. */
export function dataBucketNames(namespace: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => bucketName(namespace, i === 0 ? 'data' : `data-${i + 1}`))
}

/** Whether a bucket name is one the console would make for this namespace (for orphans). */
export function isProjectBucket(namespace: string, bucket: string): boolean {
  if (bucket === bucketName(namespace, 'backup')) return true
  const match = /-data(?:-(\d{1,4}))?$/.exec(bucket)
  if (!match) return false
  const n = match[1] === undefined ? 1 : Number(match[1])
  return n >= 1 && bucket === bucketName(namespace, n === 1 ? 'data' : `data-${n}`)
}

/** The data buckets, then the backup bucket; a note when backups cannot be locked. */
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
  const share = objectStorage / BigInt(count)
  return dataBucketNames(intent.namespace, count).map((name, i) => ({
    name,
    purpose: 'data',
    // The remainder of the split goes to the first bucket.
    quotaBytes: i === 0 ? share + (objectStorage - share * BigInt(count)) : share,
    versioning: 'Enabled',
    encryption: 'AES256',
    lifecycle: [
      { id: 'govcloud-noncurrent-versions', noncurrentDays: settings.noncurrentVersionDays },
      { id: 'govcloud-abort-multipart', abortMultipartDays: settings.abortMultipartDays },
    ],
    objectLock: null,
  }))
}

function backupBucket(intent: ProjectIntent, settings: ProvisioningSettings): DesiredBucket | null {
  const backup = granted(intent, 'backupStorage')
  if (backup <= 0n) return null
  const days = intent.allocation?.backupRetentionDays ?? settings.defaultBackupRetentionDays
  return {
    name: bucketName(intent.namespace, 'backup'),
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
