import { describe, expect, it } from 'vitest'
import { backoffMs } from './backoff'

describe('backoffMs', () => {
  it('doubles up to the cap, with jitter between half and all of it', () => {
    expect(backoffMs(1, {}, () => 0)).toBe(500)
    expect(backoffMs(1, {}, () => 1)).toBe(1_000)
    expect(backoffMs(4, {}, () => 1)).toBe(8_000)
    expect(backoffMs(30, {}, () => 1)).toBe(300_000)
    expect(backoffMs(30, { capMs: 10_000 }, () => 0)).toBe(5_000)
  })

  it('spreads retries of many tenants', () => {
    const delays = new Set(Array.from({ length: 100 }, () => backoffMs(5)))
    expect(delays.size).toBeGreaterThan(50)
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(8_000)
  })
})
