// The object storage the reconciler and the console's key handling work with, composed from three
// parts that each speak one interface of the storage: the buckets and their S3 configuration
// (@aws-sdk/client-s3), its identities (@aws-sdk/client-iam against SeaweedFS's IAM API) and its
// bucket quotas (SeaweedFS's own extension). docs/decisions/0021-storage-sdk-clients.md says why.
import { S3Client } from '@aws-sdk/client-s3'
import { IAMClient } from '@aws-sdk/client-iam'
import { SeaweedBucketQuota } from './bucket-quota'
import { S3BucketSettings } from './bucket-settings'
import type { BucketState, LifecycleRule } from './bucket-state'
import { S3Buckets } from './buckets'
import { S3ObjectCopies, type ListedObject } from './object-copies'
import { StorageIdentities, type AccessKey } from './identities'
import { StorageCalls } from './storage-calls'

export {
  BLOCK_ALL_PUBLIC_ACCESS,
  type BucketState,
  type LifecycleRule,
  type ObjectLock,
  type PublicAccessBlock,
  type Versioning,
} from './bucket-state'
export type { AccessKey } from './identities'
export type { ListedObject } from './object-copies'

interface Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
}

export interface StorageConnectionOptions {
  readonly endpoint: string
  readonly region: string
  readonly credentials: Credentials
  /** SeaweedFS's IAM query API (on the S3 port locally). */
  readonly iamEndpoint?: string
  readonly requestTimeoutMs?: number
}

/** What the reconciler needs from the object storage. */
export interface ObjectStorage {
  listBuckets(): Promise<string[]>
  bucketExists(name: string): Promise<boolean>
  readBucket(name: string): Promise<BucketState | null>
  /** GetBucketPolicyStatus: whether the storage itself counts the bucket's policy public; null without one. */
  bucketPolicyIsPublic(name: string): Promise<boolean | null>
  /** Creates the bucket; true when it was created, false when it already existed. */
  createBucket(name: string, options: { objectLock: boolean }): Promise<boolean>
  /** The bucket's tags (how the console marks what it made: decision 0034), and setting them. */
  readBucketTags(name: string): Promise<Record<string, string>>
  tagBucket(name: string, tags: Readonly<Record<string, string>>): Promise<void>
  setVersioning(name: string, status: 'Enabled' | 'Suspended'): Promise<void>
  setDefaultEncryption(name: string, algorithm: 'AES256'): Promise<void>
  blockPublicAccess(name: string): Promise<void>
  deleteBucketPolicy(name: string): Promise<void>
  makeAclPrivate(name: string): Promise<void>
  setLifecycle(name: string, rules: readonly LifecycleRule[]): Promise<void>
  /** SeaweedFS's bucket quota (bytes); null lifts it. */
  setQuota(name: string, bytes: bigint | null): Promise<void>
  setObjectLockRetention(name: string, mode: 'COMPLIANCE' | 'GOVERNANCE', days: number): Promise<void>
  /** No object version and no delete marker left. */
  bucketIsEmpty(name: string): Promise<boolean>
  /** Deletes every version and delete marker it may; locked versions stay and are counted. */
  emptyBucket(name: string): Promise<{ deleted: number; retained: number }>
  /** false when it did not exist. */
  deleteBucket(name: string): Promise<boolean>

  /** Identities (IAM users) and their access keys: SeaweedFS's IAM API. */
  ensureUser(user: string): Promise<boolean>
  putUserPolicy(user: string, policyName: string, document: object): Promise<void>
  getUserPolicy(user: string, policyName: string): Promise<object | null>
  createAccessKey(user: string): Promise<AccessKey>
  listAccessKeys(user: string): Promise<string[]>
  deleteAccessKey(user: string, accessKeyId: string): Promise<void>
  /** Removes the user with its keys and policies; false when there was none. */
  deleteUser(user: string, policyNames: readonly string[]): Promise<boolean>

