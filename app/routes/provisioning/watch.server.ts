import type { Db } from '#server/db/client'
import { listNeedingAttention } from '#server/provisioning/status'
import { agencyName } from '#app/utils/labels.server'
import { formatDateTime, translate, translateOr, type Locale } from '#app/utils/i18n.server'
import { paging } from '#app/utils/paging.server'
import { explainCondition, explainError } from '#app/utils/explained.server'

// The operators' provisioning watch: tenants that drifted lately or are degraded, newest first,
// with the reason, the time, what drifted and the audit entry that recorded it.

export async function loadWatch({ db, locale, page }: { db: Db; locale: Locale; page: number | undefined }) {
  const first = paging(page, 0, locale)
  const { total, rows } = await listNeedingAttention(db, { skip: first.skip, take: first.take })
  const { info } = paging(page, total, locale)
  const ids = rows.map((r) => r.projectId)
  const [projects, drifts] = await Promise.all([
    db.project.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true, namespace: true, agency: { select: { code: true, nameVi: true, nameEn: true } } },
    }),
    // The newest drift entry of each project on the page (one query, the audit index on entity).
    db.auditEntry.findMany({
      where: { entityType: 'Project', entityId: { in: ids }, action: 'provisioning.drift_repaired' },
      orderBy: { seq: 'desc' },
      distinct: ['entityId'],
      select: { entityId: true, seq: true, before: true },
    }),
  ])
  const projectById = new Map(projects.map((p) => [p.id, p]))
  const driftById = new Map(drifts.map((d) => [d.entityId, d]))
  return {
    title: translate(locale, 'prov.list.title'),
    info,
    rows: rows.flatMap((row) => {
      const project = projectById.get(row.projectId)
      if (!project) return []
      const drift = driftById.get(row.projectId)
      const items = ((drift?.before as { drift?: { target?: string; fields?: string[] }[] } | null)?.drift ?? []).map(
        (d) => `${d.target ?? ''}: ${(d.fields ?? []).join(', ')}`,
      )
      return [
        {
          projectId: row.projectId,
          name: project.name,
          namespace: project.namespace,
          agency: { code: project.agency.code, name: agencyName(project.agency, locale) },
          phase: row.phase,
          phaseLabel: translateOr(locale, `prov.phase.${row.phase}`, row.phase),
          degraded: row.degraded
            ? {
                reason: translateOr(locale, `prov.reason.${row.degraded.reason}`, row.degraded.reason),
                message: explainCondition(row.degraded, locale),
              }
            : null,
          drift: row.lastDriftAt
            ? { at: formatDateTime(row.lastDriftAt, locale), items, auditSeq: drift ? drift.seq.toString() : null }
            : null,
          // The watch is the data centre's (provisioning.list): the platform's words under detail.
          lastError: explainError(row.degraded ?? undefined, row.lastError, locale, true),
          since: formatDateTime(row.since, locale),
        },
      ]
    }),
  }
}
