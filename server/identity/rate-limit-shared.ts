import type { Db } from '../db/client'
import type { BucketSettings } from './rate-limit'
import { log } from '../observability/log'

// Rate limits that hold across every console process (decision 0031): the console runs one
// worker per core (decision 0017) and may run several replicas, so a limit kept in one process's
// memory would be n times too generous. The buckets live in PostgreSQL, which every process
// already shares, in an UNLOGGED table (no write-ahead log: a crash may forget counters, which only
// ever lets someone in early).
//
// Each key keeps one time (the generic cell rate algorithm, GCRA): when its bucket is full again.
// A request adds one interval (a minute / perMinute) to max(fullAt, now) and is allowed while the
// result is at most `burst` intervals ahead of now: the same answers as a token bucket of `burst`
// tokens refilled at `perMinute`, in one atomic statement (the row lock serialises requests for a
// key across processes). The database's clock is the only clock, so replicas' clocks may differ.

export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number }

export type SharedRateLimiter = {
  /** Takes one request for `key` from its bucket; refused with how long to wait when it is empty. */
  take(key: string): Promise<Verdict>
}

/** Buckets whose fullAt has passed are the same as none: deleted at most this often per process. */
const SWEEP_EVERY_MS = 60_000

export function createSharedRateLimiter(db: Db, settings: BucketSettings): SharedRateLimiter {
  const interval = BigInt(Math.max(1, Math.round(60_000 / settings.perMinute)))
  const ahead = BigInt(settings.burst) * interval
  let lastSweep = 0

  function sweep(): void {
    if (Date.now() - lastSweep < SWEEP_EVERY_MS) return
    lastSweep = Date.now()
    db.$executeRaw`
      DELETE FROM "RateLimitBucket" WHERE "fullAt" < (extract(epoch FROM clock_timestamp()) * 1000)::bigint`.catch(
      (error: unknown) => log.warn({ err: error }, 'rate limits: sweeping full buckets failed'),
    )
  }

  return {
    async take(key) {
      sweep()
      // `next` is when the bucket would be full again with this request in it. The row moves only
      // when that is within the burst; otherwise it is left as it was, and the answer says how
      // long until the request would have fitted.
      const [row] = await db.$queryRaw<{ allowed: boolean; waitMs: bigint }[]>`
        WITH now AS (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ms),
        taken AS (
          INSERT INTO "RateLimitBucket" AS b ("key", "fullAt")
          SELECT ${key}, ms + ${interval}::bigint FROM now
          ON CONFLICT ("key") DO UPDATE
            SET "fullAt" = GREATEST(b."fullAt", EXCLUDED."fullAt" - ${interval}::bigint) + ${interval}::bigint
            WHERE GREATEST(b."fullAt", EXCLUDED."fullAt" - ${interval}::bigint) + ${interval}::bigint
              <= EXCLUDED."fullAt" - ${interval}::bigint + ${ahead}::bigint
          RETURNING "fullAt"
        )
        SELECT EXISTS (SELECT 1 FROM taken) AS allowed,
          COALESCE((SELECT "fullAt" FROM "RateLimitBucket" WHERE "key" = ${key}), 0)
            + ${interval}::bigint - ${ahead}::bigint - (SELECT ms FROM now) AS "waitMs"`
      if (!row || row.allowed) return { allowed: true }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Number(row.waitMs) / 1000)) }
    },
  }
}
