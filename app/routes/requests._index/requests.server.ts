import { z } from 'zod'
import type { Db } from '#server/db/client'
import { RequestState } from '#server/db/generated/enums'
import { agencyName, formatOptionalDate } from '#app/utils/labels.server'
import { translate, type Locale } from '#app/utils/i18n.server'
import { PageParam, paging } from '#app/utils/paging.server'

export const RequestListQuery = z.object({
  state: z.enum(RequestState).optional(),
  page: PageParam,
})

export type RequestListQuery = z.infer<typeof RequestListQuery>

/** Oldest submitted first (the queue operators work through); drafts, never submitted, last. */
export async function loadRequests({
  db,
  locale,
  query,
  agencyIds,
}: {
  db: Db
  locale: Locale
  query: RequestListQuery
  /** The agencies whose requests the person may see; null for all. */
  agencyIds: readonly string[] | null
}) {
  const where = {
    ...(query.state ? { state: query.state } : {}),
    ...(agencyIds === null ? {} : { agencyId: { in: [...agencyIds] } }),
  }
  const total = await db.quotaRequest.count({ where })
  const { skip, take, info } = paging(query.page, total, locale)
  const rows = await db.quotaRequest.findMany({
    where,
    select: {
      number: true,
      kind: true,
      state: true,
      submittedAt: true,
      project: { select: { name: true, namespace: true } },
      agency: { select: { code: true, nameVi: true, nameEn: true } },
    },
    orderBy: [{ submittedAt: { sort: 'asc', nulls: 'last' } }, { number: 'asc' }],
    skip,
    take,
  })
  return {
    title: translate(locale, 'requests.title'),
    page: info,
    filter: {
      state: query.state ?? '',
      options: Object.values(RequestState).map((state) => ({
        value: state,
        label: translate(locale, `request.state.${state}`),
      })),
    },
    emptyText: query.state
      ? translate(locale, 'requests.emptyFiltered', { state: translate(locale, `request.state.${query.state}`) })
      : translate(locale, 'requests.empty'),
    requests: rows.map((row) => ({
      number: row.number,
      project: { name: row.project.name, namespace: row.project.namespace },
      agency: { code: row.agency.code, name: agencyName(row.agency, locale) },
      kind: translate(locale, `request.kind.${row.kind}`),
      state: row.state,
      stateLabel: translate(locale, `request.state.${row.state}`),
      submittedAt: formatOptionalDate(row.submittedAt, locale),
    })),
  }
}
