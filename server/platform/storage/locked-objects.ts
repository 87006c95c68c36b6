// Write-once objects in an object-locked bucket (S3 Object Lock, COMPLIANCE mode), through
// @aws-sdk/client-s3: the audit trail's signed checkpoints live here (decision 0036). Every object
// is created once (If-None-Match: *) with its own retention date, and is read back as the first
// version written under its key, so neither a later version nor a delete marker can stand in for
// it. What SeaweedFS enforces of this, and what it does not, is in tests/integration/audit.
import {
  CreateBucketCommand,
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  PutObjectLockConfigurationCommand,
  S3Client,
  type ObjectVersion,
} from '@aws-sdk/client-s3'
import { isS3Error, StorageCalls } from './storage-calls'

export interface LockedObjectsOptions {
  readonly endpoint: string
  readonly region: string
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string }
  readonly bucket: string
  readonly requestTimeoutMs?: number
}

/** An object's first version, with how many were written over it (0 when none was). */
export interface LockedObjectVersion {
  readonly key: string
  readonly versionId: string
  readonly laterVersions: number
}

export interface LockedObjects {
  readonly bucket: string
  /**
   * Creates the bucket with object lock when it does not exist, and sets its default retention
   * (COMPLIANCE, `days`); refuses a bucket that exists without object lock.
   */
  ensureBucket(days: number): Promise<void>
  /** Creates the object locked until `retainUntil`; false when one already exists at `key`. */
  create(key: string, body: Buffer, metadata: Readonly<Record<string, string>>, retainUntil: Date): Promise<boolean>
  /** The objects under `prefix` in key order, each as its first version. */
  list(prefix: string): Promise<LockedObjectVersion[]>
  /** One version's bytes and user metadata; null when there is no such object. */
  read(key: string, versionId?: string): Promise<{ body: Buffer; metadata: Record<string, string> } | null>
  close(): void
}

export function connectLockedObjects(options: LockedObjectsOptions): LockedObjects {
  const timeoutMs = options.requestTimeoutMs ?? 15_000
  const s3 = new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    forcePathStyle: true,
    credentials: options.credentials,
    maxAttempts: 2,
    requestHandler: { requestTimeout: timeoutMs, connectionTimeout: Math.min(timeoutMs, 5_000) },
  })
  return new S3LockedObjects(s3, options.bucket)
}

class S3LockedObjects implements LockedObjects {
  private readonly calls = new StorageCalls()

  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  close(): void {
    this.s3.destroy()
  }

  async ensureBucket(days: number): Promise<void> {
    const Bucket = this.bucket
    try {
      await this.calls.call(`CreateBucket ${Bucket}`, true, () =>
        this.s3.send(new CreateBucketCommand({ Bucket, ObjectLockEnabledForBucket: true })),
      )
    } catch (error) {
      if (!isS3Error(error, ['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'])) throw error
    }
    const lock = await this.calls.readOrNull(
      `GetObjectLockConfiguration ${Bucket}`,
      ['ObjectLockConfigurationNotFoundError'],
      () => this.s3.send(new GetObjectLockConfigurationCommand({ Bucket })),
    )
    if (lock?.ObjectLockConfiguration?.ObjectLockEnabled !== 'Enabled')
      throw new Error(`bucket ${Bucket} exists without object lock: checkpoints need a bucket made with it`)
    const ObjectLockConfiguration = {
      ObjectLockEnabled: 'Enabled' as const,
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE' as const, Days: days } },
    }
    await this.calls.call(`PutObjectLockConfiguration ${Bucket}`, true, () =>
      this.s3.send(new PutObjectLockConfigurationCommand({ Bucket, ObjectLockConfiguration })),
    )
  }

  async create(key: string, body: Buffer, metadata: Readonly<Record<string, string>>, retainUntil: Date) {
    const put = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      Body: body,
      ContentType: 'application/json',
      Metadata: { ...metadata },
      IfNoneMatch: '*',
      ObjectLockMode: 'COMPLIANCE',
      ObjectLockRetainUntilDate: retainUntil,
    })
    try {
      await this.calls.call(`PutObject ${this.bucket}/${key}`, true, () => this.s3.send(put))
      return true
    } catch (error) {
      if (isS3Error(error, ['PreconditionFailed'])) return false
      throw error
    }
  }

  async list(prefix: string): Promise<LockedObjectVersion[]> {
    const versions: ObjectVersion[] = []
    let KeyMarker: string | undefined
    let VersionIdMarker: string | undefined
    for (;;) {
      const page = await this.calls.call(`ListObjectVersions ${this.bucket}/${prefix}`, false, () =>
        this.s3.send(
          new ListObjectVersionsCommand({ Bucket: this.bucket, Prefix: prefix, KeyMarker, VersionIdMarker }),
        ),
      )
      versions.push(...(page.Versions ?? []))
      if (!page.IsTruncated) return firstVersions(versions)
      KeyMarker = page.NextKeyMarker
      VersionIdMarker = page.NextVersionIdMarker
    }
  }

  async read(key: string, versionId?: string) {
    const got = await this.calls.readOrNull(
      `GetObject ${this.bucket}/${key}`,
      ['NoSuchKey', 'NoSuchVersion', 'NotFound'],
      () => this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, VersionId: versionId })),
    )
    if (!got?.Body) return null
    return { body: Buffer.from(await got.Body.transformToByteArray()), metadata: got.Metadata ?? {} }
  }
}

/** S3 lists a key's versions newest first: its first version is the last listed. */
function firstVersions(versions: readonly ObjectVersion[]): LockedObjectVersion[] {
  const byKey = new Map<string, ObjectVersion[]>()
  for (const version of versions) {
    if (!version.Key || !version.VersionId) continue
    const list = byKey.get(version.Key) ?? []
    list.push(version)
    byKey.set(version.Key, list)
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, list]) => ({ key, versionId: list.at(-1)!.VersionId!, laterVersions: list.length - 1 }))
}
