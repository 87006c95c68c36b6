import { connectLockedObjects, type LockedObjects } from '#server/platform/storage/locked-objects'
import { requireStackSetting } from './stack-env'

// The audit trail's checkpoints in the tests (decision 0036): the stack's SeaweedFS bucket, one
// for all test runs with a prefix per test database or console, as each deployment has its own.

export const TEST_BUCKET = 'govcloud-test-audit-checkpoints'
/** Test checkpoints are locked for an hour (the bucket's default, one day, is the minimum S3 allows there). */
export const TEST_RETENTION_MS = 3_600_000
export const STALE_AFTER_MS = 60_000

export function connectTestBucket(): LockedObjects {
  return connectLockedObjects({
    endpoint: requireStackSetting('S3_ENDPOINT'),
    region: requireStackSetting('S3_REGION'),
    credentials: {
      accessKeyId: requireStackSetting('S3_ADMIN_ACCESS_KEY_ID'),
      secretAccessKey: requireStackSetting('S3_ADMIN_SECRET_ACCESS_KEY'),
    },
    bucket: TEST_BUCKET,
  })
}
