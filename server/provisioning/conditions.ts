// The conditions a pass reports, as Kubernetes controllers do: Ready, Progressing and Degraded,
// each with a reason a program can match and a message a person can read.
import type { PlatformError } from '../platform/errors'
import type { DesiredState } from './desired'
import type { Condition } from './intent'
import type { ConditionDraft, LiveFindings } from './pass-result'

/** After a live pass: failed (and whether a retry can help), or ready and what was done. */
export function liveConditions(
  desired: DesiredState,
  found: LiveFindings,
  error: PlatformError | null,
): ConditionDraft[] {
  if (error) return failedConditions(error, found.errors)
  const wrote = found.applied.length > 0
  return [
    {
      type: 'Ready',
      status: 'True',
      reason: 'Provisioned',
      message: `Namespace ${desired.namespace} and ${desired.buckets.length} bucket(s) match the allocation.`,
    },
    {
      type: 'Progressing',
      status: 'False',
      reason: wrote || found.drift.length ? 'Applied' : 'UpToDate',
      message: wrote ? `Applied ${found.applied.length} object(s).` : 'Nothing to change.',
    },
    readyButDegraded(found),
  ]
}

function failedConditions(error: PlatformError, errors: readonly PlatformError[]): ConditionDraft[] {
  const reason = reasonOf(error)
  return [
    { type: 'Ready', status: 'False', reason, message: error.message },
    {
      type: 'Progressing',
      status: error.retryable ? 'True' : 'False',
      reason: error.retryable ? 'Retrying' : 'Stopped',
      message: error.retryable
        ? 'The pass will be retried with backoff.'
        : 'Retrying will not help until the desired state or the platform changes.',
    },
    { type: 'Degraded', status: 'True', reason, message: errors.map((e) => e.message).join('; ') },
  ]
}

/** Provisioned, yet possibly degraded: quota below current use, or a high-severity posture note. */
function readyButDegraded(found: LiveFindings): ConditionDraft {
  if (found.belowUsage.length > 0) {
    const over = found.belowUsage.map((b) => `${b.resource}: ${b.used} used, ${b.hard} allowed`).join('; ')
    return {
      type: 'Degraded',
      status: 'True',
      reason: 'QuotaBelowUsage',
      message: `The new quota is below current use (${over}); Kubernetes refuses new pods until use falls.`,
    }
  }
  const high = found.notes.filter((n) => n.severity === 'high')
  if (high.length > 0)
    return { type: 'Degraded', status: 'True', reason: 'PostureFinding', message: high.map((n) => n.message).join(' ') }
  return {
    type: 'Degraded',
    status: 'False',
    reason: found.drift.length ? 'DriftRepaired' : 'AsExpected',
    message: found.drift.length ? `Repaired drift on ${found.drift.map((d) => d.target).join(', ')}.` : '',
  }
}

/** An ended allocation in its grace period: nothing is deleted yet. */
export function retainedConditions(deleteAfter: Date): ConditionDraft[] {
  return [
    {
      type: 'Ready',
      status: 'False',
      reason: 'AllocationEnded',
      message: `The allocation ended; data is kept until ${deleteAfter.toISOString()}.`,
    },
    {
      type: 'Progressing',
      status: 'False',
      reason: 'GracePeriod',
      message: 'Nothing is deleted before the grace period ends.',
    },
    { type: 'Degraded', status: 'False', reason: 'AsExpected', message: '' },
  ]
}

/**
 * An ended allocation being removed: done, waiting on the namespace, or on a backup lock; and what
 * carried the project's name but was someone else's, so stayed.
 */
export function deletionConditions(
  done: boolean,
  lockedUntilLater: boolean,
  error: PlatformError | null,
  leftAlone: readonly string[] = [],
): ConditionDraft[] {
  return [
    {
      type: 'Ready',
      status: 'False',
      reason: done ? 'Deleted' : 'Deleting',
      message: done
        ? 'The namespace, buckets and identity were removed.'
        : lockedUntilLater
          ? 'Backup versions are still under object lock; the bucket is removed when the lock ends.'
          : 'Waiting for the namespace to finish terminating.',
    },
    { type: 'Progressing', status: done ? 'False' : 'True', reason: done ? 'Deleted' : 'Deleting', message: '' },
    error
      ? { type: 'Degraded', status: 'True', reason: reasonOf(error), message: error.message }
      : leftAlone.length > 0
        ? {
            type: 'Degraded',
            status: 'True',
            reason: 'NotOwnedLeftAlone',
            message: `Not the console's, so not deleted: ${leftAlone.join(', ')} (no ownership labels or tags for this project).`,
          }
        : { type: 'Degraded', status: 'False', reason: 'AsExpected', message: '' },
  ]
}

/** A condition keeps its transition time while its status stays the same. */
export function conditionsWithTimes(
  previous: readonly Condition[],
  next: readonly ConditionDraft[],
  now: Date,
): Condition[] {
  return next.map((c) => {
    const before = previous.find((p) => p.type === c.type)
    return {
      ...c,
      lastTransitionTime: before && before.status === c.status ? before.lastTransitionTime : now.toISOString(),
    }
  })
}

function reasonOf(error: PlatformError): string {
  const system = error.system === 'kubernetes' ? 'Kubernetes' : 'Storage'
  switch (error.kind) {
    case 'unavailable':
      return `${system}Unavailable`
    case 'conflict':
      return `${system}Conflict`
    case 'invalid':
      return 'InvalidObject'
    case 'forbidden':
      return `${system}Forbidden`
    case 'not_found':
      return `${system}NotFound`
    case 'not_owned':
      return `${system}NotOwned`
  }
}
