import { execFileSync } from 'node:child_process'
import {
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectRetentionCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LockedObjects } from '#server/platform/storage/locked-objects'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { adminS3Client, s3StatusOf } from '../../helpers/platform'
import { requireStackSetting } from '../../helpers/stack-env'
import { TEST_BUCKET, appendEntries, connectTestBucket, trailOf, type Trail } from './support'

// What SeaweedFS (the pinned build) enforces of the checkpoints' object lock, tried with the
// storage administrator's own keys (decision 0036): through the S3 API nothing removes, shortens
// or replaces a checkpoint in COMPLIANCE mode, and what can be added (a later version, a delete
// marker) does not change what the verifier reads. Below the S3 API, whoever runs the storage
// server and holds its filer key can still delete the files: that gap is pinned here, and the
// verifier reports the checkpoint missing.

let bucket: LockedObjects
let admin: S3Client
let t: TestDatabase
let trail: Trail

beforeAll(async () => {
  bucket = connectTestBucket()
  await bucket.ensureBucket(1)
  admin = adminS3Client()
  t = await createTestDatabase()
  trail = trailOf(t, bucket)
  for (let i = 0; i < 4; i++) {
    await appendEntries(t.db, 2)
    await trail.checkpoint()
  }
})
afterAll(async () => {
  bucket?.close()
  admin?.destroy()
  await t?.drop()
})

const keyOf = async (number: number) => (await t.db.auditCheckpoint.findUniqueOrThrow({ where: { number } })).objectKey
const firstVersion = async (key: string) => (await bucket.list(key))[0]!.versionId

describe('the checkpoint bucket on SeaweedFS, as its administrator', () => {
  it('cannot delete a checkpoint, shorten or weaken its lock, unversion the bucket or delete it', async () => {
    const Key = await keyOf(2)
    const VersionId = await firstVersion(Key)
    const Bucket = TEST_BUCKET
    expect(await s3StatusOf(admin.send(new DeleteObjectCommand({ Bucket, Key, VersionId })))).toBe(403)
    expect(
      await s3StatusOf(
        admin.send(new DeleteObjectCommand({ Bucket, Key, VersionId, BypassGovernanceRetention: true })),
      ),
    ).toBe(403)
    const soon = new Date(Date.now() + 60_000)
    for (const Retention of [
      { Mode: 'COMPLIANCE' as const, RetainUntilDate: soon },
      { Mode: 'GOVERNANCE' as const, RetainUntilDate: new Date(Date.now() + 7_200_000) },
    ]) {
      expect(
        await s3StatusOf(
          admin.send(
            new PutObjectRetentionCommand({ Bucket, Key, VersionId, Retention, BypassGovernanceRetention: true }),
          ),
        ),
      ).toBe(403)
    }
    expect(
      await s3StatusOf(
        admin.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Suspended' } })),
      ),
    ).toBe(409)
    expect(await s3StatusOf(admin.send(new DeleteBucketCommand({ Bucket })))).toBe(409)
    const still = await admin.send(new GetObjectCommand({ Bucket, Key, VersionId }))
    expect(JSON.parse(await still.Body!.transformToString())).toMatchObject({ number: 2 })
    expect(await trail.verify()).toMatchObject({ intact: true, checkpoints: 4, overwritten: [] })
  })

  it('can write over a checkpoint or hide it behind a delete marker, and the verifier still reads the first version', async () => {
    const Bucket = TEST_BUCKET
    const overwritten = await keyOf(3)
    await admin.send(new PutObjectCommand({ Bucket, Key: overwritten, Body: '{"forged":true}' }))
    await admin.send(new DeleteObjectCommand({ Bucket, Key: await keyOf(1) }))
    expect(await trail.verify()).toMatchObject({ intact: true, checkpoints: 4, verified: 8, overwritten: [3] })
  })
})

describe('the checkpoint bucket below the S3 API, as whoever runs the storage server', () => {
  /** `weed shell` in the storage's state folder (which holds the filer's signing key). */
  const weedShell = (command: string) =>
    execFileSync(
      requireStackSetting('SEAWEEDFS_WEED_BIN'),
      [
        'shell',
        `-master=${requireStackSetting('SEAWEEDFS_MASTER_ADDRESS')}`,
        `-filer=${requireStackSetting('SEAWEEDFS_FILER_ADDRESS')}`,
      ],
      { cwd: requireStackSetting('SEAWEEDFS_STATE_DIR'), input: `${command}\n`, encoding: 'utf8', timeout: 60_000 },
    )

  it('can delete locked checkpoints from the filer, which the verifier reports as missing', async () => {
    // Object lock is enforced by the S3 gateway only: the filer removes the files of a version
    // still under COMPLIANCE retention (the gap decision 0036 records).
    const newest = await keyOf(4)
    weedShell(`fs.rm -r /buckets/${TEST_BUCKET}/${newest}.versions`)
    expect(await bucket.list(newest)).toEqual([])
    expect(await trail.verify()).toMatchObject({
      intact: false,
      checkpoints: 3,
      checkpointProblem: { number: 4, reason: 'missing' },
    })
    weedShell(`fs.rm -r /buckets/${TEST_BUCKET}/${await keyOf(2)}.versions`)
    expect(await trail.verify()).toMatchObject({ checkpoints: 1, checkpointProblem: { number: 2, reason: 'missing' } })
  })
})
