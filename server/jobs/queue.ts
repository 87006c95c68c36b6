// Durable jobs on PostgreSQL (decision 0009): a row per job, claimed with FOR UPDATE SKIP LOCKED,
// at most one queued and one running job per (kind, key) (partial unique indexes), a lease that
// another worker takes over when it expires, retries with backoff, terminal failures that stop.
import type { Db, Tx } from '../db/client'
import type { Prisma } from '../db/generated/client'
import { currentRequestId } from '../observability/log'
import { backoffMs } from './backoff'
import { JOB_CHANNEL, REQUEST_ID_SETTING } from './shared-with-sql'

export interface ClaimedJob {
  readonly id: bigint
  readonly kind: string
  readonly key: string
  readonly payload: Record<string, unknown>
  readonly attempts: number
  readonly maxAttempts: number
  /** The request that queued it (decision 0070), when one did. */
  readonly requestId: string | null
}

/**
 * Queues a job, or brings the one already queued for the same (kind, key) forward: enqueueing
 * twice never makes two. Takes a transaction so a decision and its job commit together. Answers
 * the id of the queued row (the one brought forward, when there was one). The job keeps the id
 * of the request (or job) queueing it, the first one's when it was brought forward.
 */
export async function enqueue(
  db: Db | Tx,
  input: { kind: string; key: string; payload?: Record<string, unknown>; runAt?: Date; maxAttempts?: number },
): Promise<bigint> {
  const payload = JSON.stringify(input.payload ?? {})
  const runAt = input.runAt ?? null
  const [row] = await db.$queryRaw<{ id: bigint }[]>`
    INSERT INTO "Job" ("kind", "key", "payload", "maxAttempts", "runAt", "createdAt", "updatedAt", "requestId")
    VALUES (${input.kind}, ${input.key}, ${payload}::jsonb, ${input.maxAttempts ?? 10},
            COALESCE(${runAt}::timestamp, timezone('UTC', now())), timezone('UTC', now()), timezone('UTC', now()),
            ${currentRequestId() ?? null})
    ON CONFLICT ("kind", "key") WHERE "state" = 'queued'
    DO UPDATE SET "runAt" = LEAST("Job"."runAt", EXCLUDED."runAt"), "updatedAt" = EXCLUDED."updatedAt",
      "requestId" = COALESCE("Job"."requestId", EXCLUDED."requestId")
    RETURNING "id"`
  await db.$executeRaw`SELECT pg_notify(${JOB_CHANNEL}, ${`${input.kind}:${input.key}`})`
  return row!.id
}

/**
 * Hands the request id of this context to the SQL side of the transaction, for the jobs its
 * triggers queue (enqueue_provisioning reads REQUEST_ID_SETTING): call it in a transaction before
 * the change that fires them. Transaction-local (set_config's third argument), so a pooled
 * connection never passes it on to the next transaction. Nothing to hand outside a request or job.
 */
export async function shareRequestIdWithSql(tx: Tx): Promise<void> {
  const requestId = currentRequestId()
  if (requestId !== undefined) await tx.$executeRaw`SELECT set_config(${REQUEST_ID_SETTING}, ${requestId}, true)`
}

/**
 * Jobs whose worker died (lease expired): closed as failed and queued again with their attempt
 * count, so a job that kills its worker every time still ends.
 */
export async function recoverExpiredLeases(db: Db): Promise<number> {
  return db.$executeRaw`
    WITH expired AS (
      UPDATE "Job" SET "state" = 'failed', "lastError" = 'lease expired: the worker stopped before finishing',
             "finishedAt" = timezone('UTC', now()), "updatedAt" = timezone('UTC', now()), "lockedUntil" = NULL
      WHERE "state" = 'running' AND "lockedUntil" < timezone('UTC', now())
      RETURNING "kind", "key", "payload", "attempts", "maxAttempts", "requestId")
    INSERT INTO "Job" ("kind", "key", "payload", "attempts", "maxAttempts", "runAt", "createdAt", "updatedAt", "requestId")
    SELECT "kind", "key", "payload", "attempts", "maxAttempts", timezone('UTC', now()), timezone('UTC', now()), timezone('UTC', now()), "requestId"
    FROM expired WHERE "attempts" < "maxAttempts"
    ON CONFLICT ("kind", "key") WHERE "state" = 'queued' DO NOTHING`
}

