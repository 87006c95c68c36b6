// What a project's use is compared with its grant for, and who hears of it (issue 14, decision
// 0050). Pure. Only what the metering measures is compared: CPU (the hour's average), memory and
// the two storages (the hour's peak: a working set or bytes that reached the limit once did reach
// it). Pods, buckets, GPUs and volumes are counted by the quota itself, which refuses what passes
// the grant, so they are never over it and need no warning from the console.
import { nextLevel, STORAGE_LADDER, USAGE_LADDER, type Ladder } from './threshold-levels'

export const ALERTED_RESOURCES = ['cpu', 'memory', 'objectStorage', 'backupStorage'] as const
export type AlertedResource = (typeof ALERTED_RESOURCES)[number]

export const isAlertedResource = (resource: string): resource is AlertedResource =>
  (ALERTED_RESOURCES as readonly string[]).includes(resource)

/** An hour's current record as the metering keeps it (canonical units; null is not measured). */
export interface HourUse {
  readonly granted: bigint | null
  readonly used: bigint | null
  readonly usedPeak: bigint | null
}

/** The level at or above which operators are told as well as the agency (issue 14: "above 95 %"). */
export const OPERATOR_LEVEL = 95
/** A storage at this level holds more than its quota: the S3 server has not refused it yet. */
export const OVER_QUOTA_LEVEL = 100

export function ladderOf(resource: AlertedResource): Ladder {
  return resource === 'objectStorage' || resource === 'backupStorage' ? STORAGE_LADDER : USAGE_LADDER
}

/** The quantity compared with the grant. */
export function usedOf(resource: AlertedResource, hour: HourUse): bigint | null {
  return resource === 'cpu' ? hour.used : (hour.usedPeak ?? hour.used)
}

export interface UsageAlertStep {
  readonly level: number
  readonly raised: boolean
  /** Who is told of a raise: the project's agency always, operators from 95 % up. */
  readonly operators: boolean
}

/** One resource's next level from its stored level and the hour just metered. */
export function stepUsageAlert(resource: AlertedResource, current: number, hour: HourUse): UsageAlertStep {
  const step = nextLevel(ladderOf(resource), current, usedOf(resource, hour), hour.granted)
  return { ...step, operators: step.raised && step.level >= OPERATOR_LEVEL }
}
