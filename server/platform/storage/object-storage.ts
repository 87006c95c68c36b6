import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectsCommand,
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectVersionsCommand,
  PutBucketAclCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3'
import { PlatformError, describeTransportError, kindForStatus } from '../errors'
import { signRequest, type Credentials } from './sigv4'

export interface StorageConnectionOptions {
  readonly endpoint: string
  readonly region: string
  readonly credentials: Credentials
  /** SeaweedFS's IAM query API (on the S3 port locally). */
  readonly iamEndpoint?: string
  readonly requestTimeoutMs?: number
}

export type Versioning = 'Enabled' | 'Suspended' | 'Off'

export interface PublicAccessBlock {
  readonly BlockPublicAcls: boolean
  readonly IgnorePublicAcls: boolean
  readonly BlockPublicPolicy: boolean
  readonly RestrictPublicBuckets: boolean
}

export const BLOCK_ALL_PUBLIC_ACCESS: PublicAccessBlock = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
}

/** The lifecycle rules the console writes: noncurrent versions and abandoned multipart uploads. */
export interface LifecycleRule {
  readonly id: string
  readonly noncurrentDays?: number
  readonly abortMultipartDays?: number
}

export interface ObjectLock {
  readonly enabled: boolean
  readonly mode: 'COMPLIANCE' | 'GOVERNANCE' | null
  readonly days: number | null
}

/** What a bucket is now, in the terms the console compares. */
export interface BucketState {
  readonly name: string
  readonly versioning: Versioning
  readonly encryption: string | null
  readonly publicAccessBlock: PublicAccessBlock | null
  readonly policy: string | null
  /** ACL grants to everyone or to every authenticated user: a public bucket. */
  readonly publicGrants: readonly string[]
  readonly lifecycle: readonly LifecycleRule[]
  /** Bytes; null when no quota is enforced. */
  readonly quotaBytes: bigint | null
  readonly objectLock: ObjectLock
}

export interface AccessKey {
  readonly accessKeyId: string
  readonly secretAccessKey: string
}

/** What the reconciler needs from the object storage. */
export interface ObjectStorage {
  listBuckets(): Promise<string[]>
  bucketExists(name: string): Promise<boolean>
  readBucket(name: string): Promise<BucketState | null>
  /** Creates the bucket; true when it was created, false when it already existed (ours). */
  createBucket(name: string, options: { objectLock: boolean }): Promise<boolean>
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

  readonly counters: { reads: number; writes: number }
  close(): void
}

const PUBLIC_GROUPS = [
  'http://acs.amazonaws.com/groups/global/AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
]

