// Attack tests on the storage side of the tenant boundary, with a project's own S3 key as the
// console issues it (asked by the web, made by the worker) and the real AWS SDK clients against the
// real SeaweedFS: another project's bucket cannot be read, written, listed, copied from or deleted;
// the project's own buckets keep the console's settings (policy, ACLs, versioning, lifecycle,
// encryption, quota); no bucket can be made; and the IAM API refuses everything, the project's own
// keys included: a key that could mint keys would leave ones the console never lists, audits or
// revokes (SeaweedFS allows that by default; decision 0032, infra/local/components/seaweedfs.sh).
import {
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteBucketEncryptionCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  type DeleteObjectsCommandOutput,
  DeletePublicAccessBlockCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutBucketAclCommand,
  PutBucketCorsCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3'
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  GetUserCommand,
  IAMClient,
  IAMServiceException,
  ListAccessKeysCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PlatformError } from '#server/platform/errors'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import { connectObjectStorage, type ObjectStorage } from '#server/platform/storage/object-storage'
import { bucketName } from '#server/provisioning/desired'
import { requestS3AccessKey } from '#server/provisioning/key-requests'
import { reconcileProject } from '#server/provisioning/reconcile'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makePools, makeUser } from '../../helpers/fixtures'
import {
  adminS3Client,
  connectStackKubernetes,
  connectStackStorage,
  s3ClientWith,
  type S3Keys,
} from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { approvedProject, reconcilerDeps, startKeyWorker, tearDownPlatform } from '../../helpers/provisioning'
import { requireStackSetting, stackEnv } from '../../helpers/stack-env'

type Tenant = { projectId: string; namespace: string; bucket: string; key: S3Keys & { credentialId: string } }

let t: TestDatabase
let connection: KubernetesConnection
let storage: ObjectStorage
let keyWorker: { stop(): Promise<void> } | undefined
const namespaces: string[] = []
const tenants = {} as Record<'attacker' | 'victim', Tenant>
/** The attacker's own key, in the S3 client, the IAM client and the console's storage adapter. */
let s3: S3Client
let iam: IAMClient
let asAttacker: ObjectStorage
const admin = adminS3Client()

/** 200 when the call went through, else the HTTP status the storage refused it with. */
async function statusOf(call: Promise<unknown>): Promise<number | undefined> {
  try {
    await call
    return 200
  } catch (error) {
    if (error instanceof S3ServiceException || error instanceof IAMServiceException)
      return error.$metadata.httpStatusCode
    if (error instanceof PlatformError) return error.status ?? undefined
    throw error
  }
}

const policyOpenTo = (bucket: string, action = 's3:GetObject') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: [action], Resource: [`arn:aws:s3:::${bucket}/*`] }],
  })
const EVERYTHING = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:*'], Resource: ['arn:aws:s3:::*'] }],
})

beforeAll(async () => {
  t = await createTestDatabase()
  await makePools(t.db, { cpu: 100_000n, memory: 1024n * GiB, pods: 1000n, objectStorage: 1000n * GiB, buckets: 100n })
  connection = await connectStackKubernetes()
  storage = connectStackStorage()
  keyWorker = await startKeyWorker(t, storage)
  const requesterId = await makeUser(t.db, 'Nguyễn Văn An')
  const operatorId = await makeUser(t.db, 'Đặng Minh Đức')
  for (const [role, agency] of [
    ['attacker', 'Sở Khoa học và Công nghệ'],
    ['victim', 'Sở Tài chính'],
  ] as const) {
    const agencyId = await makeAgency(t.db, agency)
    const { projectId, namespace } = await approvedProject(t.db, {
      agencyId,
      requesterId,
      operatorId,
      lines: { cpu: 1_000n, memory: GiB, pods: 5n, objectStorage: GiB, buckets: 1n },
    })
    namespaces.push(namespace)
    expect(await reconcileProject(reconcilerDeps(t.db, connection, storage), projectId)).toMatchObject({
      phase: 'ready',
      error: null,
    })
    const key = await requestS3AccessKey(t.db, {
      projectId,
      actor: { id: requesterId, label: 'Nguyễn Văn An' },
      label: 'máy chủ ứng dụng',
    })
    tenants[role] = { projectId, namespace, bucket: bucketName(namespace, 'data'), key }
  }
  const { attacker, victim } = tenants
  const env = stackEnv()
  s3 = s3ClientWith(attacker.key)
  iam = new IAMClient({
    endpoint: env.SEAWEEDFS_IAM_URL ?? requireStackSetting('S3_ENDPOINT'),
    region: requireStackSetting('S3_REGION'),
    credentials: attacker.key,
    maxAttempts: 1,
  })
  asAttacker = connectObjectStorage({
    endpoint: requireStackSetting('S3_ENDPOINT'),
    region: requireStackSetting('S3_REGION'),
    credentials: attacker.key,
  })
  const victimS3 = s3ClientWith(victim.key)
  await eventually('both keys to work', 20_000, async () => {
    await victimS3.send(new PutObjectCommand({ Bucket: victim.bucket, Key: 'bao-cao.txt', Body: 'Báo cáo tài chính' }))
    await s3.send(new PutObjectCommand({ Bucket: attacker.bucket, Key: 'cua-toi.txt', Body: 'Của tôi' }))
    return true
  })
  victimS3.destroy()
}, 180_000)

