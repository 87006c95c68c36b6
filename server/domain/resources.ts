// The resource catalogue: what a quota can be made of, in which unit, and which capacity pool it
// draws from. Storage classes are data (the data centre adds and retires them), so the catalogue
// is built from the list it is given rather than from constants.
import { err, ok, type Result } from './errors'
import type { UnitKind } from './quantity'

export type FixedResourceKey = 'cpu' | 'memory' | 'pods' | 'gpu' | 'objectStorage' | 'buckets' | 'backupStorage'

/** `volume:<storageClass>`: persistent-volume bytes of one storage class. */
export type VolumeResourceKey = `volume:${string}`
export type ResourceKey = FixedResourceKey | VolumeResourceKey

export type ResourceCategory = 'compute' | 'storage' | 'backup'

/** Pools are per kind; each storage class has its own volume pool. */
export type PoolKind = 'compute' | VolumeResourceKey | 'objectStorage' | 'backup'

export interface ResourceDescriptor {
  readonly key: ResourceKey
  readonly unit: UnitKind
  readonly category: ResourceCategory
  readonly poolKind: PoolKind
  /** Set for `volume:<class>` only. */
  readonly storageClass: string | null
}

/** What the catalogue is built from: which storage classes exist and whether there are GPUs. */
export interface CatalogueSettings {
  readonly storageClasses: readonly string[]
  readonly gpuAvailable: boolean
}

const FIXED: Readonly<Record<FixedResourceKey, Omit<ResourceDescriptor, 'key' | 'storageClass'>>> = {
  cpu: { unit: 'millicores', category: 'compute', poolKind: 'compute' },
  memory: { unit: 'bytes', category: 'compute', poolKind: 'compute' },
  pods: { unit: 'count', category: 'compute', poolKind: 'compute' },
  gpu: { unit: 'count', category: 'compute', poolKind: 'compute' },
  objectStorage: { unit: 'bytes', category: 'storage', poolKind: 'objectStorage' },
  buckets: { unit: 'count', category: 'storage', poolKind: 'objectStorage' },
  backupStorage: { unit: 'bytes', category: 'backup', poolKind: 'backup' },
}

const VOLUME_PREFIX = 'volume:'

export function isFixedResourceKey(key: string): key is FixedResourceKey {
  return Object.hasOwn(FIXED, key)
}

export function volumeKey(storageClass: string): VolumeResourceKey {
  return `${VOLUME_PREFIX}${storageClass}`
}

/** Looks a key up in the catalogue: unknown keys, unknown classes and absent GPUs are refused. */
export function describeResource(key: string, settings: CatalogueSettings): Result<ResourceDescriptor> {
  if (isFixedResourceKey(key)) {
    if (key === 'gpu' && !settings.gpuAvailable) return err('resource.gpu_unavailable', {})
    return ok({ key, storageClass: null, ...FIXED[key] })
  }
  if (key.startsWith(VOLUME_PREFIX)) {
    const storageClass = key.slice(VOLUME_PREFIX.length)
    if (!settings.storageClasses.includes(storageClass)) {
      return err('resource.storage_class_unknown', { storageClass })
    }
    const volume = volumeKey(storageClass)
    return ok({ key: volume, unit: 'bytes', category: 'storage', poolKind: volume, storageClass })
  }
  return err('resource.unknown', { resource: key })
}

/** What only the metering measures (decision 0047): no ResourceQuota counts or requests them. */
export const METERED_USE: readonly string[] = ['objectStorage', 'backupStorage', 'buckets']

/**
 * The unit of a key without a catalogue (for formatting stored data whose class may since have
 * been retired): volumes are bytes, unknown keys are counted.
 */
export function unitOf(key: string): UnitKind {
  if (isFixedResourceKey(key)) return FIXED[key].unit
  if (key.startsWith(VOLUME_PREFIX)) return 'bytes'
  return 'count'
}

/** Every key the catalogue offers, in the catalogue's order (GPUs only where there are some). */
export function catalogueKeys(settings: CatalogueSettings): ResourceKey[] {
  const fixed = (Object.keys(FIXED) as FixedResourceKey[]).filter((key) => key !== 'gpu' || settings.gpuAvailable)
  return [...fixed, ...settings.storageClasses.map(volumeKey)]
}
