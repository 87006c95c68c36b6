import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSeededConsole, type SeededConsole } from '../../helpers/seeded-console'
import { automationToken } from '../../helpers/sign-in'

// Forwarded headers are believed only from a configured proxy (decision 0031). The console runs
// as in production (bin/serve.mjs, two workers) with TRUSTED_PROXIES naming 127.0.0.2 alone; the
// test reaches it from 127.0.0.1, a client like any other, and from 127.0.0.2, the proxy (loopback
// is a whole /8 on Linux, so the test can be both). A client that writes X-Forwarded-For itself
// neither dodges the sign-in limit by claiming a new address each time nor puts a made-up
// address in the audit trail.

const PROXY = '127.0.0.2'
const SIGN_IN_BURST = 3
let console_: SeededConsole

beforeAll(async () => {
  console_ = await startSeededConsole({
    workers: 2,
    env: {
      TRUSTED_PROXIES: PROXY,
      SIGN_IN_RATE_LIMIT_BURST: String(SIGN_IN_BURST),
      SIGN_IN_RATE_LIMIT_PER_MINUTE: '1',
    },
  })
}, 300_000)
afterAll(async () => console_?.stop())

/** A GET from `from` (a local address to connect from), on a connection of its own. */
function getFrom(from: string, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${console_.server.url}${path}`, { agent: false, localAddress: from, headers })
    request.on('response', (response) => {
      response.resume()
      response.on('end', () => resolve(response.statusCode ?? 0))
    })
    request.on('error', reject)
    request.end()
  })
}

let forged = 0
/** A forged sign-in callback (400 while the limit allows it) from `from`, claiming to be for `client`. */
const callback = (from: string, client: string) =>
  getFrom(from, `/auth/callback?code=forged&state=s${++forged}`, { 'x-forwarded-for': client })

describe('X-Forwarded-For', () => {
  it('is ignored from a client that is not a trusted proxy: its spoofed addresses share its one bucket', async () => {
    const statuses = []
    for (let i = 1; i <= SIGN_IN_BURST + 3; i++) statuses.push(await callback('127.0.0.1', `198.51.100.${i}`))
    expect(statuses).toEqual([400, 400, 400, 429, 429, 429])
  })

  it('is believed from the trusted proxy: each client behind it has a bucket of its own', async () => {
    const statuses = []
    for (let i = 0; i <= SIGN_IN_BURST; i++) statuses.push(await callback(PROXY, '203.0.113.10'))
    expect(statuses).toEqual([400, 400, 400, 429])
    expect(await callback(PROXY, '203.0.113.11')).toBe(400)
  })

  it('puts the socket address of a non-proxy client in the audit trail, and what the proxy forwarded', async () => {
    // Agency staff asking for the pools are refused, and the refusal is audited with its origin.
    const bearer = { authorization: `Bearer ${await automationToken()}`, 'x-forwarded-for': '198.51.100.77' }
    expect(await getFrom('127.0.0.1', '/api/v1/pools', bearer)).toBe(403)
    expect(await getFrom(PROXY, '/api/v1/pools', bearer)).toBe(403)
    const refusals = await console_.database.db.auditEntry.findMany({
      where: { action: 'pool.read', outcome: 'denied' },
      orderBy: { seq: 'asc' },
      select: { sourceIp: true },
    })
    expect(refusals.map((r) => r.sourceIp)).toEqual(['127.0.0.1', '198.51.100.77'])
  })
})
