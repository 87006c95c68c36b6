import { z } from 'zod'
import type { Db } from '#server/db/client'
import type { Prisma } from '#server/db/generated/client'
import { POOL_CAPACITY_SELECT, roomOf } from '#server/db/pool-capacity'
import { requestFits } from '#server/domain/capacity'
import type { LineItem } from '#server/domain/line-items'
import type { ResourceKey } from '#server/domain/resources'
import type { SecurityLevel } from '#server/domain/project'
import { operatorApprovalsRequired, requestNeedsSignOff, type ApprovalPolicy } from '#server/domain/security-policy'
import { recentlyGranted } from '#server/workflow/decision-facts'
import { agencyName, formatInteger, formatOptionalDateTime } from '#app/utils/labels.server'
import type { CursorPageInfo } from '#app/components/ui/cursor-pager'
import { decodePosition, encodePosition, PAGE_SIZE } from '#app/utils/paging.server'
import type { Locale } from '#app/utils/i18n.server'
import { agencyCodeFilter } from '#server/domain/search-filters'

// The operators' work queue: submitted requests, oldest first by default, with what each still
// needs and whether the pools can hold it now.
//
// Every query here is bounded by the page, not by the size of the province (decision 0013): the
// total comes from the per-agency counts a trigger keeps (one row per agency), the page is an
// index range of (state, submittedAt, number) that starts at a position in that order (keyset
// paging, decision 0015: `?after=` / `?before=` cursors, so the 400th page costs what the first
// does), and the agency filter's choices are not part of the page (a thousand agencies made the
// document 200 KB); the filter asks loadQueueAgencies for them when an operator starts typing.

/** A position in the queue's order: a request's submission time and number. */
const Position = z.object({ t: z.iso.datetime(), n: z.number().int().min(1) })
type Position = z.infer<typeof Position>
const Cursor = z.string().refine((cursor) => decodePosition(cursor, Position) !== null)

export const QueueQuery = z.object({
  agency: agencyCodeFilter.optional(),
  sort: z.enum(['oldest', 'newest']).optional(),
  /** The page after this position (the "next" link) … */
  after: Cursor.optional(),
  /** … or the page before it (the "previous" link); neither: the first page. */
  before: Cursor.optional(),
})
export type QueueQuery = z.infer<typeof QueueQuery>

type Direction = 'asc' | 'desc'

/**
 * Requests after `position` when reading in `direction`. Submitted requests always have a
 * submission time (request-state.ts sets it on submit). The redundant bound on submittedAt alone
 * lets PostgreSQL start the index scan at the position rather than filter from the start.
 */
function beyond(position: Position, direction: Direction) {
  const at = new Date(position.t)
  const op = direction === 'asc' ? 'gt' : 'lt'
  return {
    submittedAt: { [direction === 'asc' ? 'gte' : 'lte']: at },
    OR: [{ submittedAt: { [op]: at } }, { number: { [op]: position.n } }],
  }
}

const positionOf = (row: { submittedAt: Date | null; number: number }): string | null =>
  row.submittedAt ? encodePosition({ t: row.submittedAt.toISOString(), n: row.number } satisfies Position) : null

/** What the queue shows of a request: its project's profile, its lines and the approvals so far. */
const QUEUE_SELECT = {
  number: true,
  kind: true,
  submittedAt: true,
  projectId: true,
  project: { select: { name: true, securityLevel: true, processesPersonalData: true } },
  agency: { select: { code: true, nameVi: true, nameEn: true } },
  lines: { select: { resource: true, requested: true } },
  votes: { where: { discardedAt: null, kind: 'approve' }, select: { id: true } },
} satisfies Prisma.QuotaRequestSelect
type QueueRow = Prisma.QuotaRequestGetPayload<{ select: typeof QUEUE_SELECT }>

