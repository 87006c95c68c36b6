import type { Logger } from 'pino'

// One line per finished job in a worker's log (decision 0070): written inside the job's context,
// so it carries the id of the request that queued it, and an operator following a decision's
// reference reads where its reconcile ran and how it ended. Failures at error, the rest at info.

interface FinishedJob {
  readonly kind: string
  readonly key: string
  /** Counting this one (claim adds it), when the caller knows it. */
  readonly attempts?: number
}

/** What the workers hand startWorker as `onResult` (and the audit worker as `onFailure`). */
export function jobResultLogger(out: Logger): (job: FinishedJob, result: { status: string; error?: string }) => void {
  return (job, result) => {
    const fields = { kind: job.kind, key: job.key, attempt: job.attempts, status: result.status }
    if (result.status === 'done') out.info(fields, `${job.kind} ${job.key}: done`)
    else out.error({ ...fields, error: result.error ?? '' }, `${job.kind} ${job.key}: ${result.status}`)
  }
}
