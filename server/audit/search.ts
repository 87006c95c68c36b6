import { z } from 'zod'
import type { Db } from '../db/client'
import type { Prisma } from '../db/generated/client'
import { agencyCodeFilter, namespaceFilter } from '../domain/search-filters'
import { ANY_REQUEST_ID } from '../observability/log'

// The security officer's search of the audit trail (decision 0037): who, agency, project, action,
// outcome, a time range and the request that wrote them (its reference), newest first, a page at a time by seq (keyset: `before` gives the
// page of older entries, `after` the newer ones), so the thousandth page costs what the first does.
// Each filter is an equality on an indexed column followed by seq ((agencyId, seq), (actorId, seq),
// (action, seq), (outcome, seq), (entityType, entityId, seq), (requestId, seq)); the plans at a million entries are
// in the decision. The page and the API share this; they authorise first (audit.read).

export const OUTCOMES = ['ok', 'denied', 'failed'] as const

/** What may be asked for, as the page's query string and the API's parameters both carry it. */
export const AuditSearch = z.strictObject({
  /** A person: part of their name or their username, or an actor id exactly (system:expiry …). */
  actor: z.string().trim().min(2).max(100).optional(),
  /** An agency's code. */
  agency: agencyCodeFilter.optional(),
  /** A project's namespace: its own entries and its requests'. */
  project: namespaceFilter.optional(),
  action: z
    .string()
    .regex(/^[a-z0-9_.:-]{2,80}$/)
    .optional(),
  outcome: z.enum(OUTCOMES).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  /** The request (or job) that wrote them: the reference an error page, a form or X-Request-Id showed (decision 0070). */
  request: z.string().trim().regex(ANY_REQUEST_ID).optional(),
})
export type AuditSearch = z.infer<typeof AuditSearch>

/** Where a page starts: older than `before`, or newer than `after`; neither, the newest. */
export type AuditPosition = { before?: bigint; after?: bigint }

const ENTRY_SELECT = {
  seq: true,
  at: true,
  actorId: true,
  actorLabel: true,
  action: true,
  entityType: true,
  entityId: true,
  agencyId: true,
  outcome: true,
  before: true,
  after: true,
  sourceIp: true,
  userAgent: true,
  requestId: true,
  prevHash: true,
  hash: true,
} satisfies Prisma.AuditEntrySelect
export type FoundEntry = Prisma.AuditEntryGetPayload<{ select: typeof ENTRY_SELECT }>

export type AuditPage = {
  entries: FoundEntry[]
  /** The positions of the neighbouring pages (seq), null at either end. */
  older: bigint | null
  newer: bigint | null
}

/**
 * The filters as a where clause: names resolved to ids (people, an agency, a project and its
 * requests). null when a name matches nothing, so that the search finds nothing rather than all.
 */
export async function whereOf(db: Db, search: AuditSearch): Promise<Prisma.AuditEntryWhereInput | null> {
  const [actorIds, agencyId, entities] = await Promise.all([
    search.actor ? actorIdsOf(db, search.actor) : undefined,
    search.agency
      ? db.agency.findUnique({ where: { code: search.agency }, select: { id: true } }).then((a) => a?.id ?? null)
      : undefined,
    search.project ? projectEntitiesOf(db, search.project) : undefined,
  ])
  if (actorIds?.length === 0 || agencyId === null || entities === null) return null
  const where: Prisma.AuditEntryWhereInput = {}
  if (actorIds) where.actorId = actorIds.length === 1 ? actorIds[0]! : { in: actorIds }
  if (agencyId) where.agencyId = agencyId
  if (entities) where.OR = entities
  if (search.action) where.action = search.action
  if (search.outcome) where.outcome = search.outcome
  if (search.request) where.requestId = search.request
  const at = timeRange(search)
  if (at) {
    const seq = await seqRangeOf(db, at)
    if (seq === null) return null
    where.at = at
    where.seq = seq
  }
  return where
}

/**
 * The seq range a time range covers: times follow seq (appendAudit never writes a time before the
 * previous entry's), so one probe of the (at, seq) index at each end turns the range into seq
 * bounds, and the page is read backwards from the end of the range rather than from the newest
 * entry. The filter on time stays, for entries written before times were kept in order.
 */
export async function seqRangeOf(db: Db, at: { gte?: Date; lt?: Date }): Promise<Prisma.BigIntFilter | null> {
  const [first, last] = await Promise.all([
    at.gte
      ? db.auditEntry.findFirst({
          where: { at: { gte: at.gte } },
          orderBy: [{ at: 'asc' }, { seq: 'asc' }],
          select: { seq: true },
        })
      : undefined,
    at.lt
      ? db.auditEntry.findFirst({
          where: { at: { lt: at.lt } },
          orderBy: [{ at: 'desc' }, { seq: 'desc' }],
          select: { seq: true },
        })
      : undefined,
  ])
  if (first === null || last === null) return null
  return { ...(first ? { gte: first.seq } : {}), ...(last ? { lte: last.seq } : {}) }
}

