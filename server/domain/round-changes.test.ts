import { describe, expect, it } from 'vitest'
import { roundChanges } from './round-changes'

describe('roundChanges', () => {
  it('lists only the resources whose amount moved, a resource missing on one side as 0', () => {
    const returned = [
      { resource: 'cpu', amount: 16_000n },
      { resource: 'memory', amount: 64n },
      { resource: 'gpu', amount: 2n },
    ] as const
    const current = [
      { resource: 'cpu', amount: 8_000n },
      { resource: 'memory', amount: 64n },
      { resource: 'pods', amount: 30n },
    ] as const
    expect(roundChanges(returned, current)).toEqual([
      { resource: 'cpu', before: 16_000n, after: 8_000n },
      { resource: 'pods', before: 0n, after: 30n },
      { resource: 'gpu', before: 2n, after: 0n },
    ])
  })

  it('finds nothing when the round came back unchanged, whatever the order', () => {
    const lines = [
      { resource: 'cpu', amount: 1n },
      { resource: 'memory', amount: 2n },
    ] as const
    expect(roundChanges(lines, [...lines].reverse())).toEqual([])
  })
})