afterAll(async () => {
  await keyWorker?.stop()
  s3?.destroy()
  iam?.destroy()
  asAttacker?.close()
  admin.destroy()
  await tearDownPlatform(connection, storage, namespaces)
  await t?.drop()
})

/** The victim's object, read back with the admin's keys: still there, unchanged. */
async function victimObjectIntact(): Promise<void> {
  const object = await admin.send(new GetObjectCommand({ Bucket: tenants.victim.bucket, Key: 'bao-cao.txt' }))
  expect(await object.Body?.transformToString()).toBe('Báo cáo tài chính')
}

describe("another project's bucket, with a project's own key", () => {
  const victim = () => tenants.victim.bucket
  const mine = () => tenants.attacker.bucket
  const attacks: Record<string, () => Promise<unknown>> = {
    'reads an object': () => s3.send(new GetObjectCommand({ Bucket: victim(), Key: 'bao-cao.txt' })),
    'reads object metadata': () => s3.send(new HeadObjectCommand({ Bucket: victim(), Key: 'bao-cao.txt' })),
    'lists objects': () => s3.send(new ListObjectsV2Command({ Bucket: victim() })),
    'lists object versions': () => s3.send(new ListObjectVersionsCommand({ Bucket: victim() })),
    'writes an object': () => s3.send(new PutObjectCommand({ Bucket: victim(), Key: 'xam-nhap.txt', Body: 'x' })),
    'overwrites an object': () => s3.send(new PutObjectCommand({ Bucket: victim(), Key: 'bao-cao.txt', Body: 'x' })),
    'deletes an object': () => s3.send(new DeleteObjectCommand({ Bucket: victim(), Key: 'bao-cao.txt' })),
    'copies an object into its own bucket': () =>
      s3.send(new CopyObjectCommand({ Bucket: mine(), Key: 'lay-cap.txt', CopySource: `${victim()}/bao-cao.txt` })),
    'copies an object part into its own upload': async () => {
      const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket: mine(), Key: 'lay-cap-2.txt' }))
      return s3.send(
        new UploadPartCopyCommand({
          Bucket: mine(),
          Key: 'lay-cap-2.txt',
          UploadId: upload.UploadId,
          PartNumber: 1,
          CopySource: `${victim()}/bao-cao.txt`,
        }),
      )
    },
    'deletes the bucket': () => s3.send(new DeleteBucketCommand({ Bucket: victim() })),
    'reads the bucket policy': () => s3.send(new GetBucketPolicyCommand({ Bucket: victim() })),
    'opens the bucket with a policy': () =>
      s3.send(new PutBucketPolicyCommand({ Bucket: victim(), Policy: policyOpenTo(victim()) })),
    'opens the bucket with an ACL': () => s3.send(new PutBucketAclCommand({ Bucket: victim(), ACL: 'public-read' })),
    'opens an object with an ACL': () =>
      s3.send(new PutObjectAclCommand({ Bucket: victim(), Key: 'bao-cao.txt', ACL: 'public-read' })),
  }
  for (const [attack, call] of Object.entries(attacks)) {
    it(`${attack}: refused`, async () => {
      expect(await statusOf(call())).toBe(403)
      await victimObjectIntact()
    })
  }

  it('deletes objects in a batch: each one refused, none deleted', async () => {
    const answer = await s3
      .send(new DeleteObjectsCommand({ Bucket: victim(), Delete: { Objects: [{ Key: 'bao-cao.txt' }] } }))
      .catch((error: unknown) => error)
    if (answer instanceof S3ServiceException) expect(answer.$metadata.httpStatusCode).toBe(403)
    else {
      // S3 answers a batch 200 and refuses each key in it.
      const batch = answer as DeleteObjectsCommandOutput
      expect(batch.Deleted ?? []).toEqual([])
      expect((batch.Errors ?? []).map((e) => [e.Key, e.Code])).toEqual([['bao-cao.txt', 'AccessDenied']])
    }
    await victimObjectIntact()
  })
})

