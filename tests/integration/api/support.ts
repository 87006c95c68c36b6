import { expect } from 'vitest'
import type { components } from '#server/api/generated/openapi'
import { handleApiRequest, type ApiDeps } from '#server/api/handler'
import { createApiDeps } from '#server/api/settings'
import type { Db } from '#server/db/client'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { like } from '../../helpers/matchers'
import { automationToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'

// Shared by the API tests: the API as the console builds it, and a small client that sends Fetch
// Requests to handleApiRequest as the Remix route does, reading answers as the OpenAPI contract
// types them (server/api/generated/openapi.ts).

export const ORIGIN = 'http://console.test'

export type Schemas = components['schemas']
export type Problem = Schemas['Problem']

/** The API as a running console builds it, from settings like the environment's. */
export function apiDeps(db: Db, extra: Record<string, string> = {}): ApiDeps {
  return createApiDeps({
    db,
    env: {
      OIDC_ISSUER: requireStackSetting('OIDC_ISSUER'),
      OIDC_API_AUDIENCE: requireStackSetting('OIDC_API_AUDIENCE'),
      ...extra,
    },
  })
}

/**
 * What most API test files start from: a database with the demo seed, the API over it, and the
 * token of the agency's automation client (staff of so-tc). Drop `t` after the file.
 */
export async function openSeededApi(): Promise<{ t: TestDatabase; deps: ApiDeps; token: string }> {
  const t = await createSeededDatabase()
  return { t, deps: apiDeps(t.db), token: await automationToken() }
}

export type Call = {
  token?: string | null
  body?: unknown
  /** Sent as it is (for malformed JSON and wrong content types). */
  rawBody?: string | Uint8Array<ArrayBuffer>
  headers?: Record<string, string>
}

/**
 * An answer, its JSON read as `T`: the body the contract promises for the operation's success
 * (the test checks the status first); a failure's body is read with expectProblem.
 */
export type ApiAnswer<T = unknown> = { status: number; headers: Headers; text: string; json: T }

export async function call<T = unknown>(
  deps: ApiDeps,
  method: string,
  path: string,
  options: Call = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token) headers['authorization'] ??= `Bearer ${options.token}`
  let body: string | Uint8Array<ArrayBuffer> | undefined
  if (options.rawBody !== undefined) body = options.rawBody
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body)
    headers['content-type'] ??= 'application/json'
  }
  const response = await handleApiRequest(new Request(`${ORIGIN}/api/v1${path}`, { method, headers, body }), deps)
  const text = await response.text()
  const type = response.headers.get('content-type') ?? ''
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: (/json/.test(type) && text !== '' ? JSON.parse(text) : undefined) as T,
  }
}

/** Asserts an RFC 9457 problem with this status and code, and returns it. */
export function expectProblem(answer: ApiAnswer, status: number, code: string): Problem {
  expect(answer.status, answer.text).toBe(status)
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  expect(answer.json).toMatchObject({
    status,
    code,
    type: like.stringContaining(code),
    title: like.any(String),
    detail: like.any(String),
  })
  return answer.json as Problem
}

/** The `errors` of a problem as [JSON pointer, code] pairs. */
export const fieldCodes = (problem: Problem) => (problem.errors ?? []).map((e) => [e.path, e.code])

/**
 * Every item of a list operation, page by page through `nextCursor` (the pages checked to be at
 * most `limit` long), starting after `from` when given.
 */
export async function pageThrough<T>(
  deps: ApiDeps,
  token: string,
  path: string,
  options: { limit: number; from?: string | null },
): Promise<T[]> {
  const seen: T[] = []
  let cursor = options.from ?? null
  for (let pages = 0; pages < 200; pages++) {
    const sep = path.includes('?') ? '&' : '?'
    const page = `${path}${sep}limit=${options.limit}${cursor ? `&cursor=${cursor}` : ''}`
    const res = await call<{ items: T[]; nextCursor: string | null }>(deps, 'GET', page, { token })
    expect(res.status, res.text).toBe(200)
    expect(res.json.items.length).toBeLessThanOrEqual(options.limit)
    seen.push(...res.json.items)
    cursor = res.json.nextCursor
    if (cursor === null) return seen
  }
  throw new Error('paging did not end')
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
