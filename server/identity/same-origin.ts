// The second lock against cross-site form posts (decision 0007), after SameSite=Lax cookies: a
// request that changes state must say it comes from the console's own origin. Browsers send
// `Origin` on every POST (form or fetch); `Referer` is the fallback for the rare one that strips
// it. A request carrying neither is refused: the console's forms always come from a browser page.

export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS'])

export type OriginVerdict = { ok: true } | { ok: false; reason: 'missing' | 'cross_origin' }

export function checkSameOrigin(
  input: { method: string; origin: string | null; referer: string | null },
  expectedOrigin: string,
): OriginVerdict {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return { ok: true }
  const expected = originOf(expectedOrigin)
  if (input.origin !== null && input.origin !== '') {
    // "null" is what a sandboxed frame or a redirect chain across sites sends: never ours.
    return originOf(input.origin) === expected && expected !== null
      ? { ok: true }
      : { ok: false, reason: 'cross_origin' }
  }
  if (input.referer) {
    return originOf(input.referer) === expected && expected !== null
      ? { ok: true }
      : { ok: false, reason: 'cross_origin' }
  }
  return { ok: false, reason: 'missing' }
}

function originOf(value: string): string | null {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null
  } catch {
    return null
  }
}
