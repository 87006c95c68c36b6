import { createHash, createHmac } from 'node:crypto'

// AWS Signature Version 4 for the two interfaces @aws-sdk/client-s3 has no command for: the IAM
// query API that SeaweedFS serves on its S3 port, and SeaweedFS's `?seaweedfs-quota` extension.
// Written from the published algorithm (canonical request, string to sign, derived key).

export interface Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
}

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex')
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest()
/** RFC 3986 percent-encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const uriEncode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

export interface SignedRequest {
  readonly url: URL
  readonly method: string
  readonly headers: Record<string, string>
  readonly body: string
}

export function signRequest(input: {
  credentials: Credentials
  region: string
  service: 's3' | 'iam'
  method: string
  url: string
  body?: string
  headers?: Record<string, string>
  now?: Date
}): SignedRequest {
  const url = new URL(input.url)
  const body = input.body ?? ''
  const amzDate = (input.now ?? new Date()).toISOString().replace(/[-:]|\.\d{3}/g, '')
  const day = amzDate.slice(0, 8)
  const scope = `${day}/${input.region}/${input.service}/aws4_request`
  const payloadHash = sha256Hex(body)
  const headers: Record<string, string> = { host: url.host, 'x-amz-date': amzDate, 'x-amz-content-sha256': payloadHash }
  for (const [name, value] of Object.entries(input.headers ?? {})) headers[name.toLowerCase()] = value.trim()
  const names = Object.keys(headers).sort()
  const query = [...url.searchParams]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  const path = url.pathname
    .split('/')
    .map((segment) => uriEncode(decodeURIComponent(segment)))
    .join('/')
  const canonical = [
    input.method,
    path,
    query,
    names.map((n) => `${n}:${headers[n]}\n`).join(''),
    names.join(';'),
    payloadHash,
  ].join('\n')
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n')
  let key = hmac(`AWS4${input.credentials.secretAccessKey}`, day)
  for (const part of [input.region, input.service, 'aws4_request']) key = hmac(key, part)
  const signature = createHmac('sha256', key).update(toSign, 'utf8').digest('hex')
  const { host: _host, ...sent } = headers
  return {
    url,
    method: input.method,
    body,
    headers: {
      ...sent,
      authorization: `AWS4-HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
    },
  }
}
