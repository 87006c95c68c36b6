// Buckets themselves, through @aws-sdk/client-s3: listed, created, emptied of every version and
// deleted. Their configuration is bucket-settings.ts's; their quota bucket-quota.ts's.
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectVersionsCommand,
  type ListObjectVersionsOutput,
  PutBucketTaggingCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { isNotFound, isS3Error, type StorageCalls } from './storage-calls'

export class S3Buckets {
  constructor(
    private readonly s3: S3Client,
    private readonly calls: StorageCalls,
  ) {}

  async list(): Promise<string[]> {
    const out = await this.calls.call('ListBuckets', false, () => this.s3.send(new ListBucketsCommand({})))
    return (out.Buckets ?? []).map((b) => b.Name ?? '').filter(Boolean)
  }

  async exists(name: string): Promise<boolean> {
    const found = await this.calls.readOrNull(`HeadBucket ${name}`, ['NotFound', 'NoSuchBucket'], () =>
      this.s3.send(new HeadBucketCommand({ Bucket: name })),
    )
    return found !== null
  }

  /** true when it was created, false when it already existed (whose, its tags say). */
  async create(name: string, { objectLock }: { objectLock: boolean }): Promise<boolean> {
    try {
      await this.calls.call(`CreateBucket ${name}`, true, () =>
        this.s3.send(
          new CreateBucketCommand({ Bucket: name, ...(objectLock ? { ObjectLockEnabledForBucket: true } : {}) }),
        ),
      )
      return true
    } catch (error) {
      if (isS3Error(error, ['BucketAlreadyOwnedByYou'])) return false
      throw error
    }
  }

  /** The bucket's tags (the console's ownership marks: decision 0034); none is an empty set. */
  async tags(name: string): Promise<Record<string, string>> {
    const out = await this.calls.readOrNull(`GetBucketTagging ${name}`, ['NoSuchTagSet', 'NoSuchTagSetError'], () =>
      this.s3.send(new GetBucketTaggingCommand({ Bucket: name })),
    )
    return Object.fromEntries((out?.TagSet ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']))
  }

  /** Replaces the bucket's tags. */
  async tag(name: string, tags: Readonly<Record<string, string>>): Promise<void> {
    const TagSet = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))
    await this.calls.call(`PutBucketTagging ${name}`, true, () =>
      this.s3.send(new PutBucketTaggingCommand({ Bucket: name, Tagging: { TagSet } })),
    )
  }

  /** No object version and no delete marker left. */
  async isEmpty(name: string): Promise<boolean> {
    const page = await this.listVersions(name, { MaxKeys: 1 })
    return (page.Versions ?? []).length === 0 && (page.DeleteMarkers ?? []).length === 0
  }

  /** Deletes every version and delete marker it may; locked versions stay and are counted. */
  async empty(name: string): Promise<{ deleted: number; retained: number }> {
    let deleted = 0
    let retained = 0
    let KeyMarker: string | undefined
    let VersionIdMarker: string | undefined
    for (;;) {
      const page = await this.listVersions(name, { KeyMarker, VersionIdMarker, MaxKeys: 1000 })
      const entries = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({
        Key: v.Key!,
        VersionId: v.VersionId,
      }))
      if (entries.length > 0) {
        const out = await this.calls.call(`DeleteObjects ${name}`, true, () =>
          this.s3.send(new DeleteObjectsCommand({ Bucket: name, Delete: { Objects: entries, Quiet: true } })),
        )
        const failed = out.Errors ?? []
        retained += failed.length
        deleted += entries.length - failed.length
      }
      if (!page.IsTruncated) break
      KeyMarker = page.NextKeyMarker
      VersionIdMarker = page.NextVersionIdMarker
    }
    return { deleted, retained }
  }

  /** false when it did not exist. */
  async delete(name: string): Promise<boolean> {
    try {
      await this.calls.call(`DeleteBucket ${name}`, true, () => this.s3.send(new DeleteBucketCommand({ Bucket: name })))
      return true
    } catch (error) {
      if (isNotFound(error)) return false
      throw error
    }
  }

  private listVersions(
    name: string,
    page: { KeyMarker?: string; VersionIdMarker?: string; MaxKeys: number },
  ): Promise<ListObjectVersionsOutput> {
    return this.calls.call(`ListObjectVersions ${name}`, false, () =>
      this.s3.send(new ListObjectVersionsCommand({ Bucket: name, ...page })),
    )
  }
}
