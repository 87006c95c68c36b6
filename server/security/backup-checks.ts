// A scheduled project's backup health as a finding (decision 0056), no I/O: "failed" or "missing"
// (server/domain/backup-health.ts) is GC-BAK-01 at the project's level; "ok" is nothing, which
// resolves an open finding when the scan records it.
import type { BackupHealth } from '../domain/backup-health'
import { checkById, ruleAt } from './catalogue'
import type { FindingDetail, Observation } from './findings'
import type { ProjectRef } from './storage-checks'

export const BACKUP_CHECK_ID = 'GC-BAK-01'
/** The finding's subject: the project's Velero Schedule, named as its namespace. */
export const BACKUP_SUBJECT_KIND = 'Schedule'

export function backupObservation(project: ProjectRef, health: BackupHealth): Observation | null {
  const check = checkById(BACKUP_CHECK_ID)
  const rule = check ? ruleAt(check, project.securityLevel) : null
  if (health.state === 'ok' || rule === null) return null
  const failed = health.failures[0]
  const detail: FindingDetail =
    health.state === 'failed'
      ? { state: 'failed', backup: failed?.name ?? '', phase: failed?.phase ?? '', failures: health.failures.length }
      : { state: 'missing', dueAt: health.missingSince?.toISOString() ?? '' }
  return {
    checkId: BACKUP_CHECK_ID,
    subject: { kind: BACKUP_SUBJECT_KIND, namespace: project.namespace, name: project.namespace },
    projectId: project.projectId,
    agencyId: project.agencyId,
    securityLevel: project.securityLevel,
    severity: rule.severity,
    detail,
  }
}
