import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { decodeJwt } from 'jose'
import { expect } from 'vitest'
import { handleApiRequest, type ApiDeps } from '#server/api/handler'
import { createApiDeps } from '#server/api/settings'
import type { Db } from '#server/db/client'
import { createOidcClient } from '#server/identity/oidc'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { signInAtKeycloak } from '../../helpers/keycloak-login'
import { requireStackSetting } from '../../helpers/stack-env'

// Shared by the API tests: a fresh database with the demo seed, real Keycloak tokens, and a
// small client that sends Fetch Requests to handleApiRequest as the Remix route does.

export const ORIGIN = 'http://console.test'

/** A migrated database with `prisma/seed.ts`'s Lạng Sơn demo data. */
export async function seededDatabase(): Promise<TestDatabase> {
  const t = await createTestDatabase()
  execFileSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../../../prisma/seed.ts')], {
    env: { ...process.env, DATABASE_URL: t.url },
    stdio: 'pipe',
  })
  return t
}

export const issuer = () => requireStackSetting('OIDC_ISSUER')

/** The API as a running console builds it, from settings like the environment's. */
export function apiDeps(db: Db, extra: Record<string, string> = {}): ApiDeps {
  return createApiDeps({
    db,
    env: { OIDC_ISSUER: issuer(), OIDC_API_AUDIENCE: requireStackSetting('OIDC_API_AUDIENCE'), ...extra },
  })
}

type Cached = { token: string; exp: number }
const cache = new Map<string, Cached>()

async function cached(key: string, fetchToken: () => Promise<string>): Promise<string> {
  const hit = cache.get(key)
  // Keycloak's access tokens live five minutes: take a new one when less than a minute is left.
  if (hit && hit.exp * 1000 - Date.now() > 60_000) return hit.token
  const token = await fetchToken()
  cache.set(key, { token, exp: decodeJwt(token).exp ?? 0 })
  return token
}

/** The `govcloud-automation` service account: agency staff of so-tc, audience govcloud-api. */
export function automationToken(): Promise<string> {
  return cached('automation', async () => {
    const res = await fetch(`${issuer()}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: requireStackSetting('KEYCLOAK_AUTOMATION_CLIENT_ID'),
        client_secret: requireStackSetting('KEYCLOAK_AUTOMATION_CLIENT_SECRET'),
      }),
    })
    expect(res.status).toBe(200)
    return ((await res.json()) as { access_token: string }).access_token
  })
}

/**
 * A demo person's access token from the console's client (audience govcloud-console), got by
 * signing in on Keycloak's real login form: the only way the realm hands out operators' tokens.
 */
export function consoleUserToken(username: string): Promise<string> {
  return cached(`user:${username}`, async () => {
    const oidc = await createOidcClient({
      issuer: issuer(),
      clientId: requireStackSetting('OIDC_CLIENT_ID'),
      clientSecret: requireStackSetting('OIDC_CLIENT_SECRET'),
    })
    const { url, pending } = await oidc.beginLogin({
      redirectUri: 'http://localhost:5173/auth/callback',
      returnTo: '/',
    })
    const callback = await signInAtKeycloak(url, username)
    return (await oidc.completeLogin(callback, pending)).accessToken
  })
}

export type Call = {
  token?: string | null
  body?: unknown
  /** Sent as it is (for malformed JSON and wrong content types). */
  rawBody?: string | Uint8Array
  headers?: Record<string, string>
}

// Answers are read as loose JSON: the tests assert on their shape field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any
export type ApiAnswer = { status: number; headers: Headers; json: Json; text: string }

export async function call(deps: ApiDeps, method: string, path: string, options: Call = {}): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token) headers['authorization'] ??= `Bearer ${options.token}`
  let body: string | Uint8Array | undefined
  if (options.rawBody !== undefined) body = options.rawBody
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body)
    headers['content-type'] ??= 'application/json'
  }
  const response = await handleApiRequest(
    new Request(`${ORIGIN}/api/v1${path}`, { method, headers, body: body as BodyInit | undefined }),
    deps,
  )
  const text = await response.text()
  const type = response.headers.get('content-type') ?? ''
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: /json/.test(type) && text !== '' ? JSON.parse(text) : undefined,
  }
}

/** Asserts an RFC 9457 problem with this status and code, and returns it. */
export function expectProblem(answer: ApiAnswer, status: number, code: string): Json {
  expect(answer.status, answer.text).toBe(status)
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  expect(answer.json).toMatchObject({
    status,
    code,
    type: expect.stringContaining(code),
    title: expect.any(String),
    detail: expect.any(String),
  })
  return answer.json
}

/** Counts of what any write would change: requests, their lines and votes, ledger, audit. */
export async function writeCounts(db: Db) {
  const [requests, lines, votes, ledger, audit, allocations] = await Promise.all([
    db.quotaRequest.count(),
    db.requestLine.count(),
    db.requestVote.count(),
    db.ledgerEntry.count(),
    db.auditEntry.count(),
    db.allocationLine.count(),
  ])
  return { requests, lines, votes, ledger, audit, allocations }
}

export async function projectId(db: Db, name: string): Promise<string> {
  return (await db.project.findFirstOrThrow({ where: { name }, select: { id: true } })).id
}
