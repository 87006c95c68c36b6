import type { Db } from '#server/db/client'
import { visibleAgencyIds } from '#server/identity/authorise'
import type { Principal } from '#server/identity/principal'
import { BACKUP_CHECK_ID } from '#server/security/backup-checks'
import { findFindings, findingConditions, type FoundFinding } from '#server/security/finding-search'
import { may, ofAgency } from '#app/utils/auth.server'
import { formatDateTime, translate, type Locale } from '#app/utils/i18n.server'
import { findingRow } from '#app/utils/waivers.server'

// The backups page's findings (issue 15, decision 0076): the system's GC-BAK-01 findings still to
// deal with (open, overdue or waived), as the findings' pages read them: the same permission
// (findings.read of the project's agency) and the same search scoped to the agencies the reader
// may see, so agency staff find only their own and operators, who do not read findings, none.

/** One GC-BAK-01 finding per episode and project: a handful at most are ever unresolved. */
const SHOWN = 20

/** What the scan saw, in words: the failed backups since the last success, or the run missing since. */
function whatHappened(finding: FoundFinding, locale: Locale): string {
  const detail = (finding.detail ?? {}) as Record<string, unknown>
  if (detail['state'] === 'missing' && typeof detail['dueAt'] === 'string' && detail['dueAt'] !== '')
    return translate(locale, 'backups.state.missing', { date: formatDateTime(new Date(detail['dueAt']), locale) })
  const count = typeof detail['failures'] === 'number' ? detail['failures'] : 1
  const backup = typeof detail['backup'] === 'string' ? detail['backup'] : ''
  const failed = translate(locale, 'backups.state.failed', { count })
  return backup === '' ? failed : `${failed} ${translate(locale, 'backups.findings.lastFailed', { backup })}`
}

/** Where the finding is in the findings' pages: their list, narrowed to this check and project. */
export const findingsListPath = (namespace: string) =>
  `/security/findings?${new URLSearchParams({ check: BACKUP_CHECK_ID, project: namespace }).toString()}`

/** The project's unresolved backup findings, or null when the reader may not read its findings. */
export async function loadBackupFindings(
  db: Db,
  input: { principal: Principal; project: { id: string; agencyId: string }; locale: Locale; now?: Date },
) {
  const { principal, project, locale } = input
  const now = input.now ?? new Date()
  if (!may(principal, 'findings.read', ofAgency(project.agencyId))) return null
  const conditions = findingConditions(
    { check: BACKUP_CHECK_ID, projectId: project.id, status: ['open', 'overdue', 'waived'] },
    visibleAgencyIds(principal, 'findings.read'),
    now,
  )
  const [found, waivers] = await Promise.all([
    findFindings(db, conditions, { limit: SHOWN, now }),
    db.securityWaiver.findMany({ where: { projectId: project.id, state: 'approved' } }),
  ])
  return found.map((f) => {
    const row = findingRow({ ...f, projectId: f.project?.id ?? null }, waivers, { locale, now })
    return { ...row, since: formatDateTime(f.firstSeenAt, locale), what: whatHappened(f, locale) }
  })
}

export type BackupFindingRow = NonNullable<Awaited<ReturnType<typeof loadBackupFindings>>>[number]
