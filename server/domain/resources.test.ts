import { describe, expect, it } from 'vitest'
import { describeResource, unitOf, volumeKey, type CatalogueSettings } from './resources'

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
  it('knows units without a catalogue, for stored data', () => {
    expect(unitOf('cpu')).toBe('millicores')
    expect(unitOf('volume:retired-class')).toBe('bytes')
    expect(unitOf('buckets')).toBe('count')
    expect(volumeKey('fast-ssd')).toBe('volume:fast-ssd')
  })
})
