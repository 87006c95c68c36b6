import type { Db } from '#server/db/client'
import { agencyName, formatOptionalDateTime } from '#app/utils/labels.server'
import type { Locale } from '#app/utils/i18n.server'

// The closing requests waiting for an operator (issue 15, decision 0058), beside the quota
// requests in the operators' queue: the system, its agency, who asked and when, oldest first.
// Bounded (a province asks to close a handful of systems at a time; the closing page has them all),
// and filtered by the queue's agency like the requests.

export const CLOSURE_QUEUE_LIMIT = 50

export async function loadClosureQueue(db: Db, locale: Locale, agencyCode: string | undefined) {
  const rows = await db.projectClosure.findMany({
    where: { state: 'submitted', ...(agencyCode ? { project: { agency: { code: agencyCode } } } : {}) },
    orderBy: { requestedAt: 'asc' },
    take: CLOSURE_QUEUE_LIMIT,
    select: {
      id: true,
      reason: true,
      requestedAt: true,
      requestedById: true,
      project: { select: { name: true, namespace: true, agency: { select: { nameVi: true, nameEn: true } } } },
    },
  })
  const people = await db.user.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.requestedById))] } },
    select: { id: true, displayName: true },
  })
  const names = new Map(people.map((p) => [p.id, p.displayName]))
  return rows.map((row) => ({
    id: row.id,
    system: row.project.name,
    namespace: row.project.namespace,
    agency: agencyName(row.project.agency, locale),
    requestedBy: names.get(row.requestedById) ?? '',
    requestedAt: formatOptionalDateTime(row.requestedAt, locale) ?? '',
    reason: row.reason,
  }))
}
