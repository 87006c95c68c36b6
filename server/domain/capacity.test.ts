import { describe, expect, it } from 'vitest'
import { effectiveCapacity, fitsPool, poolChange, requestFits } from './capacity'
import type { LineItem } from './line-items'

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

describe('fitsPool', () => {
  it('takes a change that leaves nothing negative, to the last unit', () => {
    expect(fitsPool(4_000n, 4_000n)).toBe(true)
    expect(fitsPool(4_000n, 4_001n)).toBe(false)
    expect(fitsPool(0n, -1_000n)).toBe(true)
  })

  it('takes from a pool shrunk below what it promised only releases that bring it back within capacity', () => {
    expect(fitsPool(-5_000n, -5_000n)).toBe(true)
    expect(fitsPool(-5_000n, -2_000n)).toBe(false)
    expect(fitsPool(-5_000n, 0n)).toBe(false)
  })

  it('takes nothing where no pool offers the resource, not even a release (the ledger has no row for it)', () => {
    expect(fitsPool(undefined, 1n)).toBe(false)
    expect(fitsPool(undefined, -1n)).toBe(false)
  })
})

describe('requestFits', () => {
  const room = new Map([
    ['cpu', 8_000n],
    ['memory', -1n],
  ])
  const lines = (...items: [string, bigint][]): LineItem[] =>
    items.map(([resource, amount]) => ({ resource: resource as LineItem['resource'], amount }))

  it('gives back a decrease and takes any other kind', () => {
    expect(poolChange('decrease', 3n)).toBe(-3n)
    expect(poolChange('increase', 3n)).toBe(3n)
    expect(poolChange('new', 3n)).toBe(3n)
    expect(requestFits(room, 'increase', lines(['cpu', 8_000n]))).toBe(true)
    expect(requestFits(room, 'increase', lines(['cpu', 8_001n]))).toBe(false)
    expect(requestFits(room, 'decrease', lines(['memory', 1n]))).toBe(true)
    expect(requestFits(room, 'new', lines(['cpu', 1n], ['memory', 1n]))).toBe(false)
  })

  it('leaves zero lines out, as the ledger does, and refuses a release of a resource no pool offers', () => {
    expect(requestFits(room, 'increase', lines(['cpu', 1n], ['memory', 0n], ['gpu', 0n]))).toBe(true)
    expect(requestFits(room, 'decrease', lines(['gpu', 1n]))).toBe(false)
  })
})
