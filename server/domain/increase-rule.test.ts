import { describe, expect, it } from 'vitest'
import { DEFAULT_INCREASE_RULE, whyNotAutoApproved, type IncreaseFigures } from './increase-rule'

const GiB = 2n ** 30n
const now = new Date('2026-11-25T10:00:00Z')
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000)

const busy: IncreaseFigures = {
  lines: [
    { resource: 'cpu', amount: 2_000n },
    { resource: 'memory', amount: 4n * GiB },
  ],
  granted: new Map([
    ['cpu', 4_000n],
    ['memory', 8n * GiB],
  ]),
  used: new Map([
    ['cpu', { amount: 3_600n, observedAt: minutesAgo(5) }],
    ['memory', { amount: 7n * GiB, observedAt: minutesAgo(5) }],
  ]),
  poolRoom: new Map([
    ['cpu', 100_000n],
    ['memory', 500n * GiB],
  ]),
  now,
}
const code = (figures: Partial<IncreaseFigures>) => whyNotAutoApproved({ ...busy, ...figures })?.code ?? null

describe('the auto-approval rule for increases', () => {
  it('approves one step for a project that uses at least 80% of what it holds, recently measured, with room in the pools', () => {
    expect(whyNotAutoApproved(busy)).toBeNull()
    // Exactly at the threshold and exactly one step still qualify.
    expect(
      code({
        used: new Map([
          ['cpu', { amount: 3_200n, observedAt: minutesAgo(59) }],
          ['memory', { amount: 6_871_947_674n, observedAt: now }],
        ]),
      }),
    ).toBeNull()
  })

  it('leaves to the operators more than one step, a resource without a step, and an empty increase', () => {
    expect(whyNotAutoApproved({ ...busy, lines: [{ resource: 'cpu', amount: 2_001n }] })).toEqual({
      code: 'auto_approval.above_step',
      params: { resource: 'cpu', requested: '2001', step: '2000' },
    })
    expect(code({ lines: [{ resource: 'buckets', amount: 1n }] })).toBe('auto_approval.no_step')
    expect(code({ lines: [{ resource: 'gpu', amount: 1n }] })).toBe('auto_approval.no_step')
    expect(code({ lines: [{ resource: 'cpu', amount: 0n }] })).toBe('auto_approval.nothing_to_add')
    // Volumes share one step whatever their class.
    expect(
      whyNotAutoApproved({ ...busy, lines: [{ resource: 'volume:fast-ssd', amount: 101n * GiB }] })?.params,
    ).toMatchObject({ step: String(100n * GiB) })
  })

  it('leaves to the operators a project whose use is low, unknown or out of date', () => {
    expect(
      whyNotAutoApproved({ ...busy, used: new Map([...busy.used, ['cpu', { amount: 3_199n, observedAt: now }]]) }),
    ).toEqual({
      code: 'auto_approval.use_low',
      params: { resource: 'cpu', used: '3199', current: '4000', percent: 80 },
    })
    expect(code({ used: new Map([['memory', busy.used.get('memory')!]]) })).toBe('auto_approval.use_unknown')
    expect(code({ granted: new Map([['memory', 8n * GiB]]) })).toBe('auto_approval.use_unknown')
    expect(code({ used: new Map([...busy.used, ['cpu', { amount: 4_000n, observedAt: minutesAgo(61) }]]) })).toBe(
      'auto_approval.use_stale',
    )
  })

  it('leaves to the operators an increase the pool cannot hold', () => {
    expect(
      whyNotAutoApproved({
        ...busy,
        poolRoom: new Map([
          ['cpu', 1_999n],
          ['memory', 500n * GiB],
        ]),
      }),
    ).toEqual({
      code: 'auto_approval.pool_full',
      params: { resource: 'cpu', remaining: '1999', requested: '2000' },
    })
  })

  it('follows a stricter configuration', () => {
    expect(whyNotAutoApproved(busy, { ...DEFAULT_INCREASE_RULE, usagePercent: 95 })?.code).toBe('auto_approval.use_low')
  })

  it("reads object and backup storage as the metering measured them, an hour's average trusted for two hours", () => {
    const storage = (used: bigint, hoursAgo: number): Partial<IncreaseFigures> => ({
      lines: [{ resource: 'objectStorage', amount: 100n * GiB }],
      granted: new Map([['objectStorage', 500n * GiB]]),
      used: new Map([['objectStorage', { amount: used, observedAt: minutesAgo(hoursAgo * 60), metered: true }]]),
      poolRoom: new Map([['objectStorage', 10_000n * GiB]]),
    })
    // 400 of 500 GiB is 80%; the hour ended 70 minutes ago, older than a quota's figure may be.
    expect(code(storage(400n * GiB, 70 / 60))).toBeNull()
    expect(code(storage(400n * GiB - 1n, 1))).toBe('auto_approval.use_low')
    expect(code(storage(450n * GiB, 2.01))).toBe('auto_approval.use_stale')
    expect(code({ ...storage(450n * GiB, 1), lines: [{ resource: 'objectStorage', amount: 100n * GiB + 1n }] })).toBe(
      'auto_approval.above_step',
    )
    // The same age on a quota's figure (not metered) is too old.
    const quota = storage(450n * GiB, 70 / 60)
    const { amount, observedAt } = quota.used!.get('objectStorage')!
    expect(code({ ...quota, used: new Map([['objectStorage', { amount, observedAt }]]) })).toBe(
      'auto_approval.use_stale',
    )
  })
})
