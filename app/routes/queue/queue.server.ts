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

export const QueueQuery = z.object({
  agency: z.string().regex(/^[a-z0-9-]{2,40}$/).optional(),
  sort: z.enum(['oldest', 'newest']).optional(),
  page: PageParam,
})
export type QueueQuery = z.infer<typeof QueueQuery>

export async function loadQueue({ db, locale, query, policy, now = new Date() }: { db: Db; locale: Locale; query: QueueQuery; policy: ApprovalPolicy; now?: Date }) {
  const where = { state: 'submitted' as const, ...(query.agency ? { agency: { code: query.agency } } : {}) }
  const total = await db.quotaRequest.count({ where })
  const page = paging(query.page, total, locale)
  const direction = query.sort === 'newest' ? 'desc' : 'asc'
  const [rows, pools, agencies] = await Promise.all([
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
    db.agency.findMany({ where: { status: 'active' }, select: { code: true, nameVi: true, nameEn: true }, orderBy: { nameVi: 'asc' } }),
  ])
  const free = new Map(pools.map((p) => [p.resource, effectiveCapacity(p) - p.allocated]))
  return {
    page: page.info,
    agencies: agencies.map((a) => ({ code: a.code, name: agencyName(a, locale) })),
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