describe("the project's own bucket keeps the console's settings", () => {
  const mine = () => tenants.attacker.bucket
  const attacks: Record<string, () => Promise<unknown>> = {
    'makes it public with a policy': () =>
      s3.send(new PutBucketPolicyCommand({ Bucket: mine(), Policy: policyOpenTo(mine()) })),
    'removes its policy': () => s3.send(new DeleteBucketPolicyCommand({ Bucket: mine() })),
    'makes it public with an ACL': () => s3.send(new PutBucketAclCommand({ Bucket: mine(), ACL: 'public-read' })),
    'makes an object public': () =>
      s3.send(new PutObjectAclCommand({ Bucket: mine(), Key: 'cua-toi.txt', ACL: 'public-read' })),
    'writes a public object': () =>
      s3.send(new PutObjectCommand({ Bucket: mine(), Key: 'cong-khai.txt', Body: 'x', ACL: 'public-read' })),
    'lifts the public access block': () => s3.send(new DeletePublicAccessBlockCommand({ Bucket: mine() })),
    'suspends versioning': () =>
      s3.send(new PutBucketVersioningCommand({ Bucket: mine(), VersioningConfiguration: { Status: 'Suspended' } })),
    'sets its own lifecycle': () =>
      s3.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: mine(),
          LifecycleConfiguration: {
            Rules: [{ ID: 'xoa-het', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 1 } }],
          },
        }),
      ),
    'removes default encryption': () => s3.send(new DeleteBucketEncryptionCommand({ Bucket: mine() })),
    'opens CORS to every origin': () =>
      s3.send(
        new PutBucketCorsCommand({
          Bucket: mine(),
          CORSConfiguration: { CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }] },
        }),
      ),
    'deletes it': () => s3.send(new DeleteBucketCommand({ Bucket: mine() })),
    'lifts its quota': () => asAttacker.setQuota(mine(), null),
  }
  for (const [attack, call] of Object.entries(attacks)) {
    it(`${attack}: refused`, async () => {
      expect(await statusOf(call())).toBe(403)
    })
  }

  it('still serves the project its own objects (the key is not simply dead)', async () => {
    expect(await statusOf(s3.send(new GetObjectCommand({ Bucket: mine(), Key: 'cua-toi.txt' })))).toBe(200)
  })
})

describe('buckets', () => {
  it('refuses to create a bucket, under a name of its own or one the console would give another project', async () => {
    for (const name of [`${tenants.attacker.namespace}-them`, bucketName(`${tenants.victim.namespace}-x`, 'data')])
      expect(await statusOf(s3.send(new CreateBucketCommand({ Bucket: name })))).toBe(403)
  })

  it('lists its own buckets only', async () => {
    const listed = await s3.send(new ListBucketsCommand({}))
    expect((listed.Buckets ?? []).map((b) => b.Name)).toEqual([tenants.attacker.bucket])
  })
})

describe('the IAM API, with a project key', () => {
  const own = () => tenants.attacker.namespace
  const attacks: Record<string, () => Promise<unknown>> = {
    'lists the users': () => iam.send(new ListUsersCommand({})),
    'creates a user': () => iam.send(new CreateUserCommand({ UserName: `${own()}-moi` })),
    'makes a key for its own identity': () => iam.send(new CreateAccessKeyCommand({ UserName: own() })),
    'makes a key for itself without naming a user': () => iam.send(new CreateAccessKeyCommand({})),
    "lists its own identity's keys": () => iam.send(new ListAccessKeysCommand({ UserName: own() })),
    'switches one of its keys off and on': () =>
      iam.send(
        new UpdateAccessKeyCommand({
          UserName: own(),
          AccessKeyId: tenants.attacker.key.accessKeyId,
          Status: 'Active',
        }),
      ),
    'reads its own identity': () => iam.send(new GetUserCommand({})),
    "makes a key for another project's identity": () =>
      iam.send(new CreateAccessKeyCommand({ UserName: tenants.victim.namespace })),
    "deletes another project's key": () =>
      iam.send(
        new DeleteAccessKeyCommand({ UserName: tenants.victim.namespace, AccessKeyId: tenants.victim.key.accessKeyId }),
      ),
    "deletes another project's identity": () => iam.send(new DeleteUserCommand({ UserName: tenants.victim.namespace })),
    'widens its own policy to every bucket': () =>
      iam.send(
        new PutUserPolicyCommand({ UserName: own(), PolicyName: 'project-buckets', PolicyDocument: EVERYTHING }),
      ),
    'creates a managed policy': () =>
      iam.send(new CreatePolicyCommand({ PolicyName: `${own()}-moi`, PolicyDocument: EVERYTHING })),
    'attaches a policy to itself': () =>
      iam.send(new AttachUserPolicyCommand({ UserName: own(), PolicyArn: 'arn:aws:iam:::policy/AdminAccess' })),
  }
  for (const [attack, call] of Object.entries(attacks)) {
    it(`${attack}: refused`, async () => {
      expect(await statusOf(call())).toBe(403)
    })
  }

  it('leaves each identity with exactly the keys the console issued', async () => {
    for (const tenant of Object.values(tenants))
      expect(await storage.listAccessKeys(tenant.namespace)).toEqual([tenant.key.accessKeyId])
  })
})
