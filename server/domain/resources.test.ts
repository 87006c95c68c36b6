import { describe, expect, it } from 'vitest'
import {
  describeResource,
  listResources,
  poolKindOf,
  unitOf,
  validateStorageClassName,
  volumeKey,
  type CatalogueSettings,
} from './resources'

const settings: CatalogueSettings = { storageClasses: ['fast-ssd', 'standard-hdd'], gpuAvailable: true }

describe('describeResource', () => {
  it.each([
    ['cpu', 'millicores', 'compute', 'compute'],
    ['memory', 'bytes', 'compute', 'compute'],
    ['pods', 'count', 'compute', 'compute'],
    ['gpu', 'count', 'compute', 'compute'],
    ['objectStorage', 'bytes', 'storage', 'objectStorage'],
    ['buckets', 'count', 'storage', 'objectStorage'],
    ['backupStorage', 'bytes', 'backup', 'backup'],
    ['volume:fast-ssd', 'bytes', 'storage', 'volume:fast-ssd'],
  ])('%s: %s, %s, drawn from %s', (key, unit, category, poolKind) => {
    const result = describeResource(key, settings)
    expect(result.ok).toBe(true)
    if (result.ok) expect(result.value).toMatchObject({ key, unit, category, poolKind })
  })

  it('names the storage class of a volume', () => {
    const result = describeResource('volume:standard-hdd', settings)
    expect(result.ok && result.value.storageClass).toBe('standard-hdd')
  })

  it('refuses unknown storage classes, unknown keys and GPUs the cluster lacks', () => {
    expect(describeResource('volume:gold', settings)).toEqual({
      ok: false,
      error: { code: 'resource.storage_class_unknown', params: { storageClass: 'gold' } },
    })
    expect(describeResource('volume:', settings)).toMatchObject({
      ok: false,
      error: { code: 'resource.storage_class_unknown' },
    })
    expect(describeResource('disk', settings)).toEqual({
      ok: false,
      error: { code: 'resource.unknown', params: { resource: 'disk' } },
    })
    expect(describeResource('toString', settings)).toMatchObject({ ok: false, error: { code: 'resource.unknown' } })
    expect(describeResource('gpu', { ...settings, gpuAvailable: false })).toEqual({
      ok: false,
      error: { code: 'resource.gpu_unavailable', params: {} },
    })
  })
})

describe('catalogue helpers', () => {
  it('lists compute, then each storage class, then object storage and backup', () => {
    expect(listResources(settings).map((resource) => resource.key)).toEqual([
      'cpu',
      'memory',
      'pods',
      'gpu',
      'volume:fast-ssd',
      'volume:standard-hdd',
      'objectStorage',
      'buckets',
      'backupStorage',
    ])
    expect(listResources({ storageClasses: [], gpuAvailable: false }).map((r) => r.key)).not.toContain('gpu')
  })

  it('knows units and pools without a catalogue, for stored data', () => {
    expect(unitOf('cpu')).toBe('millicores')
    expect(unitOf('volume:retired-class')).toBe('bytes')
    expect(unitOf('buckets')).toBe('count')
    expect(poolKindOf('memory')).toBe('compute')
    expect(poolKindOf('volume:x')).toBe('volume:x')
    expect(poolKindOf('volume:')).toBeNull()
    expect(poolKindOf('nonsense')).toBeNull()
    expect(volumeKey('fast-ssd')).toBe('volume:fast-ssd')
  })

  it('validates storage class names as DNS labels', () => {
    expect(validateStorageClassName('fast-ssd').ok).toBe(true)
    for (const bad of ['Fast', '-x', 'x-', 'a_b', '', 'a'.repeat(64)]) {
      expect(validateStorageClassName(bad).ok, bad).toBe(false)
    }
  })
})
