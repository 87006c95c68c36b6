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