/** Claims up to `limit` due jobs of the given kinds whose tenant has no running job. */
export async function claim(
  db: Db,
  input: { kinds: readonly string[]; holder: string; leaseMs: number; limit?: number },
): Promise<ClaimedJob[]> {
  const kinds = [...input.kinds]
  for (let attempt = 0; ; attempt++) {
    try {
      const rows = await db.$queryRaw<
        {
          id: bigint
          kind: string
          key: string
          payload: Prisma.JsonValue
          attempts: number
          maxAttempts: number
          requestId: string | null
        }[]
      >`
        WITH next AS (
          SELECT j."id" FROM "Job" j
          WHERE j."state" = 'queued' AND j."runAt" <= timezone('UTC', now()) AND j."kind" = ANY(${kinds}::text[])
            AND NOT EXISTS (SELECT 1 FROM "Job" r WHERE r."kind" = j."kind" AND r."key" = j."key" AND r."state" = 'running')
          ORDER BY j."runAt", j."id"
          LIMIT ${input.limit ?? 1}
          FOR UPDATE SKIP LOCKED)
        UPDATE "Job" SET "state" = 'running', "attempts" = "Job"."attempts" + 1, "lockedBy" = ${input.holder},
               "lockedUntil" = timezone('UTC', now()) + ${input.leaseMs} * interval '1 millisecond', "updatedAt" = timezone('UTC', now())
        FROM next WHERE "Job"."id" = next."id"
        RETURNING "Job"."id", "Job"."kind", "Job"."key", "Job"."payload", "Job"."attempts", "Job"."maxAttempts", "Job"."requestId"`
      return rows.map((r) => ({ ...r, payload: (r.payload ?? {}) as Record<string, unknown> }))
    } catch (error) {
      // Two claimers raced for one tenant and the second hit the one-running-per-key index: that
      // tenant is taken, which is what we wanted; try again for another.
      if (attempt < 3 && /Job_one_running_per_key|unique/i.test(String(error))) continue
      throw error
    }
  }
}

