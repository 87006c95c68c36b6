// The conditions a pass reports, as Kubernetes controllers do: Ready, Progressing and Degraded,
// each with a reason a program can match and a message a person can read. The message is a
// catalogue key with its parameters (decision 0080), put into the reader's language where it is
// shown; `message` keeps its English for the API, or the platform's own words when it refused.
import { translate, type MessageKey, type MessageParams } from '../i18n'
import type { PlatformError } from '../platform/errors'
import type { DesiredState } from './desired'
import type { Condition } from './intent'
import type { ConditionDraft, LiveFindings } from './pass-result'

type Draft = Pick<ConditionDraft, 'type' | 'status' | 'reason'>

/** A condition whose message is the console's own: its key, parameters and their English. */
function said(draft: Draft, key: MessageKey, params: MessageParams = {}): ConditionDraft {
  return { ...draft, message: translate('en', key, params), messageKey: key, messageParams: params }
}

/** A condition with nothing to say. */
function silent(draft: Draft): ConditionDraft {
  return { ...draft, message: '' }
}

/** The sentence of a platform's refusal by system and problem (server/i18n/messages/conditions.ts). */
export function platformErrorKey(error: Pick<PlatformError, 'system' | 'problem'>): string {
  return `platform.error.${error.system}.${error.problem}`
}

/** Keys whose condition `message` is the platform's own words (kept for the data centre's roles). */
export function isPlatformErrorKey(key: string | undefined): boolean {
  return key?.startsWith('platform.error.') ?? false
}

/** A condition that reports a platform's refusal: the sentence by kind, and its own words as the message. */
function refused(draft: Draft, error: PlatformError, message = error.message): ConditionDraft {
  return { ...draft, message, messageKey: platformErrorKey(error), messageParams: {} }
}

/** After a live pass: failed (and whether a retry can help), or ready and what was done. */
export function liveConditions(
  desired: DesiredState,
  found: LiveFindings,
  error: PlatformError | null,
): ConditionDraft[] {
  if (error) return failedConditions(error, found.errors)
  const wrote = found.applied.length > 0
  const progressing: Draft = {
    type: 'Progressing',
    status: 'False',
    reason: wrote || found.drift.length ? 'Applied' : 'UpToDate',
  }
  return [
    said({ type: 'Ready', status: 'True', reason: 'Provisioned' }, 'prov.msg.Provisioned', {
      namespace: desired.namespace,
      buckets: desired.buckets.length,
    }),
    wrote
      ? said(progressing, 'prov.msg.Applied', { count: found.applied.length })
      : said(progressing, 'prov.msg.UpToDate'),
    readyButDegraded(found),
  ]
}

function failedConditions(error: PlatformError, errors: readonly PlatformError[]): ConditionDraft[] {
  const reason = reasonOf(error)
  return [
    refused({ type: 'Ready', status: 'False', reason }, error),
    error.retryable
      ? said({ type: 'Progressing', status: 'True', reason: 'Retrying' }, 'prov.msg.Retrying')
      : said({ type: 'Progressing', status: 'False', reason: 'Stopped' }, 'prov.msg.Stopped'),
    refused({ type: 'Degraded', status: 'True', reason }, error, errors.map((e) => e.message).join('; ')),
  ]
}

/** Provisioned, yet possibly degraded: quota below current use, or a high-severity posture note. */
function readyButDegraded(found: LiveFindings): ConditionDraft {
  if (found.belowUsage.length > 0) {
    // In use > allowed, in the quota's own units: the same in every language.
    const over = found.belowUsage.map((b) => `${b.resource} ${b.used} > ${b.hard}`).join('; ')
    return said({ type: 'Degraded', status: 'True', reason: 'QuotaBelowUsage' }, 'prov.msg.QuotaBelowUsage', { over })
  }
  const high = found.notes.filter((n) => n.severity === 'high')
  if (high.length > 0)
    return said({ type: 'Degraded', status: 'True', reason: 'PostureFinding' }, 'prov.msg.PostureFinding', {
      count: high.length,
    })
  if (found.drift.length === 0) return silent({ type: 'Degraded', status: 'False', reason: 'AsExpected' })
  return said({ type: 'Degraded', status: 'False', reason: 'DriftRepaired' }, 'prov.msg.DriftRepaired', {
    targets: found.drift.map((d) => d.target).join(', '),
  })
}

/** An ended allocation in its grace period: nothing is deleted yet. */
export function retainedConditions(): ConditionDraft[] {
  // Until when is the status's deleteAfter, which each page shows as a date in its own language.
  return [
    said({ type: 'Ready', status: 'False', reason: 'AllocationEnded' }, 'prov.msg.AllocationEnded'),
    said({ type: 'Progressing', status: 'False', reason: 'GracePeriod' }, 'prov.msg.GracePeriod'),
    silent({ type: 'Degraded', status: 'False', reason: 'AsExpected' }),
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
  const reason = done ? 'Deleted' : 'Deleting'
  return [
    said(
      { type: 'Ready', status: 'False', reason },
      done ? 'prov.msg.Deleted' : lockedUntilLater ? 'prov.msg.DeletingLocked' : 'prov.msg.DeletingNamespace',
    ),
    silent({ type: 'Progressing', status: done ? 'False' : 'True', reason }),
    error
      ? refused({ type: 'Degraded', status: 'True', reason: reasonOf(error) }, error)
      : leftAlone.length > 0
        ? said({ type: 'Degraded', status: 'True', reason: 'NotOwnedLeftAlone' }, 'prov.msg.NotOwnedLeftAlone', {
            names: leftAlone.join(', '),
          })
        : silent({ type: 'Degraded', status: 'False', reason: 'AsExpected' }),
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
