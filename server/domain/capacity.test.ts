import { describe, expect, it } from 'vitest'
import {
  allocatedPerResource,
  approvedDelta,
  checkFit,
  effectiveCapacity,
  headroom,
  ledgerEntriesFor,
  projectAllocation,
  requireFit,
  reverseEntries,
  validatePool,
  type CapacityPool,
  type LedgerEntry,
} from './capacity'
import type { ResourceKey } from './resources'

const GiB = 2n ** 30n
const TiB = 2n ** 40n

const compute: CapacityPool = {
  id: 'pool-compute',
  kind: 'compute',
  resources: [
    { resource: 'cpu', physical: 64_000n, overcommit: { numerator: 4n, denominator: 1n } },
    { resource: 'memory', physical: 512n * GiB, overcommit: { numerator: 1n, denominator: 1n } },
    { resource: 'pods', physical: 1000n, overcommit: { numerator: 1n, denominator: 1n } },
  ],
}
const ssd: CapacityPool = {
  id: 'pool-ssd',
  kind: 'volume:fast-ssd',
  resources: [{ resource: 'volume:fast-ssd', physical: 10n * TiB, overcommit: { numerator: 3n, denominator: 2n } }],
}

const ledger: LedgerEntry[] = [
  { projectId: 'p1', resource: 'cpu', delta: 100_000n, requestId: 'r1' },
  { projectId: 'p1', resource: 'memory', delta: 256n * GiB, requestId: 'r1' },
  { projectId: 'p2', resource: 'cpu', delta: 50_000n, requestId: 'r2' },
  { projectId: 'p2', resource: 'cpu', delta: -20_000n, requestId: 'r3' },
  { projectId: 'p2', resource: 'volume:fast-ssd', delta: 14n * TiB, requestId: 'r2' },
]

describe('capacity and the ledger', () => {
  it('applies overcommit with rounding down', () => {
    expect(effectiveCapacity(compute.resources[0]!)).toBe(256_000n)
    expect(effectiveCapacity(ssd.resources[0]!)).toBe(15n * TiB)
    expect(effectiveCapacity({ physical: 10n, overcommit: { numerator: 1n, denominator: 3n } })).toBe(3n)
  })

  it('sums the ledger per resource and per project', () => {
    expect(allocatedPerResource(ledger)).toEqual(
      new Map<ResourceKey, bigint>([
        ['cpu', 130_000n],
        ['memory', 256n * GiB],
        ['volume:fast-ssd', 14n * TiB],
      ]),
    )
    expect(projectAllocation(ledger, 'p2')).toEqual(
      new Map<ResourceKey, bigint>([
        ['cpu', 30_000n],
        ['volume:fast-ssd', 14n * TiB],
      ]),
    )
    expect(projectAllocation([...ledger, { projectId: 'p1', resource: 'memory', delta: -256n * GiB }], 'p1')).toEqual(
      new Map([['cpu', 100_000n]]),
    )
  })

  it('gives headroom per resource of a pool, from a ledger or from totals', () => {
    const expected = [
      { resource: 'cpu', capacity: 256_000n, allocated: 130_000n, headroom: 126_000n },
      { resource: 'memory', capacity: 512n * GiB, allocated: 256n * GiB, headroom: 256n * GiB },
      { resource: 'pods', capacity: 1000n, allocated: 0n, headroom: 1000n },
    ]
    expect(headroom(compute, ledger)).toEqual(expected)
    expect(headroom(compute, allocatedPerResource(ledger))).toEqual(expected)
  })

  it('shows negative headroom when a pool shrank below its promises', () => {
    const shrunk = { ...ssd, resources: [{ ...ssd.resources[0]!, physical: 8n * TiB }] }
    expect(headroom(shrunk, ledger)[0]?.headroom).toBe(-2n * TiB)
  })
})

describe('checkFit', () => {
  it('reports every resource and fits when all do', () => {
    const result = checkFit({
      pools: [compute, ssd],
      allocated: ledger,
      delta: [
        { resource: 'cpu', amount: 126_000n },
        { resource: 'volume:fast-ssd', amount: TiB },
      ],
    })
    expect(result).toEqual({
      ok: true,
      value: {
        fits: true,
        shortfall: null,
        lines: [
          {
            resource: 'cpu',
            poolId: 'pool-compute',
            capacity: 256_000n,
            allocated: 130_000n,
            requested: 126_000n,
            remainingAfter: 0n,
            fits: true,
          },
          {
            resource: 'volume:fast-ssd',
            poolId: 'pool-ssd',
            capacity: 15n * TiB,
            allocated: 14n * TiB,
            requested: TiB,
            remainingAfter: 0n,
            fits: true,
          },
        ],
      },
    })
  })

  it('names the first resource that does not fit', () => {
    const result = checkFit({
      pools: [compute, ssd],
      allocated: ledger,
      delta: [
        { resource: 'memory', amount: 8n * GiB },
        { resource: 'cpu', amount: 126_001n },
        { resource: 'volume:fast-ssd', amount: 2n * TiB },
      ],
    })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.fits).toBe(false)
    expect(result.value.lines.map((line) => line.fits)).toEqual([true, false, false])
    expect(result.value.lines[1]?.remainingAfter).toBe(-1n)
    expect(result.value.shortfall).toEqual({
      code: 'capacity.insufficient',
      params: { resource: 'cpu', capacity: '256000', allocated: '130000', remaining: '126000', requested: '126001' },
    })
    expect(requireFit(result.value)).toEqual({ ok: false, error: result.value.shortfall })
  })

  it('lets decreases through even in an over-allocated pool', () => {
    const shrunk = { ...ssd, resources: [{ ...ssd.resources[0]!, physical: 8n * TiB }] }
    const result = checkFit({
      pools: [shrunk],
      allocated: ledger,
      delta: [{ resource: 'volume:fast-ssd', amount: -TiB }],
    })
    expect(result.ok && result.value.fits).toBe(true)
    expect(result.ok && requireFit(result.value).ok).toBe(true)
    const zero = checkFit({ pools: [shrunk], allocated: ledger, delta: [{ resource: 'volume:fast-ssd', amount: 0n }] })
    expect(zero.ok && zero.value.fits).toBe(true)
  })

  it('refuses resources without a pool and resources in two pools', () => {
    expect(checkFit({ pools: [compute], allocated: [], delta: [{ resource: 'gpu', amount: 1n }] })).toEqual({
      ok: false,
      error: { code: 'capacity.no_pool', params: { resource: 'gpu' } },
    })
    const twice = { ...compute, id: 'pool-compute-2' }
    expect(checkFit({ pools: [compute, twice], allocated: [], delta: [] })).toMatchObject({
      ok: false,
      error: { code: 'capacity.duplicate_pool', params: { resource: 'cpu' } },
    })
  })

  it('is exact at byte scale, far beyond 2^53', () => {
    const huge: CapacityPool = {
      id: 'big',
      kind: 'objectStorage',
      resources: [{ resource: 'objectStorage', physical: 2n ** 62n, overcommit: { numerator: 1n, denominator: 1n } }],
    }
    const used = [{ projectId: 'p', resource: 'objectStorage' as const, delta: 2n ** 62n - 1n }]
    const one = checkFit({ pools: [huge], allocated: used, delta: [{ resource: 'objectStorage', amount: 1n }] })
    const two = checkFit({ pools: [huge], allocated: used, delta: [{ resource: 'objectStorage', amount: 2n }] })
    expect(one.ok && one.value.fits).toBe(true)
    expect(two.ok && two.value.fits).toBe(false)
  })
})

