// Objects copied from bucket to bucket inside the storage (server-side CopyObject: the bytes never
// leave it), listed with their ETags, and the small JSON records a job keeps beside them: what the
// backup of a project's bucket data works with (decision 0053).
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import type { StorageCalls } from './storage-calls'

export interface ListedObject {
  readonly key: string
  readonly etag: string
  readonly size: number
}

export class S3ObjectCopies {
  constructor(
    private readonly s3: S3Client,
    private readonly calls: StorageCalls,
  ) {}

  /** Every current object under the prefix, a page of 1 000 at a time. */
  async list(bucket: string, prefix: string): Promise<ListedObject[]> {
    const objects: ListedObject[] = []
    let token: string | undefined
    do {
      const page = await this.calls.call(`ListObjectsV2 ${bucket}/${prefix}`, false, () =>
        this.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })),
      )
      for (const o of page.Contents ?? [])
        if (o.Key !== undefined) objects.push({ key: o.Key, etag: o.ETag ?? '', size: o.Size ?? 0 })
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
    return objects
  }

  async copy(from: { bucket: string; key: string }, to: { bucket: string; key: string }): Promise<void> {
    const source = `${from.bucket}/${from.key.split('/').map(encodeURIComponent).join('/')}`
    await this.calls.call(`CopyObject ${from.bucket}/${from.key}`, true, () =>
      this.s3.send(new CopyObjectCommand({ Bucket: to.bucket, Key: to.key, CopySource: source })),
    )
  }

  /** A delete marker on a versioned bucket: the version before it stays for its retention. */
  async delete(bucket: string, key: string): Promise<void> {
    await this.calls.call(`DeleteObject ${bucket}/${key}`, true, () =>
      this.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })),
    )
  }

  async readJson(bucket: string, key: string): Promise<unknown> {
    const out = await this.calls.readOrNull(`GetObject ${bucket}/${key}`, ['NoSuchKey', 'NotFound'], () =>
      this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })),
    )
    return out?.Body ? (JSON.parse(await out.Body.transformToString()) as unknown) : null
  }

  async writeJson(bucket: string, key: string, value: unknown): Promise<void> {
    await this.calls.call(`PutObject ${bucket}/${key}`, true, () =>
      this.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: JSON.stringify(value),
          ContentType: 'application/json',
        }),
      ),
    )
  }
}
