import { describe, expect, it } from 'vitest'
import type { SecurityLevel } from './project'
import {
  cumulativeChange,
  DEFAULT_APPROVAL_POLICY as policy,
  linesAboveThreshold,
  operatorApprovalsRequired,
  requestNeedsSignOff,
  signOffRequired,
  thresholdFor,
  twoOperatorWindowStart,
} from './security-policy'

const GiB = 2n ** 30n
const TiB = 2n ** 40n

describe('signOffRequired', () => {
  it.each<[SecurityLevel, boolean, boolean]>([
    [1, false, false],
    [2, false, false],
    [3, false, true],
    [4, false, true],
    [5, false, true],
    [1, true, true],
    [2, true, true],
  ])('level %s, personal data %s → %s', (securityLevel, processesPersonalData, expected) => {
    expect(signOffRequired({ securityLevel, processesPersonalData })).toBe(expected)
  })

  it('follows a configured bar', () => {
    expect(signOffRequired({ securityLevel: 2, processesPersonalData: false }, { signOffMinSecurityLevel: 2 })).toBe(
      true,
    )
  })

  it('is never needed for a decrease', () => {
    const project = { securityLevel: 5 as const, processesPersonalData: true }
    expect(requestNeedsSignOff({ kind: 'decrease' }, project, policy)).toBe(false)
    expect(requestNeedsSignOff({ kind: 'increase' }, project, policy)).toBe(true)
    expect(requestNeedsSignOff({ kind: 'new' }, project, policy)).toBe(true)
  })
})

describe('operatorApprovalsRequired', () => {
  it('needs one operator at or below every threshold', () => {
    expect(
      operatorApprovalsRequired(
        {
          kind: 'new',
          lines: [
            { resource: 'cpu', amount: 32_000n },
            { resource: 'memory', amount: 128n * GiB },
          ],
        },
        policy,
        [],
      ),
    ).toBe(1)
  })

  it('needs two when any line is above its threshold', () => {
    expect(operatorApprovalsRequired({ kind: 'new', lines: [{ resource: 'cpu', amount: 32_001n }] }, policy, [])).toBe(
      2,
    )
    expect(
      operatorApprovalsRequired(
        { kind: 'increase', lines: [{ resource: 'volume:fast-ssd', amount: 3n * TiB }] },
        policy,
        [],
      ),
    ).toBe(2)
  })

  it('needs one for a decrease of any size', () => {
    expect(
      operatorApprovalsRequired({ kind: 'decrease', lines: [{ resource: 'cpu', amount: 10n ** 9n }] }, policy, []),
    ).toBe(1)
  })

  // The split increase: what one request above the threshold needs, small ones inside the window need too.
  const cpu = (amount: bigint) => [{ resource: 'cpu' as const, amount }]

  it("adds the project's grants and increases approved within the window to this request", () => {
    expect(operatorApprovalsRequired({ kind: 'increase', lines: cpu(40_000n) }, policy, [])).toBe(2)
    expect(operatorApprovalsRequired({ kind: 'increase', lines: cpu(20_000n) }, policy, [])).toBe(1)
    expect(operatorApprovalsRequired({ kind: 'increase', lines: cpu(20_000n) }, policy, cpu(20_000n))).toBe(2)
    expect(operatorApprovalsRequired({ kind: 'increase', lines: cpu(12_000n) }, policy, cpu(20_000n))).toBe(1)
    expect(operatorApprovalsRequired({ kind: 'new', lines: cpu(1_000n) }, policy, cpu(32_000n))).toBe(2)
  })

  it('counts only the resources this request adds, and never for a decrease', () => {
    const memory = [{ resource: 'memory' as const, amount: GiB }]
    expect(operatorApprovalsRequired({ kind: 'increase', lines: memory }, policy, cpu(64_000n))).toBe(1)
    const zeroCpu = [...memory, { resource: 'cpu' as const, amount: 0n }]
    expect(operatorApprovalsRequired({ kind: 'increase', lines: zeroCpu }, policy, cpu(64_000n))).toBe(1)
    expect(operatorApprovalsRequired({ kind: 'decrease', lines: cpu(64_000n) }, policy, cpu(64_000n))).toBe(1)
    expect(cumulativeChange([...cpu(1_000n), ...memory], [...cpu(2_000n), ...cpu(3_000n)])).toEqual([
      { resource: 'cpu', amount: 6_000n },
      { resource: 'memory', amount: GiB },
    ])
  })

  it('opens the window the configured number of days before the decision', () => {
    const at = new Date('2026-12-06T00:00:00Z')
    expect(twoOperatorWindowStart(at, policy)).toEqual(new Date('2026-11-06T00:00:00Z'))
    expect(twoOperatorWindowStart(at, { twoOperatorWindowDays: 7 })).toEqual(new Date('2026-11-29T00:00:00Z'))
  })

  it('uses a storage class threshold before the volume default, and ignores unlisted resources', () => {
    const custom = { ...policy, twoOperatorThresholds: { 'volume:*': TiB, 'volume:archive': 100n * TiB } }
    expect(thresholdFor('volume:archive', custom)).toBe(100n * TiB)
    expect(thresholdFor('volume:fast-ssd', custom)).toBe(TiB)
    expect(thresholdFor('cpu', custom)).toBeNull()
    expect(thresholdFor('volume:x', { ...policy, twoOperatorThresholds: {} })).toBeNull()
    const lines = [
      { resource: 'volume:archive' as const, amount: 50n * TiB },
      { resource: 'volume:fast-ssd' as const, amount: 2n * TiB },
      { resource: 'cpu' as const, amount: 10n ** 9n },
    ]
    expect(linesAboveThreshold(lines, custom).map((line) => line.resource)).toEqual(['volume:fast-ssd'])
  })
})
