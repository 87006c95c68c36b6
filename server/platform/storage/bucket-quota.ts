// A bucket's size quota: SeaweedFS's own S3 extension (GET/PUT /{bucket}?seaweedfs-quota, JSON
// bodies), which no SDK client knows. Signed by the SDK's SigV4 signer and sent with fetch; the
// signature is all of an S3 call it needs (docs/decisions/0021-storage-sdk-clients.md).
import { Hash } from '@smithy/hash-node'
import { SignatureV4 } from '@smithy/signature-v4'
import { HttpError, type StorageCalls } from './storage-calls'

/** The extension's body, both ways; the size is in quota_unit ('B' is all the console writes). */
interface SeaweedQuota {
  readonly quota_size: number
  readonly quota_unit: string
  readonly quota_enabled: boolean
}

export interface QuotaEndpoint {
  readonly endpoint: string
  readonly region: string
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string }
  readonly timeoutMs: number
}

export class SeaweedBucketQuota {
  private readonly signer: SignatureV4

  constructor(
    private readonly options: QuotaEndpoint,
    private readonly calls: StorageCalls,
  ) {
    this.signer = new SignatureV4({
      service: 's3',
      region: options.region,
      credentials: options.credentials,
      sha256: Hash.bind(null, 'sha256'),
      // S3 signs the path as sent, not encoded a second time.
      uriEscapePath: false,
    })
  }

  /** Bytes; null when no quota is enforced. */
  async read(bucket: string): Promise<bigint | null> {
    const quota = await this.calls.call(`GetBucketQuota ${bucket}`, false, async () => {
      const res = await this.send('GET', bucket)
      if (res.status !== 200) throw new HttpError(res.status, res.text)
      return JSON.parse(res.text) as SeaweedQuota
    })
    return quota.quota_enabled && quota.quota_size > 0 ? BigInt(quota.quota_size) : null
  }

  /** null lifts the quota. */
  async set(bucket: string, bytes: bigint | null): Promise<void> {
    const quota: SeaweedQuota =
      bytes === null
        ? { quota_size: 0, quota_unit: 'B', quota_enabled: false }
        : { quota_size: Number(bytes), quota_unit: 'B', quota_enabled: true }
    await this.calls.call(`PutBucketQuota ${bucket}`, true, async () => {
      const res = await this.send('PUT', bucket, JSON.stringify(quota))
      if (res.status !== 200 && res.status !== 204) throw new HttpError(res.status, res.text)
    })
  }

  private async send(method: 'GET' | 'PUT', bucket: string, body?: string): Promise<{ status: number; text: string }> {
    const url = new URL(`${this.options.endpoint.replace(/\/$/, '')}/${encodeURIComponent(bucket)}`)
    const signed = await this.signer.sign({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: { 'seaweedfs-quota': '' },
      headers: { host: url.host, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body,
    })
    // fetch sets Host itself (from the URL the signature covers).
    const { host: _host, ...headers } = signed.headers
    const res = await fetch(`${url.href}?seaweedfs-quota`, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    })
    return { status: res.status, text: await res.text() }
  }
}