  /** Objects inside buckets, for the copy of a project's data into its backup bucket (decision 0053). */
  listObjects(bucket: string, prefix: string): Promise<ListedObject[]>
  copyObject(from: { bucket: string; key: string }, to: { bucket: string; key: string }): Promise<void>
  deleteObject(bucket: string, key: string): Promise<void>
  readJson(bucket: string, key: string): Promise<unknown>
  writeJson(bucket: string, key: string, value: unknown): Promise<void>

  readonly counters: { reads: number; writes: number }
  close(): void
}

export function connectObjectStorage(options: StorageConnectionOptions): ObjectStorage {
  const timeoutMs = options.requestTimeoutMs ?? 15_000
  const requestHandler = {
    requestTimeout: timeoutMs,
    connectionTimeout: Math.min(timeoutMs, 5_000),
    throwOnRequestTimeout: true,
  }
  const { region, credentials } = options
  const s3 = new S3Client({
    endpoint: options.endpoint,
    region,
    forcePathStyle: true,
    credentials,
    // The job queue retries whole passes with backoff; one quick retry here covers a dropped connection.
    maxAttempts: 2,
    requestHandler,
  })
  // No retry: a CreateAccessKey whose answer was lost would make a second key.
  const iam = new IAMClient({
    endpoint: options.iamEndpoint ?? options.endpoint,
    region,
    credentials,
    maxAttempts: 1,
    requestHandler,
  })
  const calls = new StorageCalls()
  const buckets = new S3Buckets(s3, calls)
  const settings = new S3BucketSettings(s3, calls)
  const quota = new SeaweedBucketQuota({ endpoint: options.endpoint, region, credentials, timeoutMs }, calls)
  const identities = new StorageIdentities(iam, calls)
  const objects = new S3ObjectCopies(s3, calls)

  return {
    counters: calls.counters,
    close: () => {
      s3.destroy()
      iam.destroy()
    },
    listBuckets: () => buckets.list(),
    bucketExists: (name) => buckets.exists(name),
    async readBucket(name) {
      if (!(await buckets.exists(name))) return null
      const [current, quotaBytes] = await Promise.all([settings.read(name), quota.read(name)])
      return { name, ...current, quotaBytes }
    },
    bucketPolicyIsPublic: (name) => settings.policyIsPublic(name),
    createBucket: (name, bucketOptions) => buckets.create(name, bucketOptions),
    readBucketTags: (name) => buckets.tags(name),
    tagBucket: (name, tags) => buckets.tag(name, tags),
    setVersioning: (name, status) => settings.setVersioning(name, status),
    setDefaultEncryption: (name, algorithm) => settings.setDefaultEncryption(name, algorithm),
    blockPublicAccess: (name) => settings.blockPublicAccess(name),
    deleteBucketPolicy: (name) => settings.deleteBucketPolicy(name),
    makeAclPrivate: (name) => settings.makeAclPrivate(name),
    setLifecycle: (name, rules) => settings.setLifecycle(name, rules),
    setQuota: (name, bytes) => quota.set(name, bytes),
    setObjectLockRetention: (name, mode, days) => settings.setObjectLockRetention(name, mode, days),
    bucketIsEmpty: (name) => buckets.isEmpty(name),
    emptyBucket: (name) => buckets.empty(name),
    deleteBucket: (name) => buckets.delete(name),
    ensureUser: (user) => identities.ensureUser(user),
    putUserPolicy: (user, policyName, document) => identities.putUserPolicy(user, policyName, document),
    getUserPolicy: (user, policyName) => identities.getUserPolicy(user, policyName),
    createAccessKey: (user) => identities.createAccessKey(user),
    listAccessKeys: (user) => identities.listAccessKeys(user),
    deleteAccessKey: (user, accessKeyId) => identities.deleteAccessKey(user, accessKeyId),
    deleteUser: (user, policyNames) => identities.deleteUser(user, policyNames),
    listObjects: (bucket, prefix) => objects.list(bucket, prefix),
    copyObject: (from, to) => objects.copy(from, to),
    deleteObject: (bucket, key) => objects.delete(bucket, key),
    readJson: (bucket, key) => objects.readJson(bucket, key),
    writeJson: (bucket, key, value) => objects.writeJson(bucket, key, value),
  }
}
