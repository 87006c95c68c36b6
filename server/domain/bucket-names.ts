// How a project's buckets are named: the provisioning reconciler makes them by these names, and the
// security scanner finds a project's buckets among the storage's by the same rule (one home).
import { shortHash } from './slug'

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

/** The project's backup bucket (object-locked where the storage can). */
export const backupBucketName = (namespace: string): string => bucketName(namespace, 'backup')

/** A bucket a restore made from the backup's copy of a data bucket (decision 0056): `-restore-<label>`. */
export const restoredBucketName = (namespace: string, label: string): string =>
  bucketName(namespace, `restore-${label}`)

/** What a restored bucket's label may be: a short DNS-label piece, so the name stays the project's. */
export const RESTORE_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,18}[a-z0-9])?$/

export type BucketPurpose = 'data' | 'backup' | 'restore'

/** Which of a project's buckets this name is, if any: data, backup, or one a restore made. */
export function projectBucketPurpose(namespace: string, bucket: string): BucketPurpose | null {
  if (bucket === backupBucketName(namespace)) return 'backup'
  if (isRestoredBucket(namespace, bucket)) return 'restore'
  const match = /-data(?:-(\d{1,4}))?$/.exec(bucket)
  if (!match) return null
  const n = match[1] === undefined ? 1 : Number(match[1])
  return n >= 1 && bucket === bucketName(namespace, n === 1 ? 'data' : `data-${n}`) ? 'data' : null
}

/** Whether a bucket name is one the console would make for this namespace (for orphans). */
export function isProjectBucket(namespace: string, bucket: string): boolean {
  return projectBucketPurpose(namespace, bucket) !== null
}

/** Whichever `-restore-` in the name begins the label, the whole name must be the one made from it. */
function isRestoredBucket(namespace: string, bucket: string): boolean {
  for (let at = bucket.indexOf('-restore-'); at >= 0; at = bucket.indexOf('-restore-', at + 1)) {
    const label = bucket.slice(at + '-restore-'.length)
    if (RESTORE_LABEL.test(label) && restoredBucketName(namespace, label) === bucket) return true
  }
  return false
}
