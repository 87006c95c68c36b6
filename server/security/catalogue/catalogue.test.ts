import { describe, expect, it } from 'vitest'
import { SECURITY_LEVELS } from '../../domain/project'
import { catalogue, isMessageKey } from '../../i18n'
import { DEFAULT_LEVEL_SETTINGS } from './level-settings'
import { CHECK_ID, CHECKS, ENFORCEMENTS, REQUIREMENT_GROUPS, SEVERITIES, SUBJECTS, checkById, checksAt } from './index'

const CLUSTER_SUBJECTS = new Set(['workload', 'namespace', 'service', 'ingress', 'networkPolicy', 'roleBinding'])

describe('the catalogue of security checks', () => {
  it('gives each check a unique id of the form GC-<area>-<nn>', () => {
    const ids = CHECKS.map((check) => check.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(CHECK_ID)
    expect(checkById('GC-WL-02')?.subject).toBe('workload')
    expect(checkById('GC-NOPE-01')).toBeUndefined()
  })

  it('has a title and what to do about each check, in Vietnamese and English', () => {
    for (const check of CHECKS)
      for (const part of ['title', 'remediation']) {
        const key = `check.${check.id}.${part}`
        expect(isMessageKey(key), key).toBe(true)
        expect(catalogue.vi[key as keyof typeof catalogue.vi]).not.toBe(catalogue.en[key as keyof typeof catalogue.en])
      }
    for (const [kind, values] of [
      ['severity', SEVERITIES],
      ['group', REQUIREMENT_GROUPS],
      ['subject', SUBJECTS],
      ['enforcement', ENFORCEMENTS],
    ] as const)
      for (const value of values) expect(isMessageKey(`check.${kind}.${value}`), `${kind} ${value}`).toBe(true)
  })

  it('refuses or warns at admission only what lives on the cluster', () => {
    for (const check of CHECKS) {
      const enforced = Object.values(check.levels).some((rule) => rule.enforcement !== 'detect')
      if (enforced) expect(check.preventable, check.id).toBe(true)
      if (check.preventable) expect(CLUSTER_SUBJECTS.has(check.subject), check.id).toBe(true)
    }
  })

  it('asks more of each level from 3 up: levels 3, 4 and 5 are not alike', () => {
    const profile = (level: 1 | 2 | 3 | 4 | 5) =>
      JSON.stringify([checksAt(level).map(({ check, rule }) => [check.id, rule]), DEFAULT_LEVEL_SETTINGS[level]])
    expect(new Set([profile(3), profile(4), profile(5)]).size).toBe(3)
    const rank = { low: 1, medium: 2, high: 3, critical: 4 }
    // A check never gets milder, nor stops applying, as the level rises.
    for (const check of CHECKS)
      for (const level of SECURITY_LEVELS.slice(1)) {
        const below = check.levels[(level - 1) as 1 | 2 | 3 | 4]
        const here = check.levels[level]
        if (below) expect(here && rank[here.severity] >= rank[below.severity], `${check.id} at ${level}`).toBe(true)
      }
    for (const level of SECURITY_LEVELS.slice(1)) {
      const settings = DEFAULT_LEVEL_SETTINGS[level]
      const below = DEFAULT_LEVEL_SETTINGS[(level - 1) as 1 | 2 | 3 | 4]
      expect(settings.maxKeyAgeDays).toBeLessThanOrEqual(below.maxKeyAgeDays)
      // Whatever a level allows, the level below allows too.
      const allowedBelow = (prefix: string) => below.allowedRegistries.some((wider) => prefix.startsWith(wider))
      expect(settings.allowedRegistries.every(allowedBelow), `registries at ${level}`).toBe(true)
    }
  })
})
