import type { Db } from '#server/db/client'
import { agencyName } from '#app/utils/labels.server'
import { translate, type Locale } from '#app/utils/i18n.server'
import { paging } from '#app/utils/paging.server'

export async function loadProjects({
  db,
  locale,
  page,
  agencyIds,
}: {
  db: Db
  locale: Locale
  page: number | undefined
  /** The agencies whose projects the person may see; null for all. */
  agencyIds: readonly string[] | null
}) {
  const where = agencyIds === null ? {} : { agencyId: { in: [...agencyIds] } }
  const total = await db.project.count({ where })
  const { skip, take, info } = paging(page, total, locale)
  const rows = await db.project.findMany({
    where,
    select: {
      name: true,
      namespace: true,
      securityLevel: true,
      processesPersonalData: true,
      agency: { select: { code: true, nameVi: true, nameEn: true } },
      // Buckets flagged over their own quota now (the bucket alerts job, decision 0050).
      _count: { select: { bucketAlerts: { where: { level: { gt: 0 } } } } },
    },
    // Namespaces start with the agency's code: this groups projects by agency, stably.
    orderBy: [{ namespace: 'asc' }],
    skip,
    take,
  })
  return {
    title: translate(locale, 'projects.title'),
    page: info,
    projects: rows.map((row) => ({
      name: row.name,
      namespace: row.namespace,
      agency: { code: row.agency.code, name: agencyName(row.agency, locale) },
      securityLevel: translate(locale, 'projects.securityLevelValue', { level: row.securityLevel }),
      personalData: translate(locale, row.processesPersonalData ? 'common.yes' : 'common.no'),
      bucketsOver: row._count.bucketAlerts,
    })),
  }
}
