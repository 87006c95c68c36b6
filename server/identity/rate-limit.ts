// An in-memory token bucket per client, for the sign-in endpoints (decision 0007). Each console
// replica keeps its own buckets: a limit per replica is good enough to blunt a flood of forged
// callbacks (each costs a database lookup and, with a code, a call to Keycloak), and needs no
// shared store. Keycloak keeps its own brute-force protection for passwords.

export type BucketSettings = {
  /** Requests allowed at once (the bucket's size). */
  burst: number
  /** Tokens added back per minute. */
  perMinute: number
  /** Keys remembered at most; beyond it the fullest (idlest) buckets are forgotten first. */
  maxKeys?: number
}

export type RateLimiter = {
  /** Takes one token for `key`; false (and how long to wait) when the bucket is empty. */
  take(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number }
  /** Buckets currently remembered (for tests). */
  size(): number
}

export function createRateLimiter(settings: BucketSettings, now: () => number = Date.now): RateLimiter {
  const perMs = settings.perMinute / 60_000
  const maxKeys = settings.maxKeys ?? 10_000
  const buckets = new Map<string, { tokens: number; at: number }>()

  const level = (bucket: { tokens: number; at: number }, t: number) =>
    Math.min(settings.burst, bucket.tokens + (t - bucket.at) * perMs)

  function forgetIdle(t: number): void {
    for (const [key, bucket] of buckets) if (level(bucket, t) >= settings.burst) buckets.delete(key)
    // Still too many (a flood of distinct keys): drop the oldest entries; a forgotten bucket
    // starts full again, which only ever errs towards letting a real user in.
    for (const key of buckets.keys()) {
      if (buckets.size < maxKeys) break
      buckets.delete(key)
    }
  }

  return {
    take(key) {
      const t = now()
      const existing = buckets.get(key)
      const tokens = existing ? level(existing, t) : settings.burst
      if (tokens < 1) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) }
      }
      if (!existing && buckets.size >= maxKeys) forgetIdle(t)
      buckets.delete(key) // re-insert: Map order is then least recently used first
      buckets.set(key, { tokens: tokens - 1, at: t })
      return { allowed: true }
    },
    size: () => buckets.size,
  }
}
