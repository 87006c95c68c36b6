import { z } from 'zod'
import { formatInteger } from './labels.server'
import type { Locale } from './i18n.server'

export const PAGE_SIZE = 25

/** `?page=` from the query string: a whole number from 1; absent means 1. */
export const PageParam = z.coerce.number().int().min(1).max(1_000_000).optional()

/** Where a page starts, and what the pager shows (a page past the end is simply empty). */
export function paging(page: number | undefined, total: number, locale: Locale, size = PAGE_SIZE) {
  const current = page ?? 1
  return {
    skip: (current - 1) * size,
    take: size,
    info: { page: current, pages: Math.max(1, Math.ceil(total / size)), total: formatInteger(total, locale) },
  }
}

/** The query string as a plain object, with empty values (an "all" choice) left out. */
export function searchObject(url: URL): Record<string, string> {
  return Object.fromEntries([...url.searchParams].filter(([, value]) => value !== ''))
}

/**
 * Keyset paging (decision 0015): a page starts after (or ends before) a position in the list's
 * order instead of at an offset, so a deep page costs what the first does. The position travels
 * in the address as an opaque base64url JSON, like the REST API's cursors.
 */
export function encodePosition(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url')
}

/** The position a cursor names, or null when it is not one of `shape`'s. */
export function decodePosition<T extends z.ZodType>(cursor: string, shape: T): z.infer<T> | null {
  if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null
  try {
    const parsed = shape.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}
