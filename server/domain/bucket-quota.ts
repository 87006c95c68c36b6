// A bucket's own quota and whether it is over it (issue 14: "the console itself flags a bucket over
// its quota within one metering interval"). The object storage granted is split evenly over the
// granted data buckets, the remainder to the first (SeaweedFS enforces quotas per bucket); the
// backup bucket holds the backup storage granted; a bucket a restore made holds its copy's bytes,
// reserved from the object storage granted (decisions 0056, 0086). S3 servers enforce quotas
// late, so a bucket can hold more than its quota for a while: the console flags it, with the
// hysteresis every threshold has (decision 0050), so a bucket hovering at its quota is flagged
// once per crossing. Pure.
import { backupBucketName, dataBucketNames, type BucketPurpose } from './bucket-names'
import { nextLevel, type Ladder, type LevelStep } from './threshold-levels'

/** `total` split over `count` parts, the remainder to the first. */
export function splitEvenly(total: bigint, count: number): bigint[] {
  const share = total / BigInt(count)
  return Array.from({ length: count }, (_, i) => (i === 0 ? share + (total - share * BigInt(count)) : share))
}

export interface BucketQuota {
  readonly name: string
  readonly purpose: BucketPurpose
  readonly resource: 'objectStorage' | 'backupStorage'
  readonly quotaBytes: bigint
}

/** The grants a project's buckets are cut from (canonical units: bytes, a count). */
export interface BucketGrants {
  readonly objectStorage: bigint
  readonly buckets: bigint
  readonly backupStorage: bigint
  /** The buckets the project's restores made, each with its quota (its copy's bytes). */
  readonly restored?: readonly { readonly name: string; readonly quotaBytes: bigint }[]
}

/**
 * A project's buckets with their quotas, as the provisioning makes them (desired/buckets.ts); none
 * without storage granted. Restored buckets live on the object storage granted, as data buckets do.
 */
export function bucketQuotas(namespace: string, grants: BucketGrants): BucketQuota[] {
  const data: BucketQuota[] = []
  if (grants.objectStorage > 0n) {
    const count = Number(grants.buckets > 0n ? grants.buckets : 1n)
    const shares = splitEvenly(grants.objectStorage, count)
    for (const [i, name] of dataBucketNames(namespace, count).entries())
      data.push({ name, purpose: 'data', resource: 'objectStorage', quotaBytes: shares[i]! })
    for (const { name, quotaBytes } of grants.restored ?? [])
      data.push({ name, purpose: 'restore', resource: 'objectStorage', quotaBytes })
  }
  if (grants.backupStorage <= 0n) return data
  const backup = backupBucketName(namespace)
  return [...data, { name: backup, purpose: 'backup', resource: 'backupStorage', quotaBytes: grants.backupStorage }]
}

/** One level: over quota (100 %), cleared when the bucket falls 5 points below it. */
export const BUCKET_LADDER: Ladder = { levels: [100], clearMargin: 5 }
export const OVER_QUOTA = 100

/** The bucket's next level from the level held and its bytes now (null: not measured, nothing changes). */
export function stepBucket(current: number, bytes: bigint | null, quotaBytes: bigint): LevelStep {
  return nextLevel(BUCKET_LADDER, current, bytes, quotaBytes)
}