export function connectObjectStorage(options: StorageConnectionOptions): ObjectStorage {
  const timeout = options.requestTimeoutMs ?? 15_000
  const s3 = new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    forcePathStyle: true,
    credentials: options.credentials,
    // The job queue retries whole passes with backoff; one quick retry here covers a dropped connection.
    maxAttempts: 2,
    requestHandler: {
      requestTimeout: timeout,
      connectionTimeout: Math.min(timeout, 5_000),
      throwOnRequestTimeout: true,
    },
  })
  const counters = { reads: 0, writes: 0 }

  async function call<T>(operation: string, write: boolean, run: () => Promise<T>): Promise<T> {
    if (write) counters.writes++
    else counters.reads++
    try {
      return await run()
    } catch (error) {
      throw toStorageError(error, operation)
    }
  }

  /** A read that answers null for the given "there is none" error names (404s of config reads). */
  async function readOrNull<T>(operation: string, absent: readonly string[], run: () => Promise<T>): Promise<T | null> {
    try {
      return await call(operation, false, run)
    } catch (error) {
      if (
        error instanceof PlatformError &&
        error.cause instanceof S3ServiceException &&
        absent.includes(error.cause.name)
      )
        return null
      throw error
    }
  }

  async function signedFetch(
    service: 's3' | 'iam',
    method: string,
    url: string,
    body = '',
    headers: Record<string, string> = {},
  ) {
    const signed = signRequest({
      credentials: options.credentials,
      region: options.region,
      service,
      method,
      url,
      body,
      headers,
    })
    const res = await fetch(signed.url, {
      method,
      headers: signed.headers,
      body: body === '' ? undefined : body,
      signal: AbortSignal.timeout(timeout),
    })
    return { status: res.status, text: await res.text() }
  }

  async function iam(action: string, params: Record<string, string>, write: boolean): Promise<string> {
    const endpoint = options.iamEndpoint ?? options.endpoint
    return call(`IAM ${action} ${params.UserName ?? ''}`.trim(), write, async () => {
      const body = new URLSearchParams({ Action: action, Version: '2010-05-08', ...params }).toString()
      const res = await signedFetch('iam', 'POST', `${endpoint.replace(/\/$/, '')}/`, body, {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      })
      if (res.status !== 200)
        throw new IamError(
          res.status,
          xmlValue(res.text, 'Code') ?? '',
          xmlValue(res.text, 'Message') ?? res.text.slice(0, 300),
        )
      return res.text
    })
  }

  const quotaUrl = (bucket: string) =>
    `${options.endpoint.replace(/\/$/, '')}/${encodeURIComponent(bucket)}?seaweedfs-quota`

  return {
    counters,
    close: () => s3.destroy(),

    async listBuckets() {
      const out = await call('ListBuckets', false, () => s3.send(new ListBucketsCommand({})))
      return (out.Buckets ?? []).map((b) => b.Name ?? '').filter(Boolean)
    },

    async bucketExists(name) {
      const found = await readOrNull(`HeadBucket ${name}`, ['NotFound', 'NoSuchBucket'], () =>
        s3.send(new HeadBucketCommand({ Bucket: name })),
      )
      return found !== null
    },

    async readBucket(name) {
      if (!(await this.bucketExists(name))) return null
      const [versioning, encryption, pab, policy, acl, lifecycle, lock, quota] = await Promise.all([
        call(`GetBucketVersioning ${name}`, false, () => s3.send(new GetBucketVersioningCommand({ Bucket: name }))),
        readOrNull(`GetBucketEncryption ${name}`, ['ServerSideEncryptionConfigurationNotFoundError'], () =>
          s3.send(new GetBucketEncryptionCommand({ Bucket: name })),
        ),
        readOrNull(`GetPublicAccessBlock ${name}`, ['NoSuchPublicAccessBlockConfiguration'], () =>
          s3.send(new GetPublicAccessBlockCommand({ Bucket: name })),
        ),
        readOrNull(`GetBucketPolicy ${name}`, ['NoSuchBucketPolicy'], () =>
          s3.send(new GetBucketPolicyCommand({ Bucket: name })),
        ),
        call(`GetBucketAcl ${name}`, false, () => s3.send(new GetBucketAclCommand({ Bucket: name }))),
        readOrNull(`GetBucketLifecycleConfiguration ${name}`, ['NoSuchLifecycleConfiguration'], () =>
          s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: name })),
        ),
        readOrNull(`GetObjectLockConfiguration ${name}`, ['ObjectLockConfigurationNotFoundError'], () =>
          s3.send(new GetObjectLockConfigurationCommand({ Bucket: name })),
        ),
        call(`GetBucketQuota ${name}`, false, async () => {
          const res = await signedFetch('s3', 'GET', quotaUrl(name))
          if (res.status !== 200) throw new HttpError(res.status, res.text)
          return JSON.parse(res.text) as { quota_size: number; quota_unit: string; quota_enabled: boolean }
        }),
      ])
      const block = pab?.PublicAccessBlockConfiguration
      const retention = lock?.ObjectLockConfiguration?.Rule?.DefaultRetention
      return {
        name,
        versioning:
          versioning.Status === 'Enabled' ? 'Enabled' : versioning.Status === 'Suspended' ? 'Suspended' : 'Off',
        encryption:
          encryption?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ??
          null,
        publicAccessBlock: block
          ? {
              BlockPublicAcls: block.BlockPublicAcls === true,
              IgnorePublicAcls: block.IgnorePublicAcls === true,
              BlockPublicPolicy: block.BlockPublicPolicy === true,
              RestrictPublicBuckets: block.RestrictPublicBuckets === true,
            }
          : null,
        policy: policy?.Policy?.trim() || null,
        publicGrants: (acl.Grants ?? [])
          .filter((g) => g.Grantee?.Type === 'Group' && PUBLIC_GROUPS.includes(g.Grantee.URI ?? ''))
          .map((g) => `${g.Grantee?.URI?.split('/').pop() ?? 'group'}:${g.Permission ?? ''}`),
        lifecycle: (lifecycle?.Rules ?? [])
          .filter((r) => r.Status === 'Enabled')
          .map((r) => ({
            id: r.ID ?? '',
            ...(r.NoncurrentVersionExpiration?.NoncurrentDays !== undefined
              ? { noncurrentDays: r.NoncurrentVersionExpiration.NoncurrentDays }
              : {}),
            ...(r.AbortIncompleteMultipartUpload?.DaysAfterInitiation !== undefined
              ? { abortMultipartDays: r.AbortIncompleteMultipartUpload.DaysAfterInitiation }
              : {}),
          })),
        quotaBytes: quota.quota_enabled && quota.quota_size > 0 ? BigInt(quota.quota_size) : null,
        objectLock: {
          enabled: lock?.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled',
          mode: retention?.Mode === 'COMPLIANCE' || retention?.Mode === 'GOVERNANCE' ? retention.Mode : null,
          days: retention?.Days ?? null,
        },
      }
    },

    async createBucket(name, { objectLock }) {
      try {
        await call(`CreateBucket ${name}`, true, () =>
          s3.send(
            new CreateBucketCommand({ Bucket: name, ...(objectLock ? { ObjectLockEnabledForBucket: true } : {}) }),
          ),
        )
        return true
      } catch (error) {
        if (
          error instanceof PlatformError &&
          error.cause instanceof S3ServiceException &&
          error.cause.name === 'BucketAlreadyOwnedByYou'
        )
          return false
        throw error
      }
    },

    async setVersioning(name, status) {
      await call(`PutBucketVersioning ${name}`, true, () =>
        s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: status } })),
      )
    },

    async setDefaultEncryption(name, algorithm) {
      await call(`PutBucketEncryption ${name}`, true, () =>
        s3.send(
          new PutBucketEncryptionCommand({
            Bucket: name,
            ServerSideEncryptionConfiguration: {
              Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: algorithm } }],
            },
          }),
        ),
      )
    },

    async blockPublicAccess(name) {
      await call(`PutPublicAccessBlock ${name}`, true, () =>
        s3.send(
          new PutPublicAccessBlockCommand({
            Bucket: name,
            PublicAccessBlockConfiguration: { ...BLOCK_ALL_PUBLIC_ACCESS },
          }),
        ),
      )
    },

    async deleteBucketPolicy(name) {
      await call(`DeleteBucketPolicy ${name}`, true, () => s3.send(new DeleteBucketPolicyCommand({ Bucket: name })))
    },

    async makeAclPrivate(name) {
      await call(`PutBucketAcl ${name}`, true, () => s3.send(new PutBucketAclCommand({ Bucket: name, ACL: 'private' })))
    },

    async setLifecycle(name, rules) {
      await call(`PutBucketLifecycleConfiguration ${name}`, true, () =>
        s3.send(
          new PutBucketLifecycleConfigurationCommand({
            Bucket: name,
            LifecycleConfiguration: {
              Rules: rules.map((r) => ({
                ID: r.id,
                Status: 'Enabled',
                Filter: { Prefix: '' },
                ...(r.noncurrentDays !== undefined
                  ? { NoncurrentVersionExpiration: { NoncurrentDays: r.noncurrentDays } }
                  : {}),
                ...(r.abortMultipartDays !== undefined
                  ? { AbortIncompleteMultipartUpload: { DaysAfterInitiation: r.abortMultipartDays } }
                  : {}),
              })),
            },
          }),
        ),
      )
    },

    async setQuota(name, bytes) {
      await call(`PutBucketQuota ${name}`, true, async () => {
        const body = JSON.stringify(
          bytes === null
            ? { quota_size: 0, quota_unit: 'B', quota_enabled: false }
            : { quota_size: Number(bytes), quota_unit: 'B', quota_enabled: true },
        )
        const res = await signedFetch('s3', 'PUT', quotaUrl(name), body, { 'content-type': 'application/json' })
        if (res.status !== 200 && res.status !== 204) throw new HttpError(res.status, res.text)
      })
    },

    async setObjectLockRetention(name, mode, days) {
      await call(`PutObjectLockConfiguration ${name}`, true, () =>
        s3.send(
          new PutObjectLockConfigurationCommand({
            Bucket: name,
            ObjectLockConfiguration: {
              ObjectLockEnabled: 'Enabled',
              Rule: { DefaultRetention: { Mode: mode, Days: days } },
            },
          }),
        ),
      )
    },

    async bucketIsEmpty(name) {
      const page = await call(`ListObjectVersions ${name}`, false, () =>
        s3.send(new ListObjectVersionsCommand({ Bucket: name, MaxKeys: 1 })),
      )
      return (page.Versions ?? []).length === 0 && (page.DeleteMarkers ?? []).length === 0
    },

    async emptyBucket(name) {
      let deleted = 0
      let retained = 0
      let keyMarker: string | undefined
      let versionMarker: string | undefined
      for (;;) {
        const page = await call(`ListObjectVersions ${name}`, false, () =>
          s3.send(
            new ListObjectVersionsCommand({
              Bucket: name,
              KeyMarker: keyMarker,
              VersionIdMarker: versionMarker,
              MaxKeys: 1000,
            }),
          ),
        )
        const entries = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({
          Key: v.Key!,
          VersionId: v.VersionId,
        }))
        if (entries.length > 0) {
          const out = await call(`DeleteObjects ${name}`, true, () =>
            s3.send(new DeleteObjectsCommand({ Bucket: name, Delete: { Objects: entries, Quiet: true } })),
          )
          const failed = out.Errors ?? []
          retained += failed.length
          deleted += entries.length - failed.length
        }
        if (!page.IsTruncated) break
        keyMarker = page.NextKeyMarker
        versionMarker = page.NextVersionIdMarker
      }
      return { deleted, retained }
    },

    async deleteBucket(name) {
      try {
        await call(`DeleteBucket ${name}`, true, () => s3.send(new DeleteBucketCommand({ Bucket: name })))
        return true
      } catch (error) {
        if (error instanceof PlatformError && error.kind === 'not_found') return false
        throw error
      }
    },

    async ensureUser(user) {
      try {
        await iam('GetUser', { UserName: user }, false)
        return false
      } catch (error) {
        if (!(error instanceof PlatformError && error.kind === 'not_found')) throw error
      }
      await iam('CreateUser', { UserName: user }, true)
      return true
    },

    async putUserPolicy(user, policyName, document) {
      await iam(
        'PutUserPolicy',
        { UserName: user, PolicyName: policyName, PolicyDocument: JSON.stringify(document) },
        true,
      )
    },

    async getUserPolicy(user, policyName) {
      try {
        const xml = await iam('GetUserPolicy', { UserName: user, PolicyName: policyName }, false)
        const raw = xmlValue(xml, 'PolicyDocument')
        if (!raw) return null
        const text = decodeXml(raw)
        try {
          return JSON.parse(text) as object
        } catch {
          return JSON.parse(decodeURIComponent(text)) as object
        }
      } catch (error) {
        if (error instanceof PlatformError && error.kind === 'not_found') return null
        throw error
      }
    },

    async createAccessKey(user) {
      const xml = await iam('CreateAccessKey', { UserName: user }, true)
      const accessKeyId = xmlValue(xml, 'AccessKeyId')
      const secretAccessKey = xmlValue(xml, 'SecretAccessKey')
      if (!accessKeyId || !secretAccessKey)
        throw new PlatformError({
          system: 'storage',
          kind: 'unavailable',
          status: 200,
          operation: `IAM CreateAccessKey ${user}`,
          message: 'no key in the answer',
        })
      return { accessKeyId, secretAccessKey }
    },

    async listAccessKeys(user) {
      const xml = await iam('ListAccessKeys', { UserName: user }, false)
      return [...xml.matchAll(/<AccessKeyId>([^<]*)<\/AccessKeyId>/g)].map((m) => m[1]!)
    },

    async deleteAccessKey(user, accessKeyId) {
      await iam('DeleteAccessKey', { UserName: user, AccessKeyId: accessKeyId }, true)
    },

    async deleteUser(user, policyNames) {
      let keys: string[]
      try {
        keys = await this.listAccessKeys(user)
      } catch (error) {
        if (error instanceof PlatformError && error.kind === 'not_found') return false
        throw error
      }
      for (const key of keys) await this.deleteAccessKey(user, key)
      for (const policyName of policyNames) {
        try {
          await iam('DeleteUserPolicy', { UserName: user, PolicyName: policyName }, true)
        } catch (error) {
          if (!(error instanceof PlatformError && error.kind === 'not_found')) throw error
        }
      }
      try {
        await iam('DeleteUser', { UserName: user }, true)
        return true
      } catch (error) {
        if (error instanceof PlatformError && error.kind === 'not_found') return false
        throw error
      }
    },
  }
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`HTTP ${status}: ${body.slice(0, 300)}`)
  }
}

