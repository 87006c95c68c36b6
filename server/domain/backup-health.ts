// What a project's backups say about themselves (issue 15, decision 0056), pure: the last success,
// the next run, the failures, and whether one is missing. A backup is missing when the schedule
// fell due more than a margin ago, after the schedule existed, and no backup has completed since
// that due time: the run never happened, or is still not done long after it should be.
import { lastDueAt, nextDueAt } from './cron-due'

/** How late a scheduled backup may complete before it counts as missing. */
export const MISSING_MARGIN_MS = 2 * 3_600_000

/** Velero's phases that end a backup without a usable result. */
const FAILED_PHASES = new Set(['Failed', 'PartiallyFailed', 'FailedValidation'])

export interface BackupRun {
  readonly name: string
  readonly phase: string
  readonly startedAt: string | null
  readonly completedAt: string | null
  readonly bytes: number
}

export interface BackupHealth {
  readonly lastSuccess: BackupRun | null
  readonly nextRunAt: Date | null
  /** Failed runs newer than the last success, newest first. */
  readonly failures: readonly BackupRun[]
  /** The due time no backup has answered (more than the margin ago), if any. */
  readonly missingSince: Date | null
  readonly state: 'ok' | 'failed' | 'missing'
}

const time = (iso: string | null) => (iso === null ? Number.NaN : Date.parse(iso))

/** `schedule`: the five-field cron in Việt Nam's time; `scheduledSince`: when the schedule was made. */
export function backupHealth(input: {
  readonly schedule: string
  readonly scheduledSince: Date | null
  readonly runs: readonly BackupRun[]
  readonly now: Date
}): BackupHealth {
  const { schedule, runs, now } = input
  const newest = [...runs].sort((a, b) => (time(b.startedAt) || 0) - (time(a.startedAt) || 0))
  const lastSuccess = newest.find((r) => r.phase === 'Completed') ?? null
  const successAt = lastSuccess ? time(lastSuccess.startedAt) : Number.NEGATIVE_INFINITY
  const failures = newest.filter((r) => FAILED_PHASES.has(r.phase) && !(time(r.startedAt) <= successAt))
  const due = lastDueAt(schedule, new Date(now.getTime() - MISSING_MARGIN_MS))
  const since = input.scheduledSince?.getTime() ?? Number.POSITIVE_INFINITY
  // A run starts at its due minute; one that started before it answers an earlier due time.
  const missingSince = due !== null && due.getTime() > since && !(successAt >= due.getTime()) ? due : null
  return {
    lastSuccess,
    nextRunAt: nextDueAt(schedule, now),
    failures,
    missingSince,
    state: failures.length > 0 ? 'failed' : missingSince !== null ? 'missing' : 'ok',
  }
}
