import { z } from 'zod'
import { apiProblem, type FieldProblem, invalidInput } from './problem'

// Reading requests and writing responses: JSON bodies within a size limit, query parameters and
// opaque paging cursors.

/** Bodies above this are refused with 413 before they are parsed (a request is a few KiB). */
export const MAX_BODY_BYTES = 64 * 1024

export function jsonResponse(
  body: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      Vary: 'Accept-Language, Authorization',
      ...init.headers,
    },
  })
}

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i

/**
 * The body as parsed JSON: 415 unless it is declared `application/json` (UTF-8), 413 above the
 * limit (counted as it streams in, whatever Content-Length claims), 400 when it is not JSON.
 */
export async function readJsonBody(request: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  const type = request.headers.get('content-type')
  if (type === null || !JSON_TYPE.test(type.trim()))
    throw apiProblem(415, 'api.unsupported_media_type', {}, { 'Accept-Post': 'application/json' })
  const bytes = await readBodyWithin(request, limit)
  if (bytes === null) throw apiProblem(413, 'api.body_too_large', { max: limit })
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw apiProblem(400, 'api.malformed_json')
  }
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw apiProblem(400, 'api.malformed_json')
  }
}

/**
 * The body's bytes, or null when it is over `limit`: refused on its Content-Length, and counted as
 * it streams in whatever Content-Length claims (the rest is never read). The one body reader of
 * the console: the API's JSON here, the pages' forms in app/utils/form.server.ts.
 */
export async function readBodyWithin(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (Number.isFinite(declared) && declared > limit) return null
  if (request.body === null) return new Uint8Array()
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > limit) {
      await reader.cancel().catch(() => undefined)
      return null
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

/** A JSON object's fields, or the problems: not an object, or keys outside `allowed` (one each). */
export function objectFields(
  body: unknown,
  allowed: readonly string[],
  prefix = '',
): { ok: true; fields: Record<string, unknown> } | { ok: false; problems: FieldProblem[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, problems: [{ pointer: prefix, message: { domain: { code: 'input.not_object', params: {} } } }] }
  }
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key))
  if (unknown.length > 0) {
    return {
      ok: false,
      problems: unknown.map((key) => ({
        pointer: `${prefix}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        message: { api: 'api.unknown_field' as const },
      })),
    }
  }
  return { ok: true, fields: body as Record<string, unknown> }
}

/** A JSON object body, or 422 naming the root or each unknown key. */
export function objectBody(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  const checked = objectFields(body, allowed)
  if (!checked.ok) throw invalidInput(checked.problems)
  return checked.fields
}

/** The version a change is based on: a whole number from 1, required. */
export function versionOf(body: Record<string, unknown>): { version: number } | { problem: FieldProblem } {
  const value = body['version']
  if (value === undefined || value === null)
    return { problem: { pointer: '/version', message: { domain: { code: 'input.required', params: {} } } } }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    return { problem: { pointer: '/version', message: { domain: { code: 'request.version_invalid', params: {} } } } }
  }
  return { version: value }
}

// ——— Query parameters ———

export const DEFAULT_LIMIT = 50
export const MAX_LIMIT = 200

const limitSchema = z.coerce.number().int().min(1).max(MAX_LIMIT)

/** One query parameter at most once (repeating `limit` is an error, not a choice). */
export function single(url: URL, name: string): string | undefined {
  const values = url.searchParams.getAll(name)
  if (values.length > 1) throw apiProblem(400, 'api.invalid_query', { name })
  return values[0]
}

export function limitOf(url: URL): number {
  const raw = single(url, 'limit')
  if (raw === undefined) return DEFAULT_LIMIT
  const parsed = limitSchema.safeParse(raw.trim() === '' ? Number.NaN : raw)
  if (!parsed.success) throw apiProblem(400, 'api.invalid_query', { name: 'limit' })
  return parsed.data
}

/** Query parameters a list operation does not know are refused, so a typo is not a silent no-op. */
export function onlyParams(url: URL, allowed: readonly string[]): void {
  for (const name of url.searchParams.keys()) {
    if (!allowed.includes(name)) throw apiProblem(400, 'api.invalid_query', { name })
  }
}

// ——— Cursors ———

/**
 * Cursors are opaque to clients: base64url of a small JSON naming the list and the position of
 * the last item returned (keyset paging, so inserts between pages never repeat or skip an item).
 */
export function encodeCursor(list: string, position: Record<string, string | null>): string {
  return Buffer.from(JSON.stringify({ l: list, p: position }), 'utf8').toString('base64url')
}

export function decodeCursor<T extends z.ZodType>(url: URL, list: string, position: T): z.infer<T> | null {
  const raw = single(url, 'cursor')
  if (raw === undefined) return null
  const bad = () => apiProblem(400, 'api.invalid_cursor')
  if (raw.length > 512 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw bad()
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
  } catch {
    throw bad()
  }
  if (typeof decoded !== 'object' || decoded === null || (decoded as { l?: unknown }).l !== list) throw bad()
  const parsed = position.safeParse((decoded as { p?: unknown }).p)
  if (!parsed.success) throw bad()
  return parsed.data
}

/** The page and the cursor after it: one extra row is read to know whether there is more. */
export function page<T>(
  rows: readonly T[],
  limit: number,
  positionOf: (last: T) => string,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return { items, nextCursor: rows.length > limit && last !== undefined ? positionOf(last) : null }
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
