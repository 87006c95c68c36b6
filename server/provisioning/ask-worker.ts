// The web console asking the provisioning worker for what only the worker can do (S3 keys, decision
// 0032; a project's backups, decision 0056): a job with its payload, one per request (its key is
// new), and a wait for the answer on the job's row. Nothing is retried: the asker is waiting now.
import { randomUUID } from 'node:crypto'
import type { Db } from '../db/client'
import { enqueue } from '../jobs/queue'
import { awaitJob } from '../jobs/results'
import { PlatformError, type PlatformSystem } from '../platform/errors'

export type AskOptions = { readonly timeoutMs?: number }

/** The worker's answer, or a PlatformError naming the job when it failed or nobody answered. */
export async function askWorker(
  db: Db,
  request: {
    kind: string
    payload: Record<string, unknown>
    system: PlatformSystem
    waitMs: number
    stillRunning?: string
  },
  options: AskOptions,
): Promise<{ jobId: bigint; result: Record<string, unknown> | null }> {
  const { kind, payload, system } = request
  const timeoutMs = options.timeoutMs ?? request.waitMs
  const jobId = await enqueue(db, { kind, key: randomUUID(), payload, maxAttempts: 1 })
  const outcome = await awaitJob(db, jobId, { timeoutMs })
  if (outcome.state === 'done') return { jobId, result: outcome.result }
  throw new PlatformError({
    system,
    kind: 'unavailable',
    status: null,
    operation: `${kind} job ${jobId}`,
    message:
      outcome.state === 'failed'
        ? outcome.error
        : `no worker answered within ${timeoutMs / 1000} s` +
          (outcome.withdrawn ? ' (withdrawn before it started)' : ` (${request.stillRunning ?? 'still running'})`),
  })
}

/** The worker answered something its schema does not read. */
export function malformedAnswer(kind: string, jobId: bigint, system: PlatformSystem): PlatformError {
  return new PlatformError({
    system,
    kind: 'unavailable',
    status: null,
    operation: `${kind} job ${jobId}`,
    message: `the worker answered something else than a ${kind} answer`,
  })
}
