// A worker: claims due jobs, runs their handlers with a heartbeat on the lease, and records the
// result. Several workers (in one process or in several console replicas) share one table.
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { Db } from '../db/client'
import { jobRequestId, withRequestId } from '../observability/log'
import {
  claim,
  complete,
  enqueue,
  fail,
  heartbeat,
  recoverExpiredLeases,
  takeScheduledRun,
  type ClaimedJob,
} from './queue'

export type JobResult =
  | {
      readonly status: 'done'
      readonly requeueAfterMs?: number | null
      /** What the job answers to whoever waits for it (awaitJob); kept on the job's row. */
      readonly result?: Record<string, unknown>
    }
  | { readonly status: 'retry'; readonly error: string; readonly delayMs?: number }
  | { readonly status: 'terminal'; readonly error: string }

export type JobHandler = (job: ClaimedJob) => Promise<JobResult>

export interface PeriodicTask {
  readonly name: string
  readonly everyMs: number
  /** Queued when the task is due: a job of this kind and key. */
  readonly job: { readonly kind: string; readonly key: string }
}

export interface WorkerOptions {
  readonly db: Db
  readonly handlers: Readonly<Record<string, JobHandler>>
  readonly holder?: string
  readonly concurrency?: number
  readonly leaseMs?: number
  readonly pollMs?: number
  readonly periodic?: readonly PeriodicTask[]
  /** Called with each finished job (tests and logs). */
  readonly onResult?: (job: ClaimedJob, result: JobResult | { status: 'crashed'; error: string }) => void
}

export interface Worker {
  readonly holder: string
  /** Wake idle loops now (a NOTIFY arrived). */
  wake(): void
  /** Stops claiming; resolves when the jobs in hand are finished. */
  stop(): Promise<void>
}

export function startWorker(options: WorkerOptions): Worker {
  const holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
  const leaseMs = options.leaseMs ?? 60_000
  const pollMs = options.pollMs ?? 1_000
  const kinds = Object.keys(options.handlers)
  const idle = wakeableSleep()
  let stopping = false

  // Loop 0 also does the housekeeping: taking over expired leases, queueing due periodic tasks.
  const loops = Array.from({ length: Math.max(1, options.concurrency ?? 4) }, async (_, index) => {
    while (!stopping) {
      try {
        if (index === 0) {
          await recoverExpiredLeases(options.db)
          await enqueueDuePeriodic(options, holder)
        }
        const [job] = await claim(options.db, { kinds, holder, leaseMs })
        if (job) await runJob(options, job, holder, leaseMs)
        else await idle.sleep(pollMs)
      } catch (error) {
        // The database itself is unreachable: wait and try again.
        options.onResult?.(
          { id: 0n, kind: 'worker', key: holder, payload: {}, attempts: 0, maxAttempts: 0, requestId: null },
          { status: 'crashed', error: String(error) },
        )
        await idle.sleep(pollMs)
      }
    }
  })

  return {
    holder,
    wake: idle.wakeAll,
    async stop() {
      stopping = true
      idle.wakeAll()
      await Promise.all(loops)
    },
  }
}

/** Sleeps that a NOTIFY (or stopping) can cut short. */
function wakeableSleep(): { sleep: (ms: number) => Promise<void>; wakeAll: () => void } {
  const sleepers = new Set<() => void>()
  return {
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer)
          sleepers.delete(done)
          resolve()
        }
        const timer = setTimeout(done, ms)
        sleepers.add(done)
      }),
    wakeAll: () => {
      for (const wake of [...sleepers]) wake()
    },
  }
}

/**
 * Runs one claimed job with a heartbeat on its lease, then records how it went; all of it in the
 * context of the request that queued it, or of the job itself, so its log lines and audit entries
 * carry that id (decision 0070).
 */
function runJob(options: WorkerOptions, job: ClaimedJob, holder: string, leaseMs: number): Promise<void> {
  return withRequestId(job.requestId ?? jobRequestId(job.id), () => runJobInContext(options, job, holder, leaseMs))
}

async function runJobInContext(
  options: WorkerOptions,
  job: ClaimedJob,
  holder: string,
  leaseMs: number,
): Promise<void> {
  const handler = options.handlers[job.kind]
  const beat = setInterval(
    () => void heartbeat(options.db, job.id, holder, leaseMs).catch(() => undefined),
    Math.max(1_000, leaseMs / 3),
  )
  let result: JobResult
  try {
    result = handler ? await handler(job) : { status: 'terminal', error: `no handler for ${job.kind}` }
  } catch (error) {
    result = { status: 'retry', error: error instanceof Error ? error.message : String(error) }
  } finally {
    clearInterval(beat)
  }
  await recordResult(options.db, job, result)
  options.onResult?.(job, result)
}

/** Done (and queued again later when the handler asks), or failed: retried or stopped. */
async function recordResult(db: Db, job: ClaimedJob, result: JobResult): Promise<void> {
  if (result.status === 'done') {
    await complete(db, job.id, result.result)
    if (result.requeueAfterMs)
      await enqueue(db, {
        kind: job.kind,
        key: job.key,
        payload: { reason: 'requeue' },
        runAt: new Date(Date.now() + result.requeueAfterMs),
      })
  } else {
    await fail(db, job, result.error, {
      terminal: result.status === 'terminal',
      delayMs: result.status === 'retry' ? result.delayMs : undefined,
    })
  }
}

/** Queues each periodic task that is due, on whichever replica gets to it first. */
async function enqueueDuePeriodic(options: WorkerOptions, holder: string): Promise<void> {
  for (const task of options.periodic ?? []) {
    if (await takeScheduledRun(options.db, { name: task.name, everyMs: task.everyMs, holder })) {
      await enqueue(options.db, { kind: task.job.kind, key: task.job.key, payload: { reason: 'periodic' } })
    }
  }
}

/** Several workers of one process (each with its own kinds and loops) woken and stopped as one. */
export function combineWorkers(...workers: readonly Worker[]): Worker {
  return {
    holder: workers.map((w) => w.holder).join('+'),
    wake: () => workers.forEach((w) => w.wake()),
    stop: async () => void (await Promise.all(workers.map((w) => w.stop()))),
  }
}
