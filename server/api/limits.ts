import { createHash } from 'node:crypto'
import type { RateLimits } from '../config/rate-limits'
import type { Db } from '../db/client'
import type { Identity } from '../identity/claims'
import { createSharedRateLimiter, type SharedRateLimiter } from '../identity/rate-limit-shared'
import { apiProblem } from './problem'

// The API's rate limits (decision 0031): one bucket per access token and one per person (all of
// their tokens together, so a fresh token does not buy a fresh bucket), in PostgreSQL so that
// they hold across the console's processes. Checked once the token is verified and before any
// work, so a refused call costs one statement per bucket.

export type ApiLimiters = { perToken: SharedRateLimiter; perPerson: SharedRateLimiter }

export function createApiLimiters(db: Db, limits: RateLimits): ApiLimiters {
  return {
    perToken: createSharedRateLimiter(db, limits.apiPerToken),
    perPerson: createSharedRateLimiter(db, limits.apiPerPerson),
  }
}

/**
 * Takes one call from the token's bucket, then from the person's: 429 with Retry-After when
 * either is empty. The token's comes first, so a call its own token refuses spends nothing of
 * what the person's other tokens share. Tokens are keyed by a digest: no usable token is stored.
 */
export async function requireWithinLimits(limiters: ApiLimiters, identity: Identity, token: string): Promise<void> {
  const digest = createHash('sha256').update(token).digest('base64url')
  const buckets: [SharedRateLimiter, string][] = [
    [limiters.perToken, `api:token:${digest}`],
    [limiters.perPerson, `api:person:${identity.subject}`],
  ]
  for (const [limiter, key] of buckets) {
    const verdict = await limiter.take(key)
    if (!verdict.allowed) {
      const seconds = verdict.retryAfterSeconds
      throw apiProblem(429, 'api.rate_limited', { seconds }, { 'Retry-After': String(seconds) })
    }
  }
}
