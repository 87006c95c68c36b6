// The catalogue of security checks: one list, read by the scanner, the admission policies'
// generator, the pages and the API. Titles and remediation are in
// server/i18n/messages/security-checks.ts, keyed by id.
import type { SecurityLevel } from '../../domain/project'
import { BACKUP_CHECKS } from './backups'
import { ruleAt, type Check, type LevelRule } from './model'
import { NETWORK_CHECKS } from './network'
import { PLATFORM_CHECKS } from './platform'
import { STORAGE_CHECKS } from './storage'
import { WORKLOAD_CHECKS } from './workloads'

export * from './model'

export const CHECKS: readonly Check[] = [
  ...WORKLOAD_CHECKS,
  ...NETWORK_CHECKS,
  ...STORAGE_CHECKS,
  ...BACKUP_CHECKS,
  ...PLATFORM_CHECKS,
]

const BY_ID = new Map(CHECKS.map((check) => [check.id, check]))

export function checkById(id: string): Check | undefined {
  return BY_ID.get(id)
}

/** The checks that apply at a level, each with that level's rule. */
export function checksAt(level: SecurityLevel): Array<{ check: Check; rule: LevelRule }> {
  return CHECKS.flatMap((check) => {
    const rule = ruleAt(check, level)
    return rule ? [{ check, rule }] : []
  })
}
