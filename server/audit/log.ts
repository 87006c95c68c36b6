import type { Db, Tx } from '../db/client'
import { GENESIS_HASH, entryHash, verifyBatch, type ChainVerdict, type StoredAuditRecord } from './chain'

export type Actor = { id: string | null; label: string }
/** Where a change came from: the client's address and user agent, when there is a client. */
export type Origin = { ip?: string | null; userAgent?: string | null }

export type AuditInput = {
  actor: Actor
  action: string
  entityType: string
  entityId: string
  agencyId?: string | null
  outcome?: 'ok' | 'denied' | 'failed'
  before?: unknown
  after?: unknown
  origin?: Origin
}

// One key for the whole log: appends are serialised so that each entry links to the true last one.
// The lock is held only until the surrounding transaction ends, and taken last in that transaction
// by convention (call appendAudit after the state change), so it is held briefly.
const AUDIT_CHAIN_LOCK = 0x4155444954n // "AUDIT"

/**
 * Appends one entry in the caller's transaction, so the entry exists if and only if the change it
 * describes was committed.
 */
export async function appendAudit(tx: Tx, input: AuditInput): Promise<{ seq: bigint; hash: string }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`
  const last = await tx.auditEntry.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } })
  const seq = (last?.seq ?? 0n) + 1n
  const prevHash = last?.hash ?? GENESIS_HASH
  const record = {
    seq,
    // Millisecond precision: what PostgreSQL's timestamp(3) keeps, so the hash verifies after a round trip.
    at: new Date(Math.floor(Date.now())),
    actorId: input.actor.id,
    actorLabel: input.actor.label,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    agencyId: input.agencyId ?? null,
    outcome: input.outcome ?? 'ok',
    before: toJson(input.before),
    after: toJson(input.after),
    sourceIp: input.origin?.ip ?? null,
    userAgent: input.origin?.userAgent ?? null,
  }
  const hash = entryHash(prevHash, record)
  await tx.auditEntry.create({
    data: { ...record, before: record.before ?? undefined, after: record.after ?? undefined, prevHash, hash },
    select: { seq: true },
  })
  return { seq, hash }
}

/** Audit an event that changes no state (a denial, say) in a transaction of its own. */
export function recordAudit(db: Db, input: AuditInput): Promise<{ seq: bigint; hash: string }> {
  return db.$transaction((tx) => appendAudit(tx, input))
}

/** Plain JSON for the before/after snapshots: bigints become strings, undefined disappears. */
function toJson(value: unknown): never | null {
  if (value === undefined || value === null) return null
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as never
}

/** Recompute the whole chain in pages; names the first entry whose content or link was altered. */
export async function verifyAuditChain(db: Db, pageSize = 2000): Promise<ChainVerdict> {
  let prev = GENESIS_HASH
  let after = 0n
  let entries = 0
  let expectedSeq = 1n
  for (;;) {
    const rows = await db.auditEntry.findMany({
      where: { seq: { gt: after } },
      orderBy: { seq: 'asc' },
      take: pageSize,
    })
    if (rows.length === 0) return { intact: true, entries }
    for (const row of rows) {
      // A deleted entry leaves a gap in the sequence even when the rest still links up.
      if (row.seq !== expectedSeq)
        return { intact: false, entries, firstBrokenSeq: expectedSeq, reason: 'link_mismatch' }
      expectedSeq++
    }
    const { verdict, lastHash, checked } = verifyBatch(rows.map(toStored), prev)
    entries += checked
    if (verdict) return { ...verdict, entries }
    prev = lastHash
    after = rows.at(-1)!.seq
  }
}

/** A row as Prisma reads it: the JSON columns may come back undefined; the chain hashes null. */
function toStored(row: StoredAuditRecord): StoredAuditRecord {
  return { ...row, before: row.before ?? null, after: row.after ?? null }
}
