import type { Db } from '#server/db/client'
import { checkTitle, findingRow, waiverRow } from '#app/utils/waivers.server'
import type { Locale } from '#app/utils/i18n.server'

// The project page's security findings and waivers (issue 13): its open findings with what to do
// and each one's status (open, overdue, waived: the one rule of finding-status.ts), and every
// waiver the project has had. The loader hands them only to those who may read findings.

/** Enough for any project: the scanner opens one finding per check and object. */
const FINDINGS_SHOWN = 500

export async function loadProjectFindings(db: Db, input: { projectId: string; locale: Locale; now?: Date }) {
  const now = input.now ?? new Date()
  const [findings, waivers] = await Promise.all([
    db.securityFinding.findMany({
      where: { projectId: input.projectId, resolvedAt: null },
      orderBy: [{ firstSeenAt: 'asc' }, { id: 'asc' }],
      take: FINDINGS_SHOWN,
    }),
    db.securityWaiver.findMany({ where: { projectId: input.projectId }, orderBy: { number: 'desc' } }),
  ])
  // The checks with open findings, each once: "waive the whole check" is offered per check.
  const checks = [...new Set(findings.map((f) => f.checkId))].map((checkId) => ({
    checkId,
    title: checkTitle(checkId, input.locale),
  }))
  return {
    findings: findings.map((finding) => findingRow(finding, waivers, { locale: input.locale, now })),
    checks,
    waivers: await Promise.all(waivers.map((waiver) => waiverRow(db, waiver, input.locale))),
  }
}
