// What the time-series store answered for one project, resource and hour, checked before it
// becomes a record (decision 0047). Pure. A value that cannot be true is refused with its reason
// and recorded as not measured: a figure on a statement must be one the console can stand behind.
import { HOUR_MS } from './hours'

export type Refusal = 'not_a_number' | 'negative' | 'over_capacity' | 'clock_skew'

/** A measurement in canonical units, or why there is none (null reason: no samples at all). */
export type Reading = { readonly value: bigint } | { readonly value: null; readonly refusal: Refusal | null }

export const NOT_MEASURED: Reading = { value: null, refusal: null }

/** Use this many times the data centre's physical capacity cannot be real. */
export const ABSURD_FACTOR = 10n

/**
 * A raw value from the store, checked and rounded to a whole canonical unit. `ceiling` is the
 * physical capacity of the resource's pools (null when the catalogue has none): a project using
 * more than ten times all of it is a broken exporter, not a busy project.
 */
export function readingOf(raw: number | undefined, ceiling: bigint | null): Reading {
  if (raw === undefined) return NOT_MEASURED
  if (!Number.isFinite(raw)) return { value: null, refusal: 'not_a_number' }
  if (raw < 0) return { value: null, refusal: 'negative' }
  const value = BigInt(Math.round(raw))
  if (ceiling !== null && value > ceiling * ABSURD_FACTOR) return { value: null, refusal: 'over_capacity' }
  return { value }
}

/**
 * CPU seconds a counter grew by over the hour (the store's increase(), which treats a drop as the
 * counter restarting from zero) as the hour's average use in millicores.
 */
export function averageMillicores(coreSeconds: number | undefined): number | undefined {
  return coreSeconds === undefined ? undefined : (coreSeconds * 1000 * 1000) / HOUR_MS
}

/**
 * The series whose newest sample lies in the future by more than the tolerance: their sender's
 * clock is wrong, so none of their samples can be placed in an hour. Keys are namespaces or buckets.
 */
export function skewedKeys(lastSampleAt: ReadonlyMap<string, number>, now: Date, toleranceMs: number): Set<string> {
  const limit = now.getTime() + toleranceMs
  return new Set([...lastSampleAt].filter(([, at]) => at > limit).map(([key]) => key))
}

export function refused(reading: Reading): Refusal | null {
  return reading.value === null ? reading.refusal : null
}
