import type { Db, Tx } from '../db/client'
import { hash as sha256 } from 'node:crypto'
import { GENESIS_HASH, entryContent } from './chain'
import { insertEntry } from './stored-entries'

export { verifyAuditChain } from './verify'

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
  const last = await tx.auditEntry.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true, at: true } })
  const seq = (last?.seq ?? 0n) + 1n
  const prevHash = last?.hash ?? GENESIS_HASH
  const record = {
    seq,
    // Millisecond precision: what PostgreSQL's timestamp(3) keeps, so the hash verifies after a round trip.
    // Never before the previous entry (another process's clock may be ahead), so that time follows
    // seq and a search by time is a range of seq (decision 0037).
    at: new Date(Math.max(Math.floor(Date.now()), last?.at.getTime() ?? 0)),
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
  const content = entryContent(prevHash, record)
  const hash = sha256('sha256', content, 'hex')
  await insertEntry(tx, hash, content)
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
