// The provisioning worker's loops that answer people (decisions 0032, 0056) and, beside them, the
// lane of the bucket copies (decision 0086). Someone waits on a key, a backup list, a restore or a
// backup now, so those have loops of their own, apart from the reconcile passes. A restored
// bucket's copy (`backup.copy_restored_bucket`) is the one job there nobody waits on, and it can
// run for twenty minutes: in the same loops, two such copies took both slots and a key waited for
// one to end. So the copies have a lane of their own, with its own limit, in the queue's terms: a
// second worker over the same table whose handlers are the copy's alone (a job is claimed only by
// a worker that handles its kind).
import type { Db } from '../db/client'
import type { ClaimedJob } from '../jobs/queue'
import { combineWorkers, startWorker, type JobResult, type PeriodicTask, type Worker } from '../jobs/worker'
import type { Velero } from '../platform/kubernetes/velero'
import type { ObjectStorage } from '../platform/storage/object-storage'
import { BUCKET_RESTORE_COPY_JOB } from './backup-jobs'
import { backupJobHandlers } from './backup-worker'
import type { ProvisioningSettings } from './desired'
import { keyJobHandlers } from './key-worker'

/** Keys and backup questions answered at once: someone waits on each. */
export const KEY_CONCURRENCY = 2
/** Bucket copies at once: two agencies' restores copy side by side; a third waits its turn. */
export const COPY_CONCURRENCY = 2

export interface KeyLanesInput {
  readonly db: Db
  readonly storage: ObjectStorage
  readonly velero: Velero | null
  /** The platform's settings a restored bucket is made with; the defaults without. */
  readonly settings?: ProvisioningSettings
  readonly holder: string
  readonly leaseMs: number
  readonly pollMs: number
  /** Queued on the answering lane (the key sweep, the backups' health). */
  readonly periodic?: readonly PeriodicTask[]
  readonly onResult?: (job: ClaimedJob, result: JobResult | { status: 'crashed'; error: string }) => void
}

export function startKeyLanes(input: KeyLanesInput): Worker {
  const { db, storage, leaseMs, pollMs, onResult } = input
  const { [BUCKET_RESTORE_COPY_JOB]: copy, ...backups } = backupJobHandlers({
    db,
    storage,
    velero: input.velero,
    ...(input.settings ? { settings: input.settings } : {}),
  })
  const answering = startWorker({
    db,
    holder: `${input.holder}:keys`,
    concurrency: KEY_CONCURRENCY,
    handlers: { ...keyJobHandlers({ db, storage }), ...backups },
    periodic: input.periodic ?? [],
    leaseMs,
    pollMs,
    ...(onResult ? { onResult } : {}),
  })
  const copies = startWorker({
    db,
    holder: `${input.holder}:copies`,
    concurrency: COPY_CONCURRENCY,
    handlers: { [BUCKET_RESTORE_COPY_JOB]: copy! },
    leaseMs,
    pollMs,
    ...(onResult ? { onResult } : {}),
  })
  return combineWorkers(answering, copies)
}
