// What one pass over one project found and did, before it becomes a status row: the shape the
// live pass and the teardown both return, and the platform error that stopped part of it.
import { PlatformError } from '../platform/errors'
import type { PostureNote } from './desired'
import type { Condition } from './intent'

export interface DriftItem {
  readonly target: string
  readonly fields: readonly string[]
}

/** A condition as a pass decides it; the status row adds when it last changed. */
export type ConditionDraft = Omit<Condition, 'lastTransitionTime'>

export interface PassResult {
  ok: boolean
  phase: string
  /** The desired state's hash; null for an ended allocation (there is nothing to match). */
  hash: string | null
  conditions: ConditionDraft[]
  drift: DriftItem[]
  error: PlatformError | null
  details: Record<string, unknown>
  requeueAfterMs: number | null
  ended?: { endedAt: Date; deleteAfter: Date; deletedAt: Date | null }
}

/** Anything thrown while talking to a platform, as the PlatformError the status and the job expect. */
export function asPlatformError(error: unknown, system: 'kubernetes' | 'storage'): PlatformError {
  if (error instanceof PlatformError) return error
  return new PlatformError({
    system,
    kind: 'unavailable',
    status: null,
    operation: 'reconcile',
    message: error instanceof Error ? error.message : String(error),
    cause: error,
  })
}

/**
 * What the live pass gathers as it goes. The steps add to it rather than return, so that what a
 * step found before it failed (drift, applied objects) is still reported.
 */
export interface LiveFindings {
  readonly drift: DriftItem[]
  readonly errors: PlatformError[]
  readonly notes: PostureNote[]
  /** Kubernetes objects written (`Namespace`, `Kind/name`). */
  readonly applied: string[]
  readonly buckets: Record<string, unknown>[]
  belowUsage: QuotaShortfall[]
}

/** A quota key whose current use is above the new hard limit. */
export interface QuotaShortfall {
  readonly resource: string
  readonly used: string
  readonly hard: string
}