/** Extends the lease of a job still being worked on; false when the lease was lost. */
export async function heartbeat(db: Db, id: bigint, holder: string, leaseMs: number): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE "Job" SET "lockedUntil" = timezone('UTC', now()) + ${leaseMs} * interval '1 millisecond', "updatedAt" = timezone('UTC', now())
    WHERE "id" = ${id} AND "state" = 'running' AND "lockedBy" = ${holder}`
  return n === 1
}

/** The job is done; `result` is what it answers to whoever waits for it (server/jobs/results.ts). */
export async function complete(db: Db, id: bigint, result?: Record<string, unknown>): Promise<void> {
  const answer = result === undefined ? null : JSON.stringify(result)
  await db.$executeRaw`
    UPDATE "Job" SET "state" = 'done', "finishedAt" = timezone('UTC', now()), "updatedAt" = timezone('UTC', now()), "lockedUntil" = NULL, "lastError" = NULL,
           "result" = ${answer}::jsonb
    WHERE "id" = ${id}`
}

/**
 * A failed attempt: queued again after a backoff, unless the failure is terminal or the
 * attempts are spent (then it stops, saying why). A newer queued job for the same tenant
 * supersedes the retry.
 */
export async function fail(
  db: Db,
  job: ClaimedJob,
  error: string,
  options: { terminal?: boolean; delayMs?: number } = {},
): Promise<'retry' | 'failed' | 'superseded'> {
  const message = error.slice(0, 4000)
  if (options.terminal || job.attempts >= job.maxAttempts) {
    await db.$executeRaw`
      UPDATE "Job" SET "state" = 'failed', "lastError" = ${message}, "finishedAt" = timezone('UTC', now()), "updatedAt" = timezone('UTC', now()), "lockedUntil" = NULL
      WHERE "id" = ${job.id}`
    return 'failed'
  }
  const delay = options.delayMs ?? backoffMs(job.attempts)
  const n = await db.$executeRaw`
    UPDATE "Job" SET "state" = 'queued', "lastError" = ${message}, "lockedBy" = NULL, "lockedUntil" = NULL,
           "runAt" = timezone('UTC', now()) + ${delay} * interval '1 millisecond', "updatedAt" = timezone('UTC', now())
    WHERE "id" = ${job.id}
      AND NOT EXISTS (SELECT 1 FROM "Job" q WHERE q."kind" = ${job.kind} AND q."key" = ${job.key} AND q."state" = 'queued')`
  if (n === 1) return 'retry'
  await db.$executeRaw`
    UPDATE "Job" SET "state" = 'failed', "lastError" = ${`superseded by a newer job; last error: ${message}`}, "finishedAt" = timezone('UTC', now()),
           "updatedAt" = timezone('UTC', now()), "lockedUntil" = NULL
    WHERE "id" = ${job.id}`
  return 'superseded'
}

/**
 * Leases on many tenants at once, for a pass that works on them itself rather than through
 * queued jobs: a running row per key, taken in one statement (the one-running-per-key index makes
 * a key already running elsewhere, as a job or a lease, fail to insert). The keys taken, each with
 * the row to release.
 */
export async function takeLeases(
  db: Db,
  input: { kind: string; keys: readonly string[]; holder: string; leaseMs: number; payload: Record<string, unknown> },
): Promise<Map<string, bigint>> {
  if (input.keys.length === 0) return new Map()
  const rows = await db.$queryRaw<{ id: bigint; key: string }[]>`
    INSERT INTO "Job" ("kind", "key", "payload", "state", "attempts", "runAt", "lockedBy", "lockedUntil", "createdAt", "updatedAt")
    SELECT ${input.kind}, k, ${JSON.stringify(input.payload)}::jsonb, 'running', 1, timezone('UTC', now()), ${input.holder},
           timezone('UTC', now()) + ${input.leaseMs} * interval '1 millisecond', timezone('UTC', now()), timezone('UTC', now())
    FROM unnest(${[...input.keys]}::text[]) AS k
    ON CONFLICT ("kind", "key") WHERE "state" = 'running' DO NOTHING
    RETURNING "id", "key"`
  return new Map(rows.map((r) => [r.key, r.id]))
}

/** Lets go of leases taken by takeLeases (their rows end as done). */
export async function releaseLeases(db: Db, ids: readonly bigint[]): Promise<void> {
  if (ids.length === 0) return
  await db.$executeRaw`
    UPDATE "Job" SET "state" = 'done', "finishedAt" = timezone('UTC', now()), "updatedAt" = timezone('UTC', now()), "lockedUntil" = NULL
    WHERE "id" = ANY(${[...ids]}::bigint[])`
}

/**
 * Runs a periodic task on one replica only: whoever moves `nextRunAt` forward first gets it.
 * True when this caller should run it now.
 */
export async function takeScheduledRun(
  db: Db,
  input: { name: string; everyMs: number; holder: string },
): Promise<boolean> {
  await db.$executeRaw`
    INSERT INTO "JobSchedule" ("name", "nextRunAt") VALUES (${input.name}, timezone('UTC', now())) ON CONFLICT ("name") DO NOTHING`
  const n = await db.$executeRaw`
    UPDATE "JobSchedule" SET "nextRunAt" = timezone('UTC', now()) + ${input.everyMs} * interval '1 millisecond',
           "lastRunAt" = timezone('UTC', now()), "lastRunBy" = ${input.holder}
    WHERE "name" = ${input.name} AND "nextRunAt" <= timezone('UTC', now())`
  return n === 1
}

/** Finished jobs older than this are removed (the audit log keeps what matters). */
export async function pruneFinished(db: Db, olderThanMs: number): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "Job" WHERE "state" IN ('done', 'failed') AND "finishedAt" < timezone('UTC', now()) - ${olderThanMs} * interval '1 millisecond'`
}
