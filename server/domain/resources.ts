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

/** Display order: compute, then storage, then backup. */
const COMPUTE_KEYS: readonly FixedResourceKey[] = ['cpu', 'memory', 'pods', 'gpu']
const STORAGE_KEYS: readonly FixedResourceKey[] = ['objectStorage', 'buckets']
const BACKUP_KEYS: readonly FixedResourceKey[] = ['backupStorage']

const VOLUME_PREFIX = 'volume:'

/** A Kubernetes StorageClass name is a DNS-1123 subdomain; the console keeps to one label. */
const STORAGE_CLASS_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/

export function isFixedResourceKey(key: string): key is FixedResourceKey {
  return Object.hasOwn(FIXED, key)
}

export function validateStorageClassName(name: string): Result<string> {
  return STORAGE_CLASS_NAME.test(name) ? ok(name) : err('resource.storage_class_invalid', { storageClass: name })
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

/** Every resource the catalogue offers, in display order. */
export function listResources(settings: CatalogueSettings): readonly ResourceDescriptor[] {
  const fixed = (key: FixedResourceKey): ResourceDescriptor => ({
    key,
    storageClass: null,
    ...FIXED[key],
  })
  const compute = COMPUTE_KEYS.filter((key) => key !== 'gpu' || settings.gpuAvailable).map(fixed)
  const volumes = settings.storageClasses.map((storageClass): ResourceDescriptor => ({
    key: volumeKey(storageClass),
    unit: 'bytes',
    category: 'storage',
    poolKind: volumeKey(storageClass),
    storageClass,
  }))
  return [...compute, ...volumes, ...STORAGE_KEYS.map(fixed), ...BACKUP_KEYS.map(fixed)]
}

/**
 * The unit of a key without a catalogue (for formatting stored data whose class may since have
 * been retired): volumes are bytes, unknown keys are counted.
 */
export function unitOf(key: string): UnitKind {
  if (isFixedResourceKey(key)) return FIXED[key].unit
  if (key.startsWith(VOLUME_PREFIX)) return 'bytes'
  return 'count'
}

/** The pool kind a key draws from, without a catalogue; null for keys that are not resources. */
export function poolKindOf(key: string): PoolKind | null {
  if (isFixedResourceKey(key)) return FIXED[key].poolKind
  if (key.startsWith(VOLUME_PREFIX) && key.length > VOLUME_PREFIX.length) return key as VolumeResourceKey
  return null
}