export async function loadQueue({
  db,
  locale,
  query,
  policy,
  now = new Date(),
}: {
  db: Db
  locale: Locale
  query: QueueQuery
  policy: ApprovalPolicy
  now?: Date
}) {
  const agency = query.agency
    ? await db.agency.findUnique({
        where: { code: query.agency },
        select: { id: true, code: true, nameVi: true, nameEn: true },
      })
    : null
  // An unknown agency code filters everything out.
  if (query.agency && !agency)
    return {
      page: { total: formatInteger(0, locale), previous: null, next: null } satisfies CursorPageInfo,
      agency: null,
      items: [],
    }
  const where = { state: 'submitted' as const, ...(agency ? { agencyId: agency.id } : {}) }
  const order: Direction = query.sort === 'newest' ? 'desc' : 'asc'
  /** One more row than a page, read from `from` in `direction` (the extra row says whether there is more). */
  const read = (from: Position | null, direction: Direction) =>
    db.quotaRequest.findMany({
      where: from ? { ...where, ...beyond(from, direction) } : where,
      orderBy: [{ submittedAt: direction }, { number: direction }],
      take: PAGE_SIZE + 1,
      select: QUEUE_SELECT,
    })
  const after = query.after ? decodePosition(query.after, Position) : null
  const before = !after && query.before ? decodePosition(query.before, Position) : null

  const [counted, pools, fetched] = await Promise.all([
    db.requestStateCount.aggregate({ where, _sum: { count: true } }),
    db.poolResource.findMany({ select: POOL_CAPACITY_SELECT }),
    read(after ?? before, before ? reverseOf(order) : order),
  ])
  const { rows, previous, next } = await pageOf(fetched, { read, order, after, before, afterCursor: query.after })
  const free = new Map(pools.map((p) => [p.resource, roomOf(p)]))
  // What the page's projects were granted within the window: the two-operator rule counts it too.
  const granted = await recentlyGranted(db, { projectIds: rows.map((row) => row.projectId), at: now, policy })
  return {
    page: { total: formatInteger(counted._sum.count ?? 0, locale), previous, next } satisfies CursorPageInfo,
    /** The agency filtered on, with its name for the filter field; null when none (or unknown). */
    agency: agency ? { code: agency.code, name: agencyName(agency, locale) } : null,
    items: rows.map((row) => queueItem(row, { locale, policy, now, free, granted })),
  }
}

const reverseOf = (direction: Direction): Direction => (direction === 'asc' ? 'desc' : 'asc')

/**
 * The page's rows in the queue's order and the positions of the pages before and after it, from
 * the rows read at the position (one more than a page, backwards when going to `before`).
 */
async function pageOf(
  fetched: QueueRow[],
  at: {
    read: (from: Position | null, direction: Direction) => Promise<QueueRow[]>
    order: Direction
    after: Position | null
    before: Position | null
    afterCursor: string | undefined
  },
): Promise<{ rows: QueueRow[]; previous: string | null; next: string | null }> {
  let rows = fetched
  if (at.before) {
    // Read backwards from the position; fewer than a page back means this is the first page
    // (requests decided meanwhile): show the first page whole instead of a short one.
    if (rows.length <= PAGE_SIZE) {
      rows = await at.read(null, at.order)
      const next = rows.length > PAGE_SIZE ? positionOf(rows[PAGE_SIZE - 1]!) : null
      return { rows: rows.slice(0, PAGE_SIZE), previous: null, next }
    }
    rows = rows.slice(0, PAGE_SIZE).reverse()
    return { rows, previous: positionOf(rows[0]!), next: positionOf(rows[PAGE_SIZE - 1]!) }
  }
  const next = rows.length > PAGE_SIZE ? positionOf(rows[PAGE_SIZE - 1]!) : null
  rows = rows.slice(0, PAGE_SIZE)
  // Past the first page there is always something before: the page that linked here.
  const previous = at.after ? (rows[0] ? positionOf(rows[0]) : (at.afterCursor ?? null)) : null
  return { rows, previous, next }
}

/** One line of the queue: who asks for what, how long it has waited, what it still needs, whether it fits. */
function queueItem(
  row: QueueRow,
  context: {
    locale: Locale
    policy: ApprovalPolicy
    now: Date
    free: ReadonlyMap<string, bigint>
    granted: ReadonlyMap<string, readonly LineItem[]>
  },
) {
  const { locale, policy, now, free, granted } = context
  const lines: LineItem[] = row.lines.map((l) => ({ resource: l.resource as ResourceKey, amount: l.requested }))
  return {
    number: row.number,
    project: row.project.name,
    agency: agencyName(row.agency, locale),
    kind: row.kind,
    submittedAt: formatOptionalDateTime(row.submittedAt, locale),
    waitingDays: row.submittedAt ? Math.floor((now.getTime() - row.submittedAt.getTime()) / 86_400_000) : 0,
    approvals: row.votes.length,
    approvalsRequired: operatorApprovalsRequired({ kind: row.kind, lines }, policy, granted.get(row.projectId) ?? []),
    needsSignOff: requestNeedsSignOff(
      { kind: row.kind },
      {
        securityLevel: row.project.securityLevel as SecurityLevel,
        processesPersonalData: row.project.processesPersonalData,
      },
      policy,
    ),
    fits: requestFits(free, row.kind, lines),
  }
}

/** The agency filter's choices: active agencies by Vietnamese name, fetched only when the filter is used. */
export async function loadQueueAgencies({ db, locale }: { db: Db; locale: Locale }) {
  const agencies = await db.agency.findMany({
    where: { status: 'active' },
    select: { code: true, nameVi: true, nameEn: true },
    orderBy: { nameVi: 'asc' },
  })
  return agencies.map((a) => ({ code: a.code, name: agencyName(a, locale) }))
}
