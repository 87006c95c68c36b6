import { z } from 'zod'
import { AuditSearch, findPage, knownActions, signingCheckpoints, whereOf, type FoundEntry } from '#server/audit/search'
import type { Db } from '#server/db/client'
import { formatDateTime } from '#server/i18n/format'
import { translate, type Locale } from '#app/utils/i18n.server'
import { agencyName, formatInteger } from '#app/utils/labels.server'

// The search half of the audit page: the query string as the search and a position in the trail,
// one page of entries newest first (decision 0037), each with its place in the chain.

export const TRAIL_PAGE_SIZE = 25

const Seq = z
  .string()
  .regex(/^[1-9]\d{0,17}$/)
  .transform((value) => BigInt(value))

/** The page's query string: the search, and `before` (older than) or `after` (newer than) a seq. */
export const TrailQuery = AuditSearch.extend({ before: Seq.optional(), after: Seq.optional() })
export type TrailQuery = z.infer<typeof TrailQuery>

export type TrailRow = ReturnType<typeof trailRow>

export async function loadTrail(db: Db, query: TrailQuery, locale: Locale) {
  const { before, after, ...search } = query
  const where = await whereOf(db, search)
  const [page, actions] = await Promise.all([
    findPage(db, where, after !== undefined ? { after } : before !== undefined ? { before } : {}, TRAIL_PAGE_SIZE),
    knownActions(db),
  ])
  const [agencies, signedBy] = await Promise.all([
    db.agency.findMany({
      where: { id: { in: [...new Set(page.entries.flatMap((e) => (e.agencyId ? [e.agencyId] : [])))] } },
      select: { id: true, code: true, nameVi: true, nameEn: true },
    }),
    signingCheckpoints(
      db,
      page.entries.map((e) => e.seq),
    ),
  ])
  const agencyById = new Map(agencies.map((a) => [a.id, a]))
  const rows = page.entries.map((entry) =>
    trailRow(entry, { locale, agencyById, checkpoint: signedBy.get(entry.seq) ?? null }),
  )
  return {
    search,
    actions,
    rows,
    range:
      rows.length > 0
        ? translate(locale, 'audit.range', { newest: rows[0]!.seqText, oldest: rows.at(-1)!.seqText })
        : null,
    older: page.older?.toString() ?? null,
    newer: page.newer?.toString() ?? null,
  }
}

const short = (hash: string) => hash.slice(0, 12)

/** One line of the trail as the page shows it (all text, formatted for the locale). */
function trailRow(
  entry: FoundEntry,
  context: {
    locale: Locale
    agencyById: ReadonlyMap<string, { code: string; nameVi: string; nameEn: string }>
    checkpoint: number | null
  },
) {
  const { locale, agencyById, checkpoint } = context
  const agency = entry.agencyId ? agencyById.get(entry.agencyId) : undefined
  return {
    seq: entry.seq.toString(),
    seqText: formatInteger(entry.seq, locale),
    at: formatDateTime(entry.at, locale),
    atIso: entry.at.toISOString(),
    actor: entry.actorLabel,
    actorId: entry.actorId,
    action: entry.action,
    outcome: entry.outcome,
    agency: agency ? agencyName(agency, locale) : null,
    agencyCode: agency?.code ?? null,
    entity: `${entry.entityType} ${entry.entityId}`,
    chain: {
      hash: entry.hash,
      hashes: translate(locale, 'audit.chain.hashes', { hash: short(entry.hash), prev: short(entry.prevHash) }),
      signed: checkpoint
        ? translate(locale, 'audit.chain.signed', { checkpoint })
        : translate(locale, 'audit.chain.unsigned'),
      checkpoint,
    },
    source:
      entry.sourceIp || entry.userAgent
        ? translate(locale, 'audit.details.source', { ip: entry.sourceIp ?? '—', agent: entry.userAgent ?? '—' })
        : null,
    // The reference a person was shown for the request that made it (decision 0070).
    request: entry.requestId
      ? {
          text: translate(locale, 'audit.details.request', { reference: entry.requestId }),
          // Every entry of that request: the search by reference.
          href: `/audit?${new URLSearchParams({ request: entry.requestId }).toString()}`,
        }
      : null,
    before: entry.before === null || entry.before === undefined ? null : JSON.stringify(entry.before, null, 1),
    after: entry.after === null || entry.after === undefined ? null : JSON.stringify(entry.after, null, 1),
  }
}
