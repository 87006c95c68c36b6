import type { Db } from '#server/db/client'
import { waiverReport } from '#server/security/waiver-report'
import type { Locale } from '#app/utils/i18n.server'
import { namesOf, projectsOf, waiverRowOf } from '#app/utils/waivers.server'

// The waivers page's and its CSV's rows: the report's three lists, each waiver with its project,
// agency and requester by name. The caller has authorised waiver.list and passes its agencies.

export async function loadWaiverReport(db: Db, input: { agencyIds: readonly string[] | null; locale: Locale }) {
  const report = await waiverReport(db, { agencyIds: input.agencyIds })
  const all = [...report.queue, ...report.expiring, ...report.expired]
  const [names, projects] = await Promise.all([
    namesOf(
      db,
      all.map((w) => w.requestedById),
    ),
    projectsOf(
      db,
      all.map((w) => w.projectId),
      input.locale,
    ),
  ])
  const rows = (waivers: typeof all) =>
    waivers.map((w) => {
      const project = projects.get(w.projectId)
      return {
        ...waiverRowOf(w, names, input.locale),
        project: project?.name ?? '',
        namespace: project?.namespace ?? '',
        agency: project?.agency ?? '',
      }
    })
  return { queue: rows(report.queue), expiring: rows(report.expiring), expired: rows(report.expired) }
}

export type ReportRow = Awaited<ReturnType<typeof loadWaiverReport>>['queue'][number]
