import { describe, expect, it } from 'vitest'
import { checkOvercommit, checkPoolResources, poolKindOf, type PoolResourceSetting } from './pool'

const catalogue = { storageClasses: ['standard', 'fast'], gpuAvailable: false }
const cpu = (physical: bigint, num = 1, den = 1): PoolResourceSetting => ({
  resource: 'cpu',
  physical,
  overcommitNum: num,
  overcommitDen: den,
})
const check = (
  settings: PoolResourceSetting[],
  allocated: Record<string, bigint> = {},
  kind = poolKindOf('compute', null),
) => checkPoolResources({ kind, settings, allocated: new Map(Object.entries(allocated)), catalogue })
const codes = (result: ReturnType<typeof check>) =>
  result.ok ? [] : result.issues.map((found) => `${found.path}:${found.error.code}`)

describe('a pool never shrinks below what it has allocated', () => {
  it('keeps a capacity exactly equal to the allocation, and refuses one millicore less', () => {
    expect(check([cpu(12_000n, 4, 1)], { cpu: 48_000n })).toMatchObject({ ok: true, value: [{ capacity: 48_000n }] })
    const refused = check([cpu(11_999n, 4, 1)], { cpu: 48_000n })
    expect(codes(refused)).toEqual(['resources.0.physical:pool.below_allocation'])
    expect(refused.ok ? null : refused.error.params).toEqual({ resource: 'cpu', capacity: '47996', allocated: '48000' })
  })

  it('counts the overcommit, rounded down, the way the ledger does', () => {
    // 10 × 3/2 = 15: a pool of 15 allocated takes it; 9 × 3/2 = 13.5 floors to 13, below 15.
    expect(check([cpu(10n, 3, 2)], { cpu: 15n }).ok).toBe(true)
    expect(codes(check([cpu(9n, 3, 2)], { cpu: 15n }))).toEqual(['resources.0.physical:pool.below_allocation'])
    // Lowering the overcommit alone shrinks the pool too.
    expect(codes(check([cpu(12_000n, 2, 1)], { cpu: 48_000n }))).toEqual(['resources.0.physical:pool.below_allocation'])
  })

  it('refuses to drop a resource that still has grants, and lets an unused one go', () => {
    const memory = { resource: 'memory', physical: 64n, overcommitNum: 1, overcommitDen: 1 }
    expect(codes(check([memory], { cpu: 1n, memory: 1n }))).toEqual(['resources:pool.resource_in_use'])
    expect(check([memory], { cpu: 0n, memory: 1n }).ok).toBe(true)
  })

  it('grows freely and starts a new pool from nothing allocated', () => {
    expect(check([cpu(48_000n, 4, 1)], { cpu: 1_000n }).ok).toBe(true)
    expect(check([cpu(0n)]).ok).toBe(true)
  })
})

describe('what a pool may offer', () => {
  it('takes only resources of its kind, once each, and at least one', () => {
    const volume = { resource: 'volume:fast', physical: 1n, overcommitNum: 1, overcommitDen: 1 }
    expect(codes(check([volume]))).toEqual(['resources.0.resource:pool.resource_wrong_kind'])
    expect(check([volume], {}, poolKindOf('volume', 'fast')).ok).toBe(true)
    expect(codes(check([volume], {}, poolKindOf('volume', 'standard')))).toEqual([
      'resources.0.resource:pool.resource_wrong_kind',
    ])
    expect(codes(check([cpu(1n), cpu(2n)]))).toEqual(['resources.1.resource:pool.resource_twice'])
    expect(codes(check([]))).toEqual(['resources:pool.no_resources'])
    expect(codes(check([{ ...cpu(1n), resource: 'gpu' }]))).toEqual(['resources.0.resource:resource.gpu_unavailable'])
    expect(codes(check([{ ...cpu(1n), resource: 'volume:slow' }], {}, 'volume:slow'))).toEqual([
      'resources.0.resource:resource.storage_class_unknown',
    ])
  })

  it('keeps the overcommit to small whole terms and at most 16 times the hardware', () => {
    expect(checkOvercommit(4, 1).ok).toBe(true)
    expect(checkOvercommit(16, 1).ok).toBe(true)
    expect(checkOvercommit(1, 2).ok).toBe(true)
    for (const [num, den] of [
      [17, 1],
      [0, 1],
      [1, 0],
      [1.5, 1],
      [1001, 1000],
      [-1, 1],
    ] as const)
      expect(checkOvercommit(num, den)).toMatchObject({ ok: false, error: { code: 'pool.overcommit_invalid' } })
  })

  it('refuses a negative figure and one whose overcommitted total overflows BIGINT', () => {
    expect(codes(check([cpu(-1n)]))).toEqual(['resources.0.physical:amount.below_zero'])
    expect(codes(check([cpu(2n ** 62n, 4, 1)]))).toEqual(['resources.0.physical:amount.overflow'])
  })

  it('reports every problem at once, each at its field', () => {
    expect(codes(check([cpu(1n, 99, 1), { ...cpu(1n), resource: 'objectStorage' }], { memory: 5n }))).toEqual([
      'resources.0.overcommit:pool.overcommit_invalid',
      'resources.1.resource:pool.resource_wrong_kind',
      'resources:pool.resource_in_use',
    ])
  })
})
