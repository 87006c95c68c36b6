// The figures the rules read from `params.data`, as ConfigMap data (strings only): the same
// function gives the API server its ConfigMaps (generated, one per level) and the console's
// evaluator its params, so both judge by the same values.
import type { SecurityLevel } from '../../domain/project'
import type { LevelSettings } from '../catalogue/level-settings'

/** The ConfigMap in govcloud-system that holds a level's settings for the admission policies. */
export function levelParamsName(level: SecurityLevel): string {
  return `govcloud-security-level-${level}`
}

export function levelParams(level: SecurityLevel, settings: LevelSettings): Record<string, string> {
  return {
    level: String(level),
    // A list in a ConfigMap is a string; registries hold no commas.
    allowedRegistries: settings.allowedRegistries.join(','),
    imagePinning: settings.imagePinning,
  }
}
