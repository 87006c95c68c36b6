// The object storage adapter against the real SeaweedFS: bucket settings written and read back in
// the console's terms, idempotent creation, public-access drift visible, bucket quota through
// SeaweedFS's extension, identities with access keys scoped by policy, emptying and deleting.
import { randomBytes } from 'node:crypto'
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketAclCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PlatformError } from '#server/platform/errors'
import { connectObjectStorage, type ObjectStorage } from '#server/platform/storage/object-storage'
import { requireStackSetting, stackEnv } from '../../helpers/stack-env'
import { adminS3Client, connectStackStorage, s3ClientWith } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'

const run = `${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`
const bucket = `it-sa-${run}`
const other = `it-sa-other-${run}`
const user = `it-sa-user-${run}`
let storage: ObjectStorage

beforeAll(() => {
  storage = connectStackStorage()
})
afterAll(async () => {
  if (!storage) return
  await storage.deleteUser(user, ['project-buckets']).catch(() => undefined)
  for (const name of [bucket, other]) {
    await storage.emptyBucket(name).catch(() => undefined)
    await storage.deleteBucket(name).catch(() => undefined)
  }
  storage.close()
})

describe('object storage adapter (real SeaweedFS)', () => {
  it('creates a bucket once and reports an existing one as not created', async () => {
    expect(await storage.createBucket(bucket, { objectLock: false })).toBe(true)
    expect(await storage.createBucket(bucket, { objectLock: false })).toBe(false)
    expect(await storage.bucketExists(bucket)).toBe(true)
    expect(await storage.bucketExists(`${bucket}-absent`)).toBe(false)
    expect(await storage.readBucket(`${bucket}-absent`)).toBeNull()
    expect(await storage.listBuckets()).toContain(bucket)
  })

  it('reads a bare bucket as unversioned, unencrypted, without access block, lifecycle or quota', async () => {
    expect(await storage.readBucket(bucket)).toMatchObject({
      versioning: 'Off',
      encryption: null,
      publicAccessBlock: null,
      policy: null,
      publicGrants: [],
      lifecycle: [],
      quotaBytes: null,
      objectLock: { enabled: false },
    })
  })

  it('writes versioning, encryption, public access block, lifecycle and quota, and reads them back', async () => {
    await storage.setVersioning(bucket, 'Enabled')
    await storage.setDefaultEncryption(bucket, 'AES256')
    await storage.blockPublicAccess(bucket)
    await storage.setLifecycle(bucket, [
      { id: 'noncurrent-versions', noncurrentDays: 30 },
      { id: 'abort-multipart', abortMultipartDays: 7 },
    ])
    await storage.setQuota(bucket, 5n * 1024n ** 3n)
    const state = await storage.readBucket(bucket)
    expect(state).toMatchObject({
      versioning: 'Enabled',
      encryption: 'AES256',
      publicAccessBlock: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
      quotaBytes: 5n * 1024n ** 3n,
    })
    expect(state?.lifecycle).toEqual(
      expect.arrayContaining([
        { id: 'noncurrent-versions', noncurrentDays: 30 },
        { id: 'abort-multipart', abortMultipartDays: 7 },
      ]),
    )
    await storage.setQuota(bucket, null)
    expect((await storage.readBucket(bucket))?.quotaBytes).toBeNull()
  })

  it('sees a bucket made public by hand (ACL for everyone, a public policy) and makes it private again', async () => {
    const env = stackEnv()
    const admin = adminS3Client()
    await storage.createBucket(other, { objectLock: false })
    await admin.send(new PutBucketAclCommand({ Bucket: other, ACL: 'public-read' }))
    await admin.send(
      new PutBucketPolicyCommand({
        Bucket: other,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${other}/*`] },
          ],
        }),
      }),
    )
    const exposed = await storage.readBucket(other)
    expect(exposed?.publicGrants).toEqual(['AllUsers:READ'])
    expect(exposed?.policy).toContain('"Principal":"*"')
    expect((await fetch(`${env.S3_ENDPOINT}/${other}`)).status).toBe(200)

    await storage.makeAclPrivate(other)
    await storage.deleteBucketPolicy(other)
    await storage.blockPublicAccess(other)
    const repaired = await storage.readBucket(other)
    expect(repaired?.publicGrants).toEqual([])
    expect(repaired?.policy).toBeNull()
    expect((await fetch(`${env.S3_ENDPOINT}/${other}`)).status).toBe(403)
    admin.destroy()
  })

  it('creates an identity whose access key reaches its own bucket only', { timeout: 60_000 }, async () => {
    expect(await storage.ensureUser(user)).toBe(true)
    expect(await storage.ensureUser(user)).toBe(false)
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'],
          Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        },
      ],
    }
    await storage.putUserPolicy(user, 'project-buckets', policy)
    expect(await storage.getUserPolicy(user, 'project-buckets')).toMatchObject({ Statement: [{ Effect: 'Allow' }] })
    const key = await storage.createAccessKey(user)
    expect(await storage.listAccessKeys(user)).toEqual([key.accessKeyId])

    const tenant = s3ClientWith(key)
    await eventually('the new key to work', 20_000, async () => {
      await tenant.send(new PutObjectCommand({ Bucket: bucket, Key: 'hồ-sơ.txt', Body: 'dữ liệu' }))
      return true
    })
    const got = await tenant.send(new GetObjectCommand({ Bucket: bucket, Key: 'hồ-sơ.txt' }))
    expect(await got.Body?.transformToString()).toBe('dữ liệu')
    const denied = await tenant.send(new ListObjectsV2Command({ Bucket: other })).catch((e: unknown) => e)
    expect(denied).toBeInstanceOf(S3ServiceException)
    expect((denied as S3ServiceException).$metadata.httpStatusCode).toBe(403)
    tenant.destroy()

    await storage.deleteAccessKey(user, key.accessKeyId)
    expect(await storage.listAccessKeys(user)).toEqual([])
    expect(await storage.deleteUser(user, ['project-buckets'])).toBe(true)
    expect(await storage.deleteUser(user, ['project-buckets'])).toBe(false)
  })

  it('empties a versioned bucket (every version and delete marker) and deletes it', async () => {
    const admin = adminS3Client()
    await admin.send(new PutObjectCommand({ Bucket: bucket, Key: 'a.txt', Body: '1' }))
    await admin.send(new PutObjectCommand({ Bucket: bucket, Key: 'a.txt', Body: '2' }))
    admin.destroy()
    const emptied = await storage.emptyBucket(bucket)
    expect(emptied.deleted).toBeGreaterThanOrEqual(3)
    expect(emptied.retained).toBe(0)
    expect(await storage.deleteBucket(bucket)).toBe(true)
    expect(await storage.deleteBucket(bucket)).toBe(false)
  })

  it('classifies an unreachable S3 server as unavailable (retryable)', async () => {
    const down = connectObjectStorage({
      endpoint: 'http://127.0.0.1:1',
      region: requireStackSetting('S3_REGION'),
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      requestTimeoutMs: 2_000,
    })
    const error = await down.listBuckets().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PlatformError)
    expect(error).toMatchObject({ system: 'storage', kind: 'unavailable', retryable: true })
    down.close()
  })
})