/** A person named by part of their name or their username (up to 50 of them), or an actor id as written. */
async function actorIdsOf(db: Db, actor: string): Promise<string[]> {
  const people = await db.user.findMany({
    where: {
      OR: [
        { username: { equals: actor, mode: 'insensitive' } },
        { displayName: { contains: actor, mode: 'insensitive' } },
      ],
    },
    select: { id: true },
    take: 50,
  })
  return [...new Set([...people.map((p) => p.id), actor])]
}

async function projectEntitiesOf(db: Db, namespace: string): Promise<Prisma.AuditEntryWhereInput[] | null> {
  const project = await db.project.findUnique({
    where: { namespace },
    select: { id: true, requests: { select: { id: true } } },
  })
  if (!project) return null
  return [
    { entityType: 'Project', entityId: project.id },
    ...(project.requests.length > 0
      ? [{ entityType: 'QuotaRequest', entityId: { in: project.requests.map((r) => r.id) } }]
      : []),
  ]
}

// Dates without a time are days in the console's time zone (Asia/Ho_Chi_Minh, as
// server/i18n/format.ts shows times; Việt Nam keeps no daylight saving time).
const CONSOLE_UTC_OFFSET = '+07:00'

/** From the start of `from` to the end of `to` (a date alone: that whole day in Việt Nam). */
function timeRange(search: AuditSearch): { gte?: Date; lt?: Date } | null {
  if (!search.from && !search.to) return null
  const instant = (value: string, dayEnd: boolean): Date => {
    if (value.length !== 10) return new Date(value)
    const start = new Date(`${value}T00:00:00${CONSOLE_UTC_OFFSET}`)
    return dayEnd ? new Date(start.getTime() + 86_400_000) : start
  }
  return {
    ...(search.from ? { gte: instant(search.from, false) } : {}),
    ...(search.to ? { lt: instant(search.to, true) } : {}),
  }
}

/** One page of entries matching `where`, newest first, at `position`. */
export async function findPage(
  db: Db,
  where: Prisma.AuditEntryWhereInput | null,
  position: AuditPosition,
  size: number,
): Promise<AuditPage> {
  if (where === null) return { entries: [], older: null, newer: null }
  const forward = position.after === undefined
  const rows = await db.auditEntry.findMany({
    where: {
      AND: [
        where,
        position.before !== undefined ? { seq: { lt: position.before } } : {},
        position.after !== undefined ? { seq: { gt: position.after } } : {},
      ],
    },
    orderBy: { seq: forward ? 'desc' : 'asc' },
    take: size + 1,
    select: ENTRY_SELECT,
  })
  const more = rows.length > size
  const entries = forward ? rows.slice(0, size) : rows.slice(0, size).reverse()
  if (entries.length === 0) return { entries, older: null, newer: null }
  // Reading backwards, a short page means the newest: show the first page whole instead.
  if (!forward && !more) return findPage(db, where, {}, size)
  return {
    entries,
    older: forward ? (more ? entries.at(-1)!.seq : null) : entries.at(-1)!.seq,
    newer: forward ? (position.before !== undefined ? entries[0]!.seq : null) : entries[0]!.seq,
  }
}

/**
 * The actions the trail holds, for the search's choices: a walk of the (action, seq) index that
 * jumps from one action to the next (a few dozen probes, however long the trail).
 */
export async function knownActions(db: Db): Promise<string[]> {
  const rows = await db.$queryRaw<{ action: string }[]>`
    WITH RECURSIVE actions AS (
      (SELECT "action" FROM "AuditEntry" ORDER BY "action" LIMIT 1)
      UNION ALL
      SELECT (SELECT e."action" FROM "AuditEntry" e WHERE e."action" > a."action" ORDER BY e."action" LIMIT 1)
        FROM actions a WHERE a."action" IS NOT NULL
    )
    SELECT "action" FROM actions WHERE "action" IS NOT NULL`
  return rows.map((row) => row.action)
}

/**
 * The checkpoint that signed each of these entries, as the console indexed them: the first one
 * whose head reaches the entry (checkpoints cover the chain without gaps). Entries after the last
 * checkpoint are not in the map.
 */
export async function signingCheckpoints(db: Db, seqs: readonly bigint[]): Promise<Map<bigint, number>> {
  if (seqs.length === 0) return new Map()
  const rows = await db.$queryRaw<{ seq: bigint; number: number | null }[]>`
    SELECT s.seq, (SELECT c."number" FROM "AuditCheckpoint" c WHERE c."headSeq" >= s.seq
                    ORDER BY c."headSeq", c."number" LIMIT 1) AS "number"
      FROM unnest(${seqs.map(String)}::bigint[]) AS s(seq)`
  return new Map(rows.flatMap((row) => (row.number === null ? [] : [[BigInt(row.seq), row.number] as const])))
}
