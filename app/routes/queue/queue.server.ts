import { z } from 'zod'
import type { Db } from '#server/db/client'
import type { LineItem } from '#server/domain/line-items'
import type { ResourceKey } from '#server/domain/resources'
import type { SecurityLevel } from '#server/domain/project'
import { operatorApprovalsRequired, requestNeedsSignOff, type ApprovalPolicy } from '#server/domain/security-policy'
import { agencyName, effectiveCapacity, formatOptionalDateTime } from '#app/utils/labels.server'
import { paging, PageParam } from '#app/utils/paging.server'
import type { Locale } from '#app/utils/i18n.server'

// The operators' work queue: submitted requests, oldest first by default, with what each still
// needs and whether the pools can hold it now.
//
// Every query here is bounded by the page, not by the size of the province (decision 0013): the
// total comes from the per-agency counts a trigger keeps (one row per agency), the page is an
// index range of (state, submittedAt, number), and the agency filter's choices are not part of
// the page (a thousand agencies made the document 200 KB); the filter asks loadQueueAgencies
// for them when an operator starts typing.

export const QueueQuery = z.object({
  agency: z.string().regex(/^[a-z0-9-]{2,40}$/).optional(),
  sort: z.enum(['oldest', 'newest']).optional(),
  page: PageParam,
})
export type QueueQuery = z.infer<typeof QueueQuery>

export async function loadQueue({ db, locale, query, policy, now = new Date() }: { db: Db; locale: Locale; query: QueueQuery; policy: ApprovalPolicy; now?: Date }) {
  const agency = query.agency
    ? await db.agency.findUnique({ where: { code: query.agency }, select: { id: true, code: true, nameVi: true, nameEn: true } })
    : null
  // An unknown agency code filters everything out.
  if (query.agency && !agency) return { page: paging(query.page, 0, locale).info, agency: null, items: [] }
  const where = { state: 'submitted' as const, ...(agency ? { agencyId: agency.id } : {}) }
  const counted = await db.requestStateCount.aggregate({ where, _sum: { count: true } })
  const total = counted._sum.count ?? 0
  const page = paging(query.page, total, locale)
  const direction = query.sort === 'newest' ? 'desc' : 'asc'
  const [rows, pools] = await Promise.all([
    db.quotaRequest.findMany({
      where,
      orderBy: [{ submittedAt: direction }, { number: direction }],
      skip: page.skip,
      take: page.take,
      select: {
        number: true, kind: true, submittedAt: true,
        project: { select: { name: true, securityLevel: true, processesPersonalData: true } },
        agency: { select: { code: true, nameVi: true, nameEn: true } },
        lines: { select: { resource: true, requested: true } },
        votes: { where: { discardedAt: null, kind: 'approve' }, select: { id: true } },
      },
    }),
    db.poolResource.findMany({ select: { resource: true, physical: true, overcommitNum: true, overcommitDen: true, allocated: true } }),
  ])
  const free = new Map(pools.map((p) => [p.resource, effectiveCapacity(p) - p.allocated]))
  return {
    page: page.info,
    /** The agency filtered on, with its name for the filter field; null when none (or unknown). */
    agency: agency ? { code: agency.code, name: agencyName(agency, locale) } : null,
    items: rows.map((row) => {
      const lines: LineItem[] = row.lines.map((l) => ({ resource: l.resource as ResourceKey, amount: l.requested }))
      const sign = row.kind === 'decrease' ? -1n : 1n
      return {
        number: row.number,
        project: row.project.name,
        agency: agencyName(row.agency, locale),
        kind: row.kind,
        submittedAt: formatOptionalDateTime(row.submittedAt, locale),
        waitingDays: row.submittedAt ? Math.floor((now.getTime() - row.submittedAt.getTime()) / 86_400_000) : 0,
        approvals: row.votes.length,
        approvalsRequired: operatorApprovalsRequired({ kind: row.kind, lines }, policy),
        needsSignOff: requestNeedsSignOff({ kind: row.kind }, { securityLevel: row.project.securityLevel as SecurityLevel, processesPersonalData: row.project.processesPersonalData }, policy),
        fits: lines.every((l) => sign * l.amount <= (free.get(l.resource) ?? -1n)),
      }
    }),
  }
}

/** The agency filter's choices: active agencies by Vietnamese name, fetched only when the filter is used. */
export async function loadQueueAgencies({ db, locale }: { db: Db; locale: Locale }) {
  const agencies = await db.agency.findMany({ where: { status: 'active' }, select: { code: true, nameVi: true, nameEn: true }, orderBy: { nameVi: 'asc' } })
  return agencies.map((a) => ({ code: a.code, name: agencyName(a, locale) }))
}
