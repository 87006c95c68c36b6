// What a pass appends for one project, resource and hour, given what is recorded already (decision
// 0047). Pure. Nothing measured replaces something measured; the same values append nothing; a
// changed value appends the next revision, with what it changes in the day's and month's rollups.
import { chargedQuantity } from '../domain/pricing'

export interface HourValues {
  readonly granted: bigint | null
  readonly requested: bigint | null
  readonly used: bigint | null
  readonly usedPeak: bigint | null
  readonly refusal: string | null
}

export interface RecordedHour extends HourValues {
  readonly revision: number
}

/** What a new revision adds to the rollups of its day and month. */
export interface RollupDelta {
  readonly hours: number
  readonly usedHours: number
  readonly usedSum: bigint
  readonly requestedHours: number
  readonly requestedSum: bigint
  readonly grantedHours: number
  readonly grantedSum: bigint
  /** New − old of the hour's max(requested, used) as charged (pricing.ts), so a correction moves it exactly. */
  readonly maxRequestedUsedSum: bigint
  /** New − old of what was requested in an hour whose use is not measured (the footprint assumes its utilisation). */
  readonly unmeasuredRequestedSum: bigint
  /** The hour's peak, raised into the rollups; when it was lowered they are worked out again. */
  readonly usedPeak: bigint | null
  readonly peakLowered: boolean
}

export interface PlannedRevision {
  readonly revision: number
  readonly values: HourValues
  readonly delta: RollupDelta
}

const AMOUNTS = ['granted', 'requested', 'used', 'usedPeak'] as const

/** The record to append, or null when the hour is already recorded with these values. */
export function planRevision(current: RecordedHour | undefined, measured: HourValues): PlannedRevision | null {
  const merged = {
    granted: measured.granted ?? current?.granted ?? null,
    requested: measured.requested ?? current?.requested ?? null,
    used: measured.used ?? current?.used ?? null,
    usedPeak: measured.usedPeak ?? current?.usedPeak ?? null,
    refusal: refusalOf(current, measured),
  }
  if (current && AMOUNTS.every((k) => merged[k] === current[k]) && merged.refusal === current.refusal) return null
  return {
    revision: current ? current.revision + 1 : 0,
    values: merged,
    delta: {
      hours: current ? 0 : 1,
      usedHours: present(merged.used) - present(current?.used),
      usedSum: (merged.used ?? 0n) - (current?.used ?? 0n),
      requestedHours: present(merged.requested) - present(current?.requested),
      requestedSum: (merged.requested ?? 0n) - (current?.requested ?? 0n),
      grantedHours: present(merged.granted) - present(current?.granted),
      grantedSum: (merged.granted ?? 0n) - (current?.granted ?? 0n),
      maxRequestedUsedSum: occupied(merged) - (current ? occupied(current) : 0n),
      unmeasuredRequestedSum: unmeasuredRequested(merged) - (current ? unmeasuredRequested(current) : 0n),
      usedPeak: merged.usedPeak,
      peakLowered: current?.usedPeak != null && merged.usedPeak !== null && merged.usedPeak < current.usedPeak,
    },
  }
}

/** A refusal says why the use is unknown: it goes once a use is known, and never hides a recorded one. */
function refusalOf(current: RecordedHour | undefined, measured: HourValues): string | null {
  if (measured.used !== null) return null
  if (current && current.used !== null) return current.refusal
  return measured.refusal ?? current?.refusal ?? null
}

/** An hour's max(requested, used) as the statement charges it: requested when used is unknown, else 0. */
function occupied(hour: HourValues): bigint {
  return chargedQuantity('max_requested_used', hour).quantity
}

/** What an hour requested when its use is not measured, else 0. */
function unmeasuredRequested(hour: HourValues): bigint {
  return hour.used === null ? (hour.requested ?? 0n) : 0n
}

function present(value: bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : 1
}

/** A measurement as plan.ts needs it: a value, or why there is none. */
interface MeasuredValue {
  readonly value: bigint | null
  readonly refusal?: string | null
}

/**
 * A project's values for the hour, per resource: every resource it holds a grant of, had requested
 * or was measured (or refused) for. A resource with none of these gets no record at all.
 */
export function hourValues(
  grants: ReadonlyMap<string, bigint> | undefined,
  requests: ReadonlyMap<string, bigint> | undefined,
  measured: ReadonlyMap<string, { readonly used: MeasuredValue; readonly peak: MeasuredValue }>,
): Map<string, HourValues> {
  const out = new Map<string, HourValues>()
  // A grant released to zero (a revoked project) is no reason for a record every hour.
  const granted = [...(grants ?? [])].filter(([, amount]) => amount > 0n).map(([resource]) => resource)
  const resources = new Set([...granted, ...(requests?.keys() ?? [])])
  for (const [resource, m] of measured) if (m.used.value !== null || m.used.refusal) resources.add(resource)
  for (const resource of resources) {
    const m = measured.get(resource)
    out.set(resource, {
      granted: grants?.get(resource) ?? null,
      requested: requests?.get(resource) ?? null,
      used: m?.used.value ?? null,
      usedPeak: m?.peak.value ?? null,
      refusal: m && m.used.value === null ? (m.used.refusal ?? null) : null,
    })
  }
  return out
}
