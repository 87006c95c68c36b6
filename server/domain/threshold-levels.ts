// Threshold levels with hysteresis (issue 14, decision 0050): a use against a limit (a project's
// resource against its grant, an agency's spending against its budget) is at the highest level it
// has reached, and a level once raised is cleared only when the use falls `clearMargin` points
// below it. A value hovering at 80 % (79.9, 80.1, 79.9 …) is raised once and then held, so people
// are told once per real crossing, not every hour. Pure; exact (bigint) comparisons, no floats.

export interface Ladder {
  /** Percentages, ascending. */
  readonly levels: readonly number[]
  /** Points below a level at which it is cleared. */
  readonly clearMargin: number
}

/** A project's resource against its grant: warnings at 80, 90 and 95 %. */
export const USAGE_LADDER: Ladder = { levels: [80, 90, 95], clearMargin: 5 }

/**
 * Object and backup storage also at 100 %: S3 servers enforce a bucket's quota late (SeaweedFS
 * checks it about once a minute), so bytes beyond the grant are possible and are flagged.
 */
export const STORAGE_LADDER: Ladder = { levels: [80, 90, 95, 100], clearMargin: 5 }

/** An agency's spending (and its forecast) against its yearly budget. */
export const BUDGET_LADDER: Ladder = { levels: [80, 90, 100], clearMargin: 5 }

/** No level reached. */
export const NO_LEVEL = 0

export interface LevelStep {
  readonly level: number
  /** The level went up: the one moment people are told. */
  readonly raised: boolean
}

/** value ≥ percent % of limit, exactly. */
const atLeast = (value: bigint, limit: bigint, percent: number) => value * 100n >= BigInt(percent) * limit

/**
 * The next level from the current one and a new value. A value not measured (null) changes
 * nothing: "not measured" is never zero. No limit (none granted, or zero) leaves no level.
 */
export function nextLevel(ladder: Ladder, current: number, value: bigint | null, limit: bigint | null): LevelStep {
  if (value === null) return { level: current, raised: false }
  if (limit === null || limit <= 0n) return { level: NO_LEVEL, raised: false }
  let level = NO_LEVEL
  for (const candidate of ladder.levels) {
    const reached = atLeast(value, limit, candidate)
    const held = candidate <= current && atLeast(value, limit, candidate - ladder.clearMargin)
    if (reached || held) level = candidate
  }
  return { level, raised: level > current }
}

/** value / limit in tenths of a percent, rounded down (for display: 80,1 %); null without both. */
export function permille(value: bigint | null, limit: bigint | null): number | null {
  if (value === null || limit === null || limit <= 0n) return null
  return Number((value * 1000n) / limit)
}
