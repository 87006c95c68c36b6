// The local object storage is real SeaweedFS (`weed mini`, see infra/local/components/seaweedfs.sh):
// versioning, identities created through its embedded IAM API and denied outside their bucket, and
// probes of each bucket feature that provisioning needs (object lock, default encryption, public
// access block, lifecycle for noncurrent versions, quota enforcement, usage metrics).
// What passes here is what docs/decisions/0003-seaweedfs-for-object-storage.md says works.
// Needs `infra/local/stack up seaweedfs` (the Vitest global setup starts the stack).
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  GetObjectRetentionCommand,
  GetPublicAccessBlockCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketEncryptionCommand,
  PutBucketAclCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  PutObjectLockConfigurationCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminS3Client, s3ClientWith, type S3Keys } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { stackEnv } from '../../helpers/stack-env'

const runId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`
/** Buckets this run made, emptied and deleted afterwards (object-locked ones cannot be). */
const buckets: string[] = []
const iamUsers: string[] = []

let env: Record<string, string>
let admin: S3Client
let adminKeys: S3Keys

function bucketName(purpose: string): string {
  const name = `it-${purpose}-${runId}`
  buckets.push(name)
  return name
}

/** The S3 error a call failed with (its code and HTTP status), or a failure if it succeeded. */
async function s3Error(call: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  try {
    await call
  } catch (err) {
    if (err instanceof S3ServiceException) return { name: err.name, status: err.$metadata.httpStatusCode }
    throw err
  }
  throw new Error('the S3 server accepted a request that it should have refused')
}

// --- AWS Signature Version 4, for the two APIs that @aws-sdk/client-s3 has no command for:
// the IAM query API that SeaweedFS serves on its S3 port, and SeaweedFS's bucket quota extension.
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest()
const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

async function signedFetch(
  keys: S3Keys,
  service: 'iam' | 's3',
  method: string,
  url: string,
  body = '',
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const u = new URL(url)
  const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '')
  const scope = `${amzDate.slice(0, 8)}/${env.S3_REGION}/${service}/aws4_request`
  const payloadHash = sha256(body)
  const headers: Record<string, string> = {
    host: u.host,
    'x-amz-date': amzDate,
    'x-amz-content-sha256': payloadHash,
    ...Object.fromEntries(Object.entries(extraHeaders).map(([k, v]) => [k.toLowerCase(), v])),
  }
  const names = Object.keys(headers).sort()
  const query = [...u.searchParams]
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .sort()
    .join('&')
  const canonical = [
    method,
    u.pathname,
    query,
    names.map((n) => `${n}:${headers[n]!.trim()}\n`).join(''),
    names.join(';'),
    payloadHash,
  ].join('\n')
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n')
  let key = hmac(`AWS4${keys.secretAccessKey}`, amzDate.slice(0, 8))
  for (const part of [env.S3_REGION!, service, 'aws4_request']) key = hmac(key, part)
  const signature = createHmac('sha256', key).update(toSign).digest('hex')
  const { host: _host, ...sent } = headers
  const res = await fetch(u, {
    method,
    body: body === '' ? undefined : body,
    headers: {
      ...sent,
      authorization: `AWS4-HMAC-SHA256 Credential=${keys.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
    },
  })
  return { status: res.status, text: await res.text() }
}

/** One IAM action (query API, version 2010-05-08) against SeaweedFS's embedded IAM endpoint. */
async function iam(action: string, params: Record<string, string>): Promise<string> {
  const body = new URLSearchParams({ Action: action, Version: '2010-05-08', ...params }).toString()
  const res = await signedFetch(adminKeys, 'iam', 'POST', `${env.SEAWEEDFS_IAM_URL}/`, body, {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
  })
  if (res.status !== 200) throw new Error(`IAM ${action} answered ${res.status}: ${res.text}`)
  return res.text
}

const xmlValue = (xml: string, tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1]

/**
 * What a project's identity may do in its bucket: objects, their versions, tags and multipart
 * uploads, but no bucket settings (policy, ACLs, versioning, object lock, deletion), which only the
 * console changes.
 */
const TENANT_ACTIONS = [
  's3:ListBucket',
  's3:ListBucketVersions',
  's3:GetBucketLocation',
  's3:GetObject',
  's3:GetObjectVersion',
  's3:PutObject',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:GetObjectTagging',
  's3:PutObjectTagging',
  's3:ListMultipartUploadParts',
  's3:ListBucketMultipartUploads',
  's3:AbortMultipartUpload',
]

