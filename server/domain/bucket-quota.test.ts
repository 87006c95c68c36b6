import { describe, expect, it } from 'vitest'
import { bucketQuotas, splitEvenly, stepBucket } from './bucket-quota'

// A bucket's quota as the provisioning cuts it, and its over-quota flag with hysteresis.

describe("a bucket's quota", () => {
  it('splits the object storage evenly over the data buckets, the remainder to the first', () => {
    expect(splitEvenly(10n, 3)).toEqual([4n, 3n, 3n])
    expect(
      bucketQuotas('so-y-te-benh-an', { objectStorage: 1000n, buckets: 3n, backupStorage: 500n }).map((b) => [
        b.name,
        b.resource,
        b.quotaBytes,
      ]),
    ).toEqual([
      ['so-y-te-benh-an-data', 'objectStorage', 334n],
      ['so-y-te-benh-an-data-2', 'objectStorage', 333n],
      ['so-y-te-benh-an-data-3', 'objectStorage', 333n],
      ['so-y-te-benh-an-backup', 'backupStorage', 500n],
    ])
  })

  it('gives one data bucket when none is counted, and none without storage granted', () => {
    expect(bucketQuotas('a', { objectStorage: 7n, buckets: 0n, backupStorage: 0n })).toEqual([
      { name: 'a-data', purpose: 'data', resource: 'objectStorage', quotaBytes: 7n },
    ])
    expect(bucketQuotas('a', { objectStorage: 0n, buckets: 2n, backupStorage: 0n })).toEqual([])
  })

  it("gives each bucket a restore made its copy's bytes, on the object storage granted", () => {
    const restored = [{ name: 'a-restore-thang-11', quotaBytes: 100_000n }]
    expect(bucketQuotas('a', { objectStorage: 1000n, buckets: 1n, backupStorage: 500n, restored })).toEqual([
      { name: 'a-data', purpose: 'data', resource: 'objectStorage', quotaBytes: 1000n },
      { name: 'a-restore-thang-11', purpose: 'restore', resource: 'objectStorage', quotaBytes: 100_000n },
      { name: 'a-backup', purpose: 'backup', resource: 'backupStorage', quotaBytes: 500n },
    ])
    // They go with the object storage granted, as the provisioning removes them.
    expect(bucketQuotas('a', { objectStorage: 0n, buckets: 1n, backupStorage: 500n, restored })).toEqual([
      { name: 'a-backup', purpose: 'backup', resource: 'backupStorage', quotaBytes: 500n },
    ])
  })
})

describe("a bucket's over-quota flag", () => {
  it('is raised past the quota, held while within 5 points below it, cleared under that', () => {
    expect(stepBucket(0, 999n, 1000n)).toEqual({ level: 0, raised: false })
    expect(stepBucket(0, 1000n, 1000n)).toEqual({ level: 100, raised: true })
    expect(stepBucket(100, 1001n, 1000n)).toEqual({ level: 100, raised: false })
    expect(stepBucket(100, 950n, 1000n)).toEqual({ level: 100, raised: false })
    expect(stepBucket(100, 949n, 1000n)).toEqual({ level: 0, raised: false })
  })

  it('keeps the flag when the bytes are not measured', () => {
    expect(stepBucket(100, null, 1000n)).toEqual({ level: 100, raised: false })
  })
})
