// The auto-approval rule for increases (issue 5, item 4; off by default): an increase of at most
// one step per resource may be approved by the console itself when the project really uses what
// it holds (measured use at or above a share of the grant, recently measured) and the pools have
// room. Anything else waits for the operators. Pure: the caller brings the figures: for Kubernetes
// what its quota counts as requested, for object and backup storage the bytes the metering measured
// (decision 0047).
import { fitsPool } from './capacity'
import { domainError, type DomainError } from './errors'
import type { LineItem } from './line-items'
import type { ResourceKey } from './resources'

const GiB = 2n ** 30n

export interface IncreaseRule {
  /** Used ÷ granted, in percent, at or above which a project is taken to need more. */
  readonly usagePercent: number
  /** Oldest usage figure the rule trusts. */
  readonly maxUsageAgeMs: number
  /**
   * The same for the metering's hourly figures, dated at their hour's end: the newest complete hour
   * is metered a few minutes after it ends, so its end is up to about 70 minutes old before the
   * next one is in; two hours allow one late pass.
   */
  readonly maxMeteredUsageAgeMs: number
  /** One step per resource: the most the rule adds at once. Resources without a step never qualify. */
  readonly steps: Readonly<Partial<Record<ResourceKey | 'volume:*', bigint>>>
}

export const DEFAULT_INCREASE_RULE: IncreaseRule = {
  usagePercent: 80,
  maxUsageAgeMs: 60 * 60_000,
  maxMeteredUsageAgeMs: 2 * 60 * 60_000,
  steps: {
    cpu: 2_000n,
    memory: 4n * GiB,
    pods: 10n,
    'volume:*': 100n * GiB,
    objectStorage: 100n * GiB,
    backupStorage: 100n * GiB,
  },
}

export interface IncreaseFigures {
  readonly lines: readonly LineItem[]
  readonly granted: ReadonlyMap<string, bigint>
  /**
   * What the project uses, with when it was measured (`metered`: an hour's average from the
   * metering, dated at the hour's end); resources nothing measures are absent.
   */
  readonly used: ReadonlyMap<string, { readonly amount: bigint; readonly observedAt: Date; readonly metered?: boolean }>
  /** Capacity minus allocated, per resource. */
  readonly poolRoom: ReadonlyMap<string, bigint>
  readonly now: Date
}

const stepOf = (rule: IncreaseRule, resource: string): bigint | undefined =>
  rule.steps[resource as ResourceKey] ?? (resource.startsWith('volume:') ? rule.steps['volume:*'] : undefined)

/** Null when the increase qualifies; otherwise the first reason it does not, for the audit entry. */
export function whyNotAutoApproved(
  figures: IncreaseFigures,
  rule: IncreaseRule = DEFAULT_INCREASE_RULE,
): DomainError | null {
  const lines = figures.lines.filter((l) => l.amount > 0n)
  if (lines.length === 0) return domainError('auto_approval.nothing_to_add', {})
  for (const { resource, amount } of lines) {
    const step = stepOf(rule, resource)
    if (step === undefined) return domainError('auto_approval.no_step', { resource })
    if (amount > step)
      return domainError('auto_approval.above_step', { resource, requested: amount.toString(), step: step.toString() })
    const granted = figures.granted.get(resource) ?? 0n
    const used = figures.used.get(resource)
    if (granted === 0n || used === undefined) return domainError('auto_approval.use_unknown', { resource })
    const maxAge = used.metered ? rule.maxMeteredUsageAgeMs : rule.maxUsageAgeMs
    if (figures.now.getTime() - used.observedAt.getTime() > maxAge)
      return domainError('auto_approval.use_stale', { resource })
    // Compare in integers: used × 100 ≥ granted × percent.
    if (used.amount * 100n < granted * BigInt(rule.usagePercent)) {
      return domainError('auto_approval.use_low', {
        resource,
        used: used.amount.toString(),
        current: granted.toString(),
        percent: rule.usagePercent,
      })
    }
    const room = figures.poolRoom.get(resource)
    if (!fitsPool(room, amount))
      return domainError('auto_approval.pool_full', {
        resource,
        remaining: (room ?? 0n).toString(),
        requested: amount.toString(),
      })
  }
  return null
}
