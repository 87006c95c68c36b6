import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  FROM_THE_CONSOLE,
  PUBLIC_URL,
  signedInVisitor,
  startSeededConsole,
  visitor,
  type SeededConsole,
  type Visitor,
} from '../../helpers/seeded-console'
import { dataPath } from '../../helpers/loader-data'
import { requireStackSetting } from '../../helpers/stack-env'

// What the console's pages promise the browser (decision 0030), against the built console under
// bin/serve.mjs, a seeded database and the local stack's Keycloak: every form is read within a
// size limit, the language form too (it is read before anyone signs in); every page says which
// scripts may run (its own, and inline only with this response's nonce), that it is never framed,
// and that the console is HTTPS only.

let started: SeededConsole
let staff: Visitor
let anonymous: Visitor
const paths = { namespace: '', draft: 0, submitted: 0 }

beforeAll(async () => {
  // Published at PUBLIC_URL (a redirect URI the realm allows) while it listens on a free port.
  started = await startSeededConsole({ env: { PUBLIC_URL } })
  const db = started.database.db
  const agency = await db.agency.findUniqueOrThrow({ where: { code: 'so-khcn' }, select: { id: true } })
  const project = await db.project.findFirstOrThrow({ where: { agencyId: agency.id }, select: { namespace: true } })
  const request = (state: 'draft' | 'submitted') =>
    db.quotaRequest.findFirstOrThrow({ where: { agencyId: agency.id, state }, select: { number: true } })
  Object.assign(paths, {
    namespace: project.namespace,
    draft: (await request('draft')).number,
    submitted: (await request('submitted')).number,
  })
  staff = await signedInVisitor(started.server, 'an.nguyen')
  anonymous = visitor(started.server)
}, 300_000)

afterAll(async () => started?.stop())

/**
 * POSTs `start` and then `x`s, chunked (no Content-Length), until the server answers or 64 MiB
 * are sent: the status and how much was sent by then. A server that answers and closes while the
 * client still sends may reset the connection before the client reads the answer: `reset`.
 */
function postEndlessly(url: string, start: string): Promise<{ status: number | 'reset'; sentBytes: number }> {
  return new Promise((resolve, reject) => {
    let sentBytes = 0
    let answered = false
    const request = httpRequest(url, {
      method: 'POST',
      headers: { ...FROM_THE_CONSOLE, 'content-type': 'application/x-www-form-urlencoded' },
    })
    request.on('response', (response) => {
      answered = true
      response.resume()
      resolve({ status: response.statusCode ?? 0, sentBytes })
      request.destroy()
    })
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (answered) return
      answered = true
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') resolve({ status: 'reset', sentBytes })
      else reject(error)
    })
    const chunk = Buffer.alloc(64 * 1024, 'x')
    const send = () => {
      while (!answered && sentBytes < 64 * 1024 * 1024) {
        const more = request.write(sentBytes === 0 ? start : chunk)
        sentBytes += sentBytes === 0 ? start.length : chunk.length
        if (!more) return void request.once('drain', send)
      }
      if (!answered) request.end()
    }
    send()
  })
}

/** A form of a little over `kib` KiB whose first fields are ones the action would accept. */
const padded = (fields: Record<string, string>, kib: number) => ({ ...fields, padding: 'x'.repeat(kib * 1024) })

describe('forms are read within a size limit', () => {
  const TOO_LARGE_VI = 'Biểu mẫu gửi lên vượt quá giới hạn 64 KiB'

  it('refuses a language form over 64 KiB before anyone signs in, by its length or as it streams in', async () => {
    const declared = await anonymous.post('/lang', padded({ lang: 'en', redirectTo: '/' }, 70))
    expect(declared.status).toBe(413)
    expect(await declared.text()).toContain(TOO_LARGE_VI)
    expect(declared.headers.getSetCookie()).toEqual([])

    // No Content-Length at all: counted as it arrives; the answer comes once over the limit,
    // while the client is still sending, and nothing more is read.
    const streamed = await postEndlessly(`${started.server.url}/lang`, 'lang=en&redirectTo=%2F&p=')
    expect([413, 'reset']).toContain(streamed.status)
    expect(streamed.sentBytes, 'the console answered long before 64 MiB were sent').toBeLessThan(16 * 1024 * 1024)

    // Within the limit, the form works as before.
    const chosen = await anonymous.post('/lang', { lang: 'en', redirectTo: '/' })
    expect(chosen.status).toBe(302)
  })

  it('refuses every signed-in form over 64 KiB with a translated 413 page, and writes nothing', async () => {
    const db = started.database.db
    const before = { audit: await db.auditEntry.count(), requests: await db.quotaRequest.count() }
    const forms: [string, Record<string, string>][] = [
      ['/notifications', { intent: 'read-all' }],
      [`/projects/${paths.namespace}`, { intent: 'issue', label: 'Máy chủ ứng dụng' }],
      [`/projects/${paths.namespace}/requests/new`, { intent: 'save', kind: 'new', justification: 'Mở rộng' }],
      [`/requests/${paths.draft}/edit`, { intent: 'save', justification: 'Mở rộng' }],
      [`/requests/${paths.submitted}/decide`, { intent: 'withdraw', version: '1' }],
    ]
    for (const [path, fields] of forms) {
      for (const address of [path, dataPath(path)]) {
        const response = await staff.post(address, padded(fields, 70))
        expect(response.status, `POST ${address}`).toBe(413)
        if (address === path) expect(await response.text(), path).toContain(TOO_LARGE_VI)
      }
    }
    expect({ audit: await db.auditEntry.count(), requests: await db.quotaRequest.count() }).toEqual(before)
  })
})

