import { describe, expect, it } from 'vitest'
import { hourValues, planRevision, type HourValues } from './plan'

const values = (v: Partial<HourValues>): HourValues => ({
  granted: null,
  requested: null,
  used: null,
  usedPeak: null,
  refusal: null,
  ...v,
})

describe('what a pass appends for an hour', () => {
  it('appends revision 0 for an hour never recorded, counting it in the rollups', () => {
    const planned = planRevision(undefined, values({ granted: 2000n, requested: 500n, used: 120n, usedPeak: 200n }))
    expect(planned).toMatchObject({ revision: 0, values: { used: 120n } })
    expect(planned!.delta).toEqual({
      hours: 1,
      usedHours: 1,
      usedSum: 120n,
      requestedHours: 1,
      requestedSum: 500n,
      grantedHours: 1,
      grantedSum: 2000n,
      maxRequestedUsedSum: 500n,
      unmeasuredRequestedSum: 0n,
      usedPeak: 200n,
      peakLowered: false,
    })
  })

  it('appends nothing when a rerun finds the same values', () => {
    const same = values({ granted: 2000n, used: 120n })
    expect(planRevision({ ...same, revision: 3 }, same)).toBeNull()
  })

  it('appends the next revision for a late value, moving the rollups by the difference only', () => {
    const current = { ...values({ granted: 2000n, used: 120n, usedPeak: 300n }), revision: 0 }
    const planned = planRevision(current, values({ granted: 2000n, used: 150n, usedPeak: 250n }))
    expect(planned).toMatchObject({ revision: 1, values: { used: 150n, usedPeak: 250n } })
    expect(planned!.delta).toMatchObject({ hours: 0, usedHours: 0, usedSum: 30n, grantedHours: 0, grantedSum: 0n })
    expect(planned!.delta.peakLowered).toBe(true)
  })

  it('never lets "not measured" or a refusal replace a value already recorded', () => {
    const current = { ...values({ granted: 2000n, used: 120n }), revision: 1 }
    expect(planRevision(current, values({ granted: 2000n }))).toBeNull()
    expect(planRevision(current, values({ granted: 2000n, refusal: 'over_capacity' }))).toBeNull()
  })

  it('records a refusal when nothing was known, and a value measured later as a correction', () => {
    const refused = planRevision(undefined, values({ granted: 1n, refusal: 'clock_skew' }))
    expect(refused).toMatchObject({ revision: 0, values: { used: null, refusal: 'clock_skew' } })
    expect(refused!.delta).toMatchObject({ hours: 1, usedHours: 0, usedSum: 0n })
    const later = planRevision({ ...refused!.values, revision: 0 }, values({ granted: 1n, used: 7n }))
    expect(later).toMatchObject({ revision: 1, values: { used: 7n, refusal: null } })
    expect(later!.delta).toMatchObject({ hours: 0, usedHours: 1, usedSum: 7n })
  })
})

describe("the rollups' sum of max(requested, used)", () => {
  const delta = (current: Partial<HourValues> | undefined, measured: Partial<HourValues>) =>
    planRevision(current && { ...values(current), revision: 0 }, values(measured))?.delta.maxRequestedUsedSum

  it('counts requested when used is not measured, used when nothing was requested, nothing when neither', () => {
    expect(delta(undefined, { requested: 500n })).toBe(500n)
    expect(delta(undefined, { used: 70n })).toBe(70n)
    expect(delta(undefined, { granted: 2000n })).toBe(0n)
    expect(delta(undefined, { requested: 500n, used: 700n })).toBe(700n)
  })

  it("moves by the hour's new maximum less its old one under a correction, either way", () => {
    // Use measured late above the request: 500 → 800.
    expect(delta({ requested: 500n }, { used: 800n })).toBe(300n)
    // Use measured late below the request: the maximum stays the request.
    expect(delta({ requested: 500n }, { used: 120n })).toBe(0n)
    // A use corrected downwards under a request met halfway: 900 → 600.
    expect(delta({ requested: 600n, used: 900n }, { used: 400n })).toBe(-300n)
  })
})

describe("a project's values for an hour", () => {
  it('has a record for each resource granted, requested or measured, and none for the rest', () => {
    const out = hourValues(
      new Map([
        ['cpu', 2000n],
        ['volume:standard', 10n],
        ['gpu', 0n],
      ]),
      new Map([['cpu', 500n]]),
      new Map([
        ['cpu', { used: { value: 120n }, peak: { value: null } }],
        ['memory', { used: { value: null, refusal: 'negative' }, peak: { value: null } }],
        ['objectStorage', { used: { value: null, refusal: null }, peak: { value: null } }],
      ]),
    )
    expect([...out.keys()].sort()).toEqual(['cpu', 'memory', 'volume:standard'])
    expect(out.get('cpu')).toEqual(values({ granted: 2000n, requested: 500n, used: 120n }))
    expect(out.get('memory')).toEqual(values({ refusal: 'negative' }))
    expect(out.get('volume:standard')).toEqual(values({ granted: 10n }))
  })
})
