import { describe, expect, it } from 'vitest'
import { stepUsageAlert, usedOf } from './usage-alerts'

const GiB = 1024n ** 3n

describe('usage alerts per resource', () => {
  it('compares CPU by its average and memory and storage by their peak', () => {
    const hour = { granted: 1000n, used: 500n, usedPeak: 900n }
    expect(usedOf('cpu', hour)).toBe(500n)
    expect(usedOf('memory', hour)).toBe(900n)
    expect(usedOf('objectStorage', { ...hour, usedPeak: null })).toBe(500n)
  })

  it('tells operators only from 95 % up', () => {
    expect(stepUsageAlert('cpu', 0, { granted: 1000n, used: 910n, usedPeak: null })).toEqual({
      level: 90,
      raised: true,
      operators: false,
    })
    expect(stepUsageAlert('cpu', 90, { granted: 1000n, used: 950n, usedPeak: null })).toEqual({
      level: 95,
      raised: true,
      operators: true,
    })
    // Held at 95 is no news to anyone.
    expect(stepUsageAlert('cpu', 95, { granted: 1000n, used: 960n, usedPeak: null }).operators).toBe(false)
  })

  it('flags object storage over its quota at 100 %, CPU never beyond 95', () => {
    const over = stepUsageAlert('objectStorage', 95, { granted: 10n * GiB, used: 10n * GiB, usedPeak: 10n * GiB + 1n })
    expect(over).toEqual({ level: 100, raised: true, operators: true })
    expect(stepUsageAlert('cpu', 95, { granted: 1000n, used: 2000n, usedPeak: null }).level).toBe(95)
  })

  it('a resource not measured this hour keeps its level', () => {
    expect(stepUsageAlert('memory', 80, { granted: 1000n, used: null, usedPeak: null })).toEqual({
      level: 80,
      raised: false,
      operators: false,
    })
  })
})
