// An in-memory token bucket per key, for ceilings that may be kept per process: the overall
// ceiling of the sign-in endpoints, checked after each client's own limit (which is shared by
// every process: rate-limit-shared.ts, decision 0031). A ceiling per process still blunts a flood
// spread over many addresses, and costs no database statement.

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