/** A new IAM user with an access key and an inline policy for one bucket (TENANT_ACTIONS). */
async function tenantFor(bucket: string): Promise<S3Keys> {
  const user = `it-tenant-${runId}`
  await iam('CreateUser', { UserName: user })
  iamUsers.push(user)
  const created = await iam('CreateAccessKey', { UserName: user })
  const keys = {
    accessKeyId: xmlValue(created, 'AccessKeyId') ?? '',
    secretAccessKey: xmlValue(created, 'SecretAccessKey') ?? '',
  }
  expect(keys.accessKeyId).not.toBe('')
  expect(keys.secretAccessKey).not.toBe('')
  await iam('PutUserPolicy', {
    UserName: user,
    PolicyName: 'project-bucket',
    PolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: TENANT_ACTIONS, Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] },
      ],
    }),
  })
  return keys
}

async function emptyAndDelete(bucket: string): Promise<void> {
  const versions = await admin.send(new ListObjectVersionsCommand({ Bucket: bucket }))
  for (const v of [...(versions.Versions ?? []), ...(versions.DeleteMarkers ?? [])]) {
    await admin.send(new DeleteObjectCommand({ Bucket: bucket, Key: v.Key!, VersionId: v.VersionId }))
  }
  await admin.send(new DeleteBucketCommand({ Bucket: bucket }))
}

beforeAll(() => {
  env = stackEnv()
  for (const key of [
    'S3_ENDPOINT',
    'S3_REGION',
    'S3_ADMIN_ACCESS_KEY_ID',
    'S3_ADMIN_SECRET_ACCESS_KEY',
    'SEAWEEDFS_IAM_URL',
    'SEAWEEDFS_METRICS_URL',
    'SEAWEEDFS_DATA_DIR',
  ]) {
    if (!env[key]) throw new Error(`the stack provides no ${key}: is seaweedfs up? (infra/local/stack status)`)
  }
  adminKeys = { accessKeyId: env.S3_ADMIN_ACCESS_KEY_ID!, secretAccessKey: env.S3_ADMIN_SECRET_ACCESS_KEY! }
  admin = adminS3Client()
})

afterAll(async () => {
  for (const user of iamUsers) {
    try {
      const keys = await iam('ListAccessKeys', { UserName: user })
      for (const m of keys.matchAll(/<AccessKeyId>([^<]*)<\/AccessKeyId>/g))
        await iam('DeleteAccessKey', { UserName: user, AccessKeyId: m[1]! })
      await iam('DeleteUserPolicy', { UserName: user, PolicyName: 'project-bucket' })
      await iam('DeleteUser', { UserName: user })
    } catch {
      // best effort: a later run uses new names
    }
  }
  for (const bucket of buckets) {
    try {
      await emptyAndDelete(bucket)
    } catch {
      // object-locked buckets stay until their retention ends
    }
  }
})

