import { describe, expect, it } from 'vitest'
import { effectiveCapacity } from './capacity'

const TiB = 2n ** 40n
const ratio = (numerator: bigint, denominator: bigint) => ({ numerator, denominator })

describe('effectiveCapacity', () => {
  it('applies overcommit with rounding down', () => {
    expect(effectiveCapacity({ physical: 64_000n, overcommit: ratio(4n, 1n) })).toBe(256_000n)
    expect(effectiveCapacity({ physical: 10n * TiB, overcommit: ratio(3n, 2n) })).toBe(15n * TiB)
    expect(effectiveCapacity({ physical: 10n, overcommit: ratio(1n, 3n) })).toBe(3n)
  })

  it('is exact at byte scale, far beyond 2^53', () => {
    expect(effectiveCapacity({ physical: 2n ** 62n + 1n, overcommit: ratio(1n, 1n) })).toBe(2n ** 62n + 1n)
    expect(effectiveCapacity({ physical: 2n ** 62n + 1n, overcommit: ratio(3n, 2n) })).toBe(
      ((2n ** 62n + 1n) * 3n) / 2n,
    )
  })
})
