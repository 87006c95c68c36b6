import { describe, expect, it } from 'vitest'
import { mergeHeadroom } from './headroom'

describe('mergeHeadroom', () => {
  it('puts used, granted and requested side by side per resource, in resource order', () => {
    const lines = mergeHeadroom({
      granted: [
        { resource: 'memory', amount: 8n },
        { resource: 'cpu', amount: 4_000n },
        { resource: 'objectStorage', amount: 100n },
      ],
      requested: [
        { resource: 'cpu', amount: 2_000n },
        { resource: 'gpu', amount: 1n },
      ],
      used: [
        { resource: 'cpu', amount: 1_500n },
        { resource: 'memory', amount: 3n },
      ],
    })
    expect(lines).toEqual([
      { resource: 'cpu', used: 1_500n, granted: 4_000n, requested: 2_000n },
      { resource: 'gpu', used: null, granted: 0n, requested: 1n },
      { resource: 'memory', used: 3n, granted: 8n, requested: 0n },
      // No hour of object storage measured: no figure rather than a zero that reads as "unused".
      { resource: 'objectStorage', used: null, granted: 100n, requested: 0n },
    ])
  })

  it('adds up the projects of an agency, and leaves out resources that are all zero', () => {
    const lines = mergeHeadroom({
      granted: [
        { resource: 'cpu', amount: 1_000n },
        { resource: 'cpu', amount: 3_000n },
        { resource: 'pods', amount: 0n },
      ],
      requested: [],
      used: [
        { resource: 'cpu', amount: 500n },
        { resource: 'cpu', amount: 0n },
        { resource: 'volume:fast-ssd', amount: 0n },
      ],
    })
    expect(lines).toEqual([{ resource: 'cpu', used: 500n, granted: 4_000n, requested: 0n }])
  })
})