describe('SeaweedFS S3: versioning and identities', () => {
  it('keeps two versions of a key in a versioned bucket and lists both', async () => {
    const bucket = bucketName('versions')
    await admin.send(new CreateBucketCommand({ Bucket: bucket }))
    await admin.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }))
    expect((await admin.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Enabled')

    const first = await admin.send(new PutObjectCommand({ Bucket: bucket, Key: 'báo-cáo.txt', Body: 'phiên bản 1' }))
    const second = await admin.send(new PutObjectCommand({ Bucket: bucket, Key: 'báo-cáo.txt', Body: 'phiên bản 2' }))
    expect(first.VersionId).toBeTruthy()
    expect(second.VersionId).toBeTruthy()
    expect(second.VersionId).not.toBe(first.VersionId)

    const listed = await admin.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: 'báo-cáo.txt' }))
    const versions = listed.Versions ?? []
    expect(versions.map((v) => v.VersionId).sort()).toEqual([first.VersionId, second.VersionId].sort())
    expect(versions.find((v) => v.IsLatest)?.VersionId).toBe(second.VersionId)

    const old = await admin.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'báo-cáo.txt', VersionId: first.VersionId }),
    )
    expect(await old.Body!.transformToString()).toBe('phiên bản 1')
    const current = await admin.send(new GetObjectCommand({ Bucket: bucket, Key: 'báo-cáo.txt' }))
    expect(await current.Body!.transformToString()).toBe('phiên bản 2')
  })

  it('gives an identity created through the IAM API its own bucket and denies it another', async () => {
    const other = bucketName('other')
    const own = bucketName('own')
    await admin.send(new CreateBucketCommand({ Bucket: other }))
    await admin.send(new CreateBucketCommand({ Bucket: own }))
    await admin.send(new PutObjectCommand({ Bucket: other, Key: 'secret.txt', Body: 'không phải của bạn' }))

    const tenant = s3ClientWith(await tenantFor(own))
    // The S3 server reloads identities from the filer asynchronously after an IAM write.
    await eventually(
      'the new identity to be usable',
      15_000,
      async () => {
        await tenant.send(new PutObjectCommand({ Bucket: own, Key: 'mine.txt', Body: 'của tôi' }))
        return true
      },
      { everyMs: 500 },
    )
    const mine = await tenant.send(new GetObjectCommand({ Bucket: own, Key: 'mine.txt' }))
    expect(await mine.Body!.transformToString()).toBe('của tôi')

    for (const call of [
      () => tenant.send(new ListObjectsV2Command({ Bucket: other })),
      () => tenant.send(new GetObjectCommand({ Bucket: other, Key: 'secret.txt' })),
      () => tenant.send(new PutObjectCommand({ Bucket: other, Key: 'intruder.txt', Body: 'x' })),
      () => tenant.send(new DeleteObjectCommand({ Bucket: other, Key: 'secret.txt' })),
    ]) {
      expect(await s3Error(call())).toEqual({ name: 'AccessDenied', status: 403 })
    }
    // Bucket settings stay with the console: the tenant may not publish or unversion its own bucket.
    const publicRead = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${own}/*`] }],
    })
    for (const call of [
      () => tenant.send(new PutBucketPolicyCommand({ Bucket: own, Policy: publicRead })),
      () =>
        tenant.send(new PutBucketVersioningCommand({ Bucket: own, VersioningConfiguration: { Status: 'Suspended' } })),
      () => tenant.send(new PutObjectAclCommand({ Bucket: own, Key: 'mine.txt', ACL: 'public-read' })),
      () => tenant.send(new DeleteBucketCommand({ Bucket: own })),
    ]) {
      expect(await s3Error(call())).toEqual({ name: 'AccessDenied', status: 403 })
    }
    // A made-up key is refused too.
    const stranger = s3ClientWith({ accessKeyId: 'GCNOBODY0000000000000', secretAccessKey: 'x'.repeat(40) })
    expect((await s3Error(stranger.send(new ListObjectsV2Command({ Bucket: own })))).status).toBe(403)
  })
})

describe('SeaweedFS S3: what bucket provisioning can rely on', () => {
  it('object lock: a bucket created with object lock keeps COMPLIANCE retention and refuses deletion of a locked version', async () => {
    const bucket = bucketName('lock')
    await admin.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }))
    // Object lock turns versioning on by itself, as on AWS.
    expect((await admin.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Enabled')
    await admin.send(
      new PutObjectLockConfigurationCommand({
        Bucket: bucket,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } },
        },
      }),
    )
    const config = await admin.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }))
    expect(config.ObjectLockConfiguration?.Rule?.DefaultRetention).toMatchObject({ Mode: 'COMPLIANCE', Days: 1 })

    const put = await admin.send(new PutObjectCommand({ Bucket: bucket, Key: 'backup.tar', Body: 'sao lưu' }))
    const retention = await admin.send(
      new GetObjectRetentionCommand({ Bucket: bucket, Key: 'backup.tar', VersionId: put.VersionId }),
    )
    expect(retention.Retention?.Mode).toBe('COMPLIANCE')
    expect(retention.Retention!.RetainUntilDate!.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000)

    // Not even the admin may delete the locked version, bypass header or not.
    expect(
      (
        await s3Error(
          admin.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'backup.tar', VersionId: put.VersionId })),
        )
      ).status,
    ).toBe(403)
    expect(
      (
        await s3Error(
          admin.send(
            new DeleteObjectCommand({
              Bucket: bucket,
              Key: 'backup.tar',
              VersionId: put.VersionId,
              BypassGovernanceRetention: true,
            }),
          ),
        )
      ).status,
    ).toBe(403)
    // A plain DELETE only adds a delete marker; the locked version is still there.
    await admin.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'backup.tar' }))
    const still = await admin.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'backup.tar', VersionId: put.VersionId }),
    )
    expect(await still.Body!.transformToString()).toBe('sao lưu')
  })

  it('default encryption: SSE-S3 set on the bucket encrypts objects uploaded without encryption headers, on disk too', async () => {
    const bucket = bucketName('sse')
    const control = bucketName('plain')
    await admin.send(new CreateBucketCommand({ Bucket: bucket }))
    await admin.send(new CreateBucketCommand({ Bucket: control }))
    await admin.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      }),
    )
    const got = await admin.send(new GetBucketEncryptionCommand({ Bucket: bucket }))
    expect(got.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe(
      'AES256',
    )

    // Random bytes around a marker: SeaweedFS cannot compress them, so the marker shows in the
    // volume files exactly when the object is stored unencrypted.
    const marker = Buffer.from(`hồ-sơ-mật-${runId}`)
    const body = Buffer.concat([randomBytes(8192), marker, randomBytes(8192)])
    await admin.send(new PutObjectCommand({ Bucket: bucket, Key: 'hồ-sơ.bin', Body: body }))
    await admin.send(new PutObjectCommand({ Bucket: control, Key: 'hồ-sơ.bin', Body: body }))
    const head = await admin.send(new HeadObjectCommand({ Bucket: bucket, Key: 'hồ-sơ.bin' }))
    expect(head.ServerSideEncryption).toBe('AES256')
    const back = await admin.send(new GetObjectCommand({ Bucket: bucket, Key: 'hồ-sơ.bin' }))
    expect(Buffer.from(await back.Body!.transformToByteArray()).equals(body)).toBe(true)

    // Each bucket is a SeaweedFS collection stored as <bucket>_<volume id>.dat in the data folder.
    const onDisk = (b: string) =>
      readdirSync(env.SEAWEEDFS_DATA_DIR!)
        .filter((f) => f.startsWith(`${b}_`) && f.endsWith('.dat'))
        .some((f) => readFileSync(join(env.SEAWEEDFS_DATA_DIR!, f)).includes(marker))
    expect(onDisk(control)).toBe(true)
    expect(onDisk(bucket)).toBe(false)
  })

  it('no public access: public ACLs are refused and anonymous reads denied; a public bucket policy is NOT blocked (SeaweedFS gap)', async () => {
    const bucket = bucketName('private')
    await admin.send(new CreateBucketCommand({ Bucket: bucket }))
    await admin.send(new PutObjectCommand({ Bucket: bucket, Key: 'private.txt', Body: 'riêng tư' }))
    expect((await fetch(`${env.S3_ENDPOINT}/${bucket}/private.txt`)).status).toBe(403)

    const block = {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    }
    await admin.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: block }))
    expect(
      (await admin.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration,
    ).toEqual(block)

    // BlockPublicAcls is enforced, even for the admin.
    for (const call of [
      () => admin.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'private.txt', ACL: 'public-read' })),
      () => admin.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'public-read' })),
      () => admin.send(new PutObjectCommand({ Bucket: bucket, Key: 'public.txt', Body: 'x', ACL: 'public-read' })),
    ]) {
      expect(await s3Error(call())).toEqual({ name: 'AccessDenied', status: 403 })
    }

    // BlockPublicPolicy and RestrictPublicBuckets are stored but not enforced: SeaweedFS accepts a
    // public bucket policy and then serves anonymous reads. This test pins that gap (see decision
    // record 0003): provisioning must never write such a policy, tenants get no PutBucketPolicy
    // right, and drift detection reads GetBucketPolicyStatus, which does report it.
    const publicRead = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${bucket}/*`] },
      ],
    })
    await admin.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: publicRead }))
    expect((await admin.send(new GetBucketPolicyStatusCommand({ Bucket: bucket }))).PolicyStatus?.IsPublic).toBe(true)
    const leaked = await eventually(
      'the public policy to take effect',
      10_000,
      async () => {
        const res = await fetch(`${env.S3_ENDPOINT}/${bucket}/private.txt`)
        return res.status === 200 ? res.text() : undefined
      },
      { everyMs: 500 },
    )
    expect(leaked).toBe('riêng tư')

    // Repair, as drift detection would: delete the policy and anonymous reads are denied again.
    await admin.send(new DeleteBucketPolicyCommand({ Bucket: bucket }))
    await eventually(
      'anonymous reads to be denied again',
      10_000,
      async () => ((await fetch(`${env.S3_ENDPOINT}/${bucket}/private.txt`)).status === 403 ? true : undefined),
      { everyMs: 500 },
    )
  })

  it('lifecycle: rules that expire noncurrent versions and abort stale multipart uploads are accepted and read back', async () => {
    const bucket = bucketName('lifecycle')
    await admin.send(new CreateBucketCommand({ Bucket: bucket }))
    await admin.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }))
    await admin.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: {
          Rules: [
            {
              ID: 'noncurrent-30d',
              Status: 'Enabled',
              Filter: { Prefix: '' },
              NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            },
            {
              ID: 'abort-mpu-7d',
              Status: 'Enabled',
              Filter: { Prefix: '' },
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            },
          ],
        },
      }),
    )
    const rules = (await admin.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules ?? []
    expect(rules.find((r) => r.ID === 'noncurrent-30d')?.NoncurrentVersionExpiration?.NoncurrentDays).toBe(30)
    expect(rules.find((r) => r.ID === 'abort-mpu-7d')?.AbortIncompleteMultipartUpload?.DaysAfterInitiation).toBe(7)
  })

  it('quota and metering: a bucket over its quota turns read-only and its size shows in the Prometheus metrics', async () => {
    const bucket = bucketName('quota')
    await admin.send(new CreateBucketCommand({ Bucket: bucket }))
    const quotaUrl = `${env.S3_ENDPOINT}/${bucket}?seaweedfs-quota`
    const set = await signedFetch(
      adminKeys,
      's3',
      'PUT',
      quotaUrl,
      JSON.stringify({ quota_size: 1, quota_unit: 'MB', quota_enabled: true }),
      {
        'content-type': 'application/json',
      },
    )
    expect([200, 204]).toContain(set.status)
    const got = await signedFetch(adminKeys, 's3', 'GET', quotaUrl)
    expect(got.status).toBe(200)
    expect(JSON.parse(got.text)).toMatchObject({ quota_enabled: true })

    // 3 MiB under a 1 MiB quota: accepted (enforcement is not inline), then the S3 server's
    // periodic check (every minute) marks the bucket read-only and later writes fail.
    await admin.send(new PutObjectCommand({ Bucket: bucket, Key: 'big.bin', Body: randomBytes(3 * 1024 * 1024) }))
    const refused = await eventually(
      'the bucket over quota to refuse writes',
      150_000,
      async () => {
        try {
          await admin.send(new PutObjectCommand({ Bucket: bucket, Key: `more-${Date.now()}.txt`, Body: 'x' }))
          return undefined
        } catch (err) {
          if (err instanceof S3ServiceException) return { name: err.name, status: err.$metadata.httpStatusCode }
          throw err
        }
      },
      { everyMs: 5_000 },
    )
    expect(refused).toEqual({ name: 'AccessDenied', status: 403 })
    // Reads still work.
    expect((await admin.send(new HeadObjectCommand({ Bucket: bucket, Key: 'big.bin' }))).ContentLength).toBe(
      3 * 1024 * 1024,
    )

    const metrics = await (await fetch(env.SEAWEEDFS_METRICS_URL!)).text()
    const sample = (name: string) => {
      const m = new RegExp(`^SeaweedFS_s3_${name}\\{bucket="${bucket}"\\} (\\S+)$`, 'm').exec(metrics)
      return m ? Number(m[1]) : undefined
    }
    expect(sample('bucket_size_bytes')).toBeGreaterThanOrEqual(3 * 1024 * 1024)
    expect(sample('bucket_quota_bytes')).toBe(1024 * 1024)
    expect(sample('bucket_read_only')).toBe(1)
    expect(sample('bucket_object_count')).toBeGreaterThanOrEqual(1)

    // Lifting the quota makes the bucket writable again (the console's "increase" path).
    const lift = await signedFetch(
      adminKeys,
      's3',
      'PUT',
      quotaUrl,
      JSON.stringify({ quota_size: 0, quota_unit: 'MB', quota_enabled: false }),
      {
        'content-type': 'application/json',
      },
    )
    expect([200, 204]).toContain(lift.status)
    await eventually(
      'the bucket to be writable again',
      15_000,
      async () => {
        await admin.send(new PutObjectCommand({ Bucket: bucket, Key: 'after-lift.txt', Body: 'x' }))
        return true
      },
      { everyMs: 500 },
    )
  }, 240_000)
})
