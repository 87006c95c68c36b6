// A plain GET of a path on the API server, as the connection's identity or as nobody (no client
// certificate, no token: what an anonymous caller gets). For what the typed clients do not reach:
// non-resource paths (/metrics, /flagz) and anonymous probes of the platform's security checks.
import { request } from 'node:https'
import type * as k8s from '@kubernetes/client-node'

export interface RawAnswer {
  readonly status: number
  readonly body: string
  /** The body was longer than the limit and was cut: not to be parsed. */
  readonly truncated?: boolean
}

const MAX_BODY = 4 * 1024 * 1024

export async function rawGet(
  kubeConfig: k8s.KubeConfig,
  path: string,
  options: { anonymous?: boolean; accept?: string; timeoutMs?: number; maxBodyBytes?: number } = {},
): Promise<RawAnswer> {
  const server = kubeConfig.getCurrentCluster()?.server
  if (!server) throw new Error('the kubeconfig names no cluster server')
  const tls: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer; headers?: Record<string, string> } =
    {}
  await kubeConfig.applyToHTTPSOptions(tls)
  const url = new URL(path, server)
  const credentials = options.anonymous ? {} : { cert: tls.cert, key: tls.key }
  const headers = { ...(options.anonymous ? {} : tls.headers), Accept: options.accept ?? 'application/json' }
  const limit = options.maxBodyBytes ?? MAX_BODY
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'GET', ca: tls.ca, ...credentials, headers, timeout: options.timeoutMs ?? 10_000 },
      (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size <= limit) chunks.push(chunk)
        })
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ...(size > limit ? { truncated: true } : {}),
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('timeout', () => req.destroy(new Error(`GET ${url.pathname} timed out`)))
    req.on('error', reject)
    req.end()
  })
}
