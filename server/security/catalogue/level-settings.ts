// What each security level allows, where a check needs a figure or a list: the registries images
// may come from, how images must be pinned, how old and how idle an access key may grow. These are
// the defaults; the data centre may change them per level (the admission policies and the scanner
// read the same values).
import type { SecurityLevel } from '../../domain/project'

export interface LevelSettings {
  /** Image references must start with one of these prefixes (a registry host, or host/path/). */
  readonly allowedRegistries: readonly string[]
  /** `tag`: any tag but :latest (or none); `digest`: only image@sha256:... */
  readonly imagePinning: 'tag' | 'digest'
  readonly maxKeyAgeDays: number
  readonly maxKeyIdleDays: number
}

/** The data centre's own registry, which mirrors what the agencies may run. */
export const DATA_CENTRE_REGISTRY = 'registry.langson.gov.vn/'

export const DEFAULT_LEVEL_SETTINGS: Readonly<Record<SecurityLevel, LevelSettings>> = {
  1: {
    allowedRegistries: [DATA_CENTRE_REGISTRY, 'registry.k8s.io/', 'docker.io/', 'ghcr.io/', 'quay.io/'],
    imagePinning: 'tag',
    maxKeyAgeDays: 365,
    maxKeyIdleDays: 180,
  },
  2: {
    allowedRegistries: [DATA_CENTRE_REGISTRY, 'registry.k8s.io/', 'docker.io/', 'ghcr.io/', 'quay.io/'],
    imagePinning: 'tag',
    maxKeyAgeDays: 365,
    maxKeyIdleDays: 180,
  },
  3: {
    allowedRegistries: [DATA_CENTRE_REGISTRY, 'registry.k8s.io/', 'docker.io/library/'],
    imagePinning: 'tag',
    maxKeyAgeDays: 180,
    maxKeyIdleDays: 90,
  },
  4: {
    allowedRegistries: [DATA_CENTRE_REGISTRY, 'registry.k8s.io/'],
    imagePinning: 'tag',
    maxKeyAgeDays: 90,
    maxKeyIdleDays: 60,
  },
  5: { allowedRegistries: [DATA_CENTRE_REGISTRY], imagePinning: 'digest', maxKeyAgeDays: 90, maxKeyIdleDays: 30 },
}