describe('names people read', () => {
  it("refuses an S3 key's label that hides characters or reorders itself, as every other name", async () => {
    for (const label of ['Máy chủ\u202egnp.exe', 'Máy\u200bchủ', 'Máy \u2066chủ\u2069']) {
      const response = await staff.post(`/projects/${paths.namespace}`, { intent: 'issue', label })
      expect(response.status, JSON.stringify(label)).toBe(422)
      expect(await response.text()).toContain('Tên chứa ký tự ẩn hoặc ký tự điều khiển.')
    }
    expect(await started.database.db.s3Credential.count()).toBe(0)
  })
})

/** The CSP directives of a response, by name. */
function policy(response: Response): Map<string, string> {
  const header = response.headers.get('content-security-policy') ?? ''
  return new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values.join(' ')]),
  )
}

function expectBrowserHeaders(response: Response, label: string): void {
  expect(response.headers.get('strict-transport-security'), label).toBe('max-age=31536000; includeSubDomains')
  expect(response.headers.get('x-content-type-options'), label).toBe('nosniff')
  expect(response.headers.get('x-frame-options'), label).toBe('DENY')
  expect(response.headers.get('referrer-policy'), label).toBe('same-origin')
  expect(policy(response).get('frame-ancestors'), label).toBe("'none'")
}

describe("the browser's security headers", () => {
  it("lets a page run only its own scripts, inline ones only with this response's nonce", async () => {
    const nonces = new Set<string>()
    for (const path of ['/', `/projects/${paths.namespace}`, `/requests/${paths.submitted}/decide`]) {
      const response = await staff.get(path)
      expect(response.status, path).toBe(200)
      expectBrowserHeaders(response, path)
      const csp = policy(response)
      const nonce = /^'self' 'nonce-([A-Za-z0-9+/=]{22,})'$/.exec(csp.get('script-src') ?? '')?.[1]
      expect(nonce, `${path}: script-src ${csp.get('script-src')}`).toBeDefined()
      nonces.add(nonce!)
      expect(csp.get('default-src')).toBe("'self'")
      expect(csp.get('style-src')).toBe("'self'")
      expect(csp.get('object-src')).toBe("'none'")
      expect(csp.get('base-uri')).toBe("'none'")
      // Signing out posts here and is redirected on to Keycloak's end-session page.
      expect(csp.get('form-action')).toBe(`'self' ${new URL(requireStackSetting('OIDC_ISSUER')).origin}`)
      // Every script the page holds is the console's own file or carries the nonce.
      const scripts = [...(await response.text()).matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? '')
      expect(scripts.length, path).toBeGreaterThan(2)
      for (const attributes of scripts) {
        if (/\bsrc="\//.test(attributes)) continue
        expect(attributes, `${path}: an inline script without the nonce`).toContain(`nonce="${nonce}"`)
      }
    }
    expect(nonces.size, 'a fresh nonce for every response').toBe(3)
  })

  it('puts the headers on error pages, pages shown before sign-in, and the data of client-side navigations', async () => {
    const pages = [
      [await staff.get('/khong-co-trang-nay'), 404, 'a 404 page'],
      [await anonymous.get('/auth/callback'), 400, 'the sign-in problem page'],
    ] as const
    for (const [response, status, label] of pages) {
      expect(response.status, label).toBe(status)
      expectBrowserHeaders(response, label)
      expect(policy(response).get('script-src'), label).toMatch(/^'self' 'nonce-/)
    }
    const data = await staff.get(dataPath(`/projects/${paths.namespace}`))
    expect(data.status).toBe(200)
    expectBrowserHeaders(data, 'a .data answer')
    expect(policy(data).get('default-src')).toBe("'none'")
  })
})