class IamError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${code || `HTTP ${status}`}: ${message}`)
  }
}

const NOT_FOUND_NAMES = new Set(['NoSuchBucket', 'NotFound', 'NoSuchEntity', 'NoSuchKey'])

export function toStorageError(error: unknown, operation: string): PlatformError {
  if (error instanceof PlatformError) return error
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode ?? 0
    const kind = NOT_FOUND_NAMES.has(error.name) ? 'not_found' : status ? kindForStatus(status) : 'unavailable'
    return new PlatformError({
      system: 'storage',
      kind,
      status: status || null,
      operation,
      message: `${error.name}: ${error.message}`,
      cause: error,
    })
  }
  if (error instanceof IamError) {
    const kind = error.code === 'NoSuchEntity' ? 'not_found' : kindForStatus(error.status)
    return new PlatformError({
      system: 'storage',
      kind,
      status: error.status,
      operation,
      message: error.message,
      cause: error,
    })
  }
  if (error instanceof HttpError) {
    return new PlatformError({
      system: 'storage',
      kind: kindForStatus(error.status),
      status: error.status,
      operation,
      message: error.message,
      cause: error,
    })
  }
  return new PlatformError({
    system: 'storage',
    kind: 'unavailable',
    status: null,
    operation,
    message: describeTransportError(error),
    cause: error,
  })
}

function xmlValue(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1]
}

function decodeXml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#34;/g, '"')
    .replace(/&amp;/g, '&')
}
