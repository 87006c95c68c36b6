// Waiting for a job's answer: for work that a process asks of a worker and cannot do itself (the
// web console asking for an S3 key, which only the worker holds the storage's admin keys to make).
// The worker records the answer on the job's row (complete(…, result)); the asker reads it there.
import type { Db } from '../db/client'
import type { Prisma } from '../db/generated/client'

export type JobOutcome =
  | { readonly state: 'done'; readonly result: Record<string, unknown> | null }
  | { readonly state: 'failed'; readonly error: string }
  /** Nobody finished it in time; when it was still queued it was withdrawn and will not run. */
  | { readonly state: 'timeout'; readonly withdrawn: boolean }

/**
 * How long to wait before looking at the row again: every 20 ms for the first two seconds (a key
 * job takes about 100 ms, and someone is waiting for it), then every 100 ms. A look is one
 * primary-key read.
 */
const pollDelayMs = (waitedMs: number) => (waitedMs < 2_000 ? 20 : 100)

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms))

async function jobRow(db: Db, id: bigint) {
  return db.job.findUnique({ where: { id }, select: { state: true, result: true, lastError: true } })
}

/**
 * Waits for the job to end. A job still queued when the time is up is withdrawn (marked failed)
 * so that it never runs for an asker who has gone; one already running is left to finish.
 */
export async function awaitJob(db: Db, id: bigint, options: { timeoutMs: number }): Promise<JobOutcome> {
  const start = Date.now()
  const deadline = start + options.timeoutMs
  for (;;) {
    const row = await jobRow(db, id)
    if (!row) return { state: 'failed', error: 'the job is gone' }
    if (row.state === 'done') return { state: 'done', result: asObject(row.result) }
    if (row.state === 'failed') return { state: 'failed', error: row.lastError ?? 'failed' }
    if (Date.now() >= deadline) return { state: 'timeout', withdrawn: await withdrawQueued(db, id) }
    await sleep(Math.min(pollDelayMs(Date.now() - start), Math.max(1, deadline - Date.now())))
  }
}

function asObject(value: Prisma.JsonValue | null): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null
}

/** Marks a job that has not started yet as failed; false when a worker already took it. */
export async function withdrawQueued(db: Db, id: bigint): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE "Job" SET "state" = 'failed', "lastError" = 'withdrawn: nobody waits for it any more',
           "finishedAt" = timezone('UTC', now()), "updatedAt" = timezone('UTC', now())
    WHERE "id" = ${id} AND "state" = 'queued'`
  return n === 1
}

/** Removes one field from a done job's answer (what the asker has read and must not stay). */
export async function dropFromResult(db: Db, id: bigint, field: string): Promise<void> {
  await db.$executeRaw`UPDATE "Job" SET "result" = "result" - ${field} WHERE "id" = ${id} AND "result" ? ${field}`
}

/** Done jobs of this kind, finished more than `olderThanMs` ago, whose answer still holds `field`. */
export async function answersStillHolding(
  db: Db,
  input: { kind: string; field: string; olderThanMs: number },
): Promise<{ id: bigint; result: Record<string, unknown> }[]> {
  const rows = await db.$queryRaw<{ id: bigint; result: Prisma.JsonValue }[]>`
    SELECT "id", "result" FROM "Job"
    WHERE "kind" = ${input.kind} AND "state" = 'done' AND "result" ? ${input.field} 
      AND "finishedAt" < timezone('UTC', now()) - ${input.olderThanMs} * interval '1 millisecond'
    ORDER BY "id"`
  return rows.flatMap((row) => {
    const result = asObject(row.result)
    return result ? [{ id: row.id, result }] : []
  })
}
