import { request } from 'node:https'

// A fetch for tests that trusts one extra CA (the local stack's, which signs Keycloak's HTTPS
// listener), without touching the process's trust store. It never follows redirects (callers
// want Keycloak's Location headers) and understands what the sign-in helpers send: string or
// URLSearchParams bodies, cookie and content-type headers.
export type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>

export function fetchTrusting(caPem: string): Fetch {
  return (input, init = {}) =>
    new Promise((resolve, reject) => {
      const headers = new Headers(init.headers)
      let body: string | undefined
      if (init.body instanceof URLSearchParams) {
        body = init.body.toString()
        if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8')
      } else if (typeof init.body === 'string') {
        body = init.body
      } else if (init.body != null) {
        reject(new Error('fetchTrusting sends string or URLSearchParams bodies only'))
        return
      }
      if (body !== undefined) headers.set('content-length', String(Buffer.byteLength(body)))
      const req = request(
        new URL(String(input)),
        { method: init.method ?? 'GET', ca: caPem, headers: Object.fromEntries(headers) },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('error', reject)
          res.on('end', () => {
            const out = new Headers()
            for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
              out.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!)
            const status = res.statusCode ?? 500
            resolve(
              new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers: out }),
            )
          })
        },
      )
      req.on('error', reject)
      req.end(body)
    })
}
