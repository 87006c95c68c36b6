import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { startSeededConsole, type SeededConsole } from '../../helpers/seeded-console'
import { newAutomationToken } from '../../helpers/sign-in'
import type { TestDatabase } from '../../helpers/database'
import { apiDeps, call, expectProblem, openSeededApi } from './support'

// The API's rate limits (decision 0031) against the real Keycloak tokens and PostgreSQL: a token
// runs out, a person runs out across their tokens, and the limit holds across the console's
// worker processes. Small limits, set the way a deployment sets them, keep the test short.

let t: TestDatabase
let token: string

beforeAll(async () => {
  ;({ t, token } = await openSeededApi())
})
afterAll(async () => t?.drop())
// Each test starts with full buckets (the automation client is one person throughout).
beforeEach(async () => {
  await t.db.rateLimitBucket.deleteMany()
})

/** The API with these limits (per minute is low, so nothing refills while the test runs). */
const limited = (settings: Record<string, string>): ApiDeps =>
  apiDeps(t.db, { API_RATE_LIMIT_TOKEN_PER_MINUTE: '1', API_RATE_LIMIT_PERSON_PER_MINUTE: '1', ...settings })

describe('rate limits on the API', () => {
  it("refuses a token's calls beyond its burst: 429, Retry-After, a translated problem; another token goes on", async () => {
    const deps = limited({ API_RATE_LIMIT_TOKEN_BURST: '3', API_RATE_LIMIT_PERSON_BURST: '100' })
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await call(deps, 'GET', '/agencies', { token })).status)
    expect(statuses).toEqual([200, 200, 200])

    const refused = await call(deps, 'GET', '/agencies', { token })
    const problem = expectProblem(refused, 429, 'api.rate_limited')
    const wait = Number(refused.headers.get('retry-after'))
    // One call a minute comes back: the next one is at most a minute away.
    expect(wait).toBeGreaterThan(0)
    expect(wait).toBeLessThanOrEqual(60)
    expect(problem.title).toBe('Quá nhiều yêu cầu')
    expect(problem.detail).toBe(`Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn: hãy thử lại sau ${wait} giây.`)
    const english = await call(deps, 'GET', '/projects', { token, headers: { 'accept-language': 'en' } })
    expect(expectProblem(english, 429, 'api.rate_limited').detail).toMatch(/^Too many requests in a short time/)

    expect((await call(deps, 'GET', '/agencies', { token: await newAutomationToken() })).status).toBe(200)
  })

  it("refuses a person's calls beyond their burst, whichever of their tokens they use", async () => {
    const deps = limited({ API_RATE_LIMIT_TOKEN_BURST: '100', API_RATE_LIMIT_PERSON_BURST: '4' })
    const [first, second] = [await newAutomationToken(), await newAutomationToken()]
    expect(first).not.toBe(second)
    const statuses = []
    for (const each of [first, second, first, second, first, second])
      statuses.push((await call(deps, 'GET', '/agencies', { token: each })).status)
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429])
    // A fresh token buys no fresh bucket.
    expectProblem(await call(deps, 'GET', '/pools', { token: await newAutomationToken() }), 429, 'api.rate_limited')
  })

  it('counts calls that arrive at the same moment one by one', async () => {
    const deps = limited({ API_RATE_LIMIT_TOKEN_BURST: '4', API_RATE_LIMIT_PERSON_BURST: '100' })
    const statuses = await Promise.all(Array.from({ length: 10 }, () => call(deps, 'GET', '/agencies', { token })))
    expect(statuses.map((s) => s.status).sort()).toEqual([200, 200, 200, 200, 429, 429, 429, 429, 429, 429])
  })
})

describe('rate limits across worker processes', () => {
  let console_: SeededConsole

  beforeAll(async () => {
    console_ = await startSeededConsole({
      workers: 2,
      env: { API_RATE_LIMIT_TOKEN_BURST: '4', API_RATE_LIMIT_TOKEN_PER_MINUTE: '1' },
    })
  }, 300_000)
  afterAll(async () => console_?.stop())

  /** GET on a connection of its own, so that the workers take turns (node:cluster deals out connections). */
  const getAlone = (path: string, bearer: string) =>
    new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${console_.server.url}${path}`, {
        agent: false,
        headers: { authorization: `Bearer ${bearer}` },
      })
      request.on('response', (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode ?? 0))
      })
      request.on('error', reject)
      request.end()
    })

  it('lets a token make its burst of calls once in all, not once per worker', async () => {
    const bearer = await newAutomationToken()
    const statuses = []
    for (let i = 0; i < 8; i++) statuses.push(await getAlone('/api/v1/agencies', bearer))
    expect(statuses.filter((s) => s === 200)).toHaveLength(4)
    expect(statuses.slice(4)).toEqual([429, 429, 429, 429])
  })
})
