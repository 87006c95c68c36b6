import { describe, expect, it } from 'vitest'
import { BUDGET_LADDER, nextLevel, NO_LEVEL, permille, STORAGE_LADDER, USAGE_LADDER } from './threshold-levels'

/** Feeds percentages of a limit of 1000 through the machine; returns each level and the raises. */
function run(ladder = USAGE_LADDER, percents: number[]) {
  let level = NO_LEVEL
  const raises: number[] = []
  const levels: number[] = []
  for (const percent of percents) {
    const step = nextLevel(ladder, level, BigInt(Math.round(percent * 10)), 1000n)
    if (step.raised) raises.push(step.level)
    level = step.level
    levels.push(level)
  }
  return { levels, raises }
}

describe('threshold levels with hysteresis', () => {
  it('raises 80 once when use crosses it', () => {
    expect(run(USAGE_LADDER, [50, 79.9, 80])).toEqual({ levels: [0, 0, 80], raises: [80] })
  })

  it('a value hovering at the line is raised once and held', () => {
    expect(run(USAGE_LADDER, [79.9, 80.1, 79.9, 80.1, 79.9, 80.1]).raises).toEqual([80])
  })

  it('is cleared only 5 points below, and a second crossing raises again', () => {
    const { levels, raises } = run(USAGE_LADDER, [81, 75, 74.9, 80])
    expect(levels).toEqual([80, 80, 0, 80])
    expect(raises).toEqual([80, 80])
  })

  it('steps through 90 and 95, and falls back level by level', () => {
    const { levels, raises } = run(USAGE_LADDER, [91, 96, 90, 89.9, 84.9, 74.9])
    expect(raises).toEqual([90, 95])
    // 90 holds 95 (≥ 90), 89.9 drops to 90 (held ≥ 85), 84.9 to 80 (held ≥ 75), 74.9 clears.
    expect(levels).toEqual([90, 95, 95, 90, 80, 0])
  })

  it('a jump straight past several levels raises once, to the highest', () => {
    expect(run(USAGE_LADDER, [10, 99])).toEqual({ levels: [0, 95], raises: [95] })
  })

  it('storage has an over-quota level at 100 %', () => {
    expect(run(STORAGE_LADDER, [100.1, 99, 94.9, 89.9]).levels).toEqual([100, 100, 95, 90])
    expect(run(USAGE_LADDER, [150]).levels).toEqual([95])
  })

  it('the budget ladder is 80, 90, 100', () => {
    expect(run(BUDGET_LADDER, [85, 95, 100]).raises).toEqual([80, 90, 100])
  })

  it('not measured changes nothing; no grant leaves no level and raises nothing', () => {
    expect(nextLevel(USAGE_LADDER, 90, null, 1000n)).toEqual({ level: 90, raised: false })
    expect(nextLevel(USAGE_LADDER, 90, 5000n, null)).toEqual({ level: 0, raised: false })
    expect(nextLevel(USAGE_LADDER, 0, 5000n, 0n)).toEqual({ level: 0, raised: false })
  })

  it('compares exactly with amounts past 2^53', () => {
    const limit = 10n ** 18n
    expect(nextLevel(USAGE_LADDER, 0, (limit * 8n) / 10n - 1n, limit).level).toBe(0)
    expect(nextLevel(USAGE_LADDER, 0, (limit * 8n) / 10n, limit).level).toBe(80)
  })

  it('permille rounds down and needs both figures', () => {
    expect(permille(801n, 1000n)).toBe(801)
    expect(permille(2n, 3n)).toBe(666)
    expect(permille(null, 3n)).toBeNull()
    expect(permille(1n, 0n)).toBeNull()
  })
})