describe('approvedDelta', () => {
  const held = new Map<ResourceKey, bigint>([
    ['cpu', 4000n],
    ['memory', 8n * GiB],
  ])

  it('adds a new allocation to an empty project', () => {
    expect(approvedDelta({ kind: 'new', lines: [{ resource: 'cpu', amount: 2000n }] }, new Map())).toEqual({
      ok: true,
      value: [{ resource: 'cpu', amount: 2000n }],
    })
  })

  it('refuses a new allocation for a project that holds one', () => {
    expect(approvedDelta({ kind: 'new', lines: [{ resource: 'cpu', amount: 1n }] }, held)).toEqual({
      ok: false,
      error: { code: 'request.allocation_exists', params: {} },
    })
  })

  it('adds increases and subtracts decreases', () => {
    expect(approvedDelta({ kind: 'increase', lines: [{ resource: 'cpu', amount: 2000n }] }, held)).toEqual({
      ok: true,
      value: [{ resource: 'cpu', amount: 2000n }],
    })
    expect(
      approvedDelta(
        {
          kind: 'decrease',
          lines: [
            { resource: 'cpu', amount: 4000n },
            { resource: 'memory', amount: GiB },
          ],
        },
        held,
      ),
    ).toEqual({
      ok: true,
      value: [
        { resource: 'cpu', amount: -4000n },
        { resource: 'memory', amount: -GiB },
      ],
    })
  })

  it('refuses a decrease below zero', () => {
    expect(approvedDelta({ kind: 'decrease', lines: [{ resource: 'memory', amount: 9n * GiB }] }, held)).toEqual({
      ok: false,
      error: {
        code: 'capacity.decrease_below_zero',
        params: { resource: 'memory', current: String(8n * GiB), requested: String(9n * GiB) },
      },
    })
    expect(approvedDelta({ kind: 'decrease', lines: [{ resource: 'pods', amount: 1n }] }, held).ok).toBe(false)
  })
})

describe('ledger entries', () => {
  it('writes one entry per non-zero change and reverses them', () => {
    const entries = ledgerEntriesFor({
      projectId: 'p1',
      requestId: 'r9',
      deltas: [
        { resource: 'cpu', amount: 2000n },
        { resource: 'memory', amount: 0n },
        { resource: 'pods', amount: -5n },
      ],
    })
    expect(entries).toEqual([
      { projectId: 'p1', resource: 'cpu', delta: 2000n, requestId: 'r9' },
      { projectId: 'p1', resource: 'pods', delta: -5n, requestId: 'r9' },
    ])
    expect(reverseEntries([...entries, { projectId: 'p1', resource: 'cpu', delta: 1000n, requestId: 'r9' }])).toEqual([
      { projectId: 'p1', resource: 'cpu', delta: -3000n, requestId: 'r9' },
      { projectId: 'p1', resource: 'pods', delta: 5n, requestId: 'r9' },
    ])
    expect(allocatedPerResource([...entries, ...reverseEntries(entries)])).toEqual(
      new Map([
        ['cpu', 0n],
        ['pods', 0n],
      ]),
    )
  })
})

describe('validatePool', () => {
  it('accepts a sane pool and refuses negative capacity or a zero ratio', () => {
    expect(validatePool(compute).ok).toBe(true)
    const negative = { ...ssd, resources: [{ ...ssd.resources[0]!, physical: -1n }] }
    expect(validatePool(negative)).toMatchObject({ ok: false, error: { code: 'amount.below_zero' } })
    const zero = { ...ssd, resources: [{ ...ssd.resources[0]!, overcommit: { numerator: 0n, denominator: 1n } }] }
    expect(validatePool(zero)).toMatchObject({ ok: false, error: { code: 'capacity.ratio_invalid' } })
    const twice = { ...compute, resources: [...compute.resources, compute.resources[0]!] }
    expect(validatePool(twice)).toMatchObject({ ok: false, error: { code: 'capacity.duplicate_pool' } })
  })
})
