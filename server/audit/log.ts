import { atTransactionEnd, type Db, type Tx } from '../db/client'
import { hash as sha256 } from 'node:crypto'
import { currentRequestId } from '../observability/log'
import { GENESIS_HASH, entryContent, type AuditRecord } from './chain'
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
// The lock is held until the surrounding transaction ends, so it is taken as late as it can be: at
// the end of the transaction, after every row it writes (decision 0082). Taken earlier, it made
// deadlocks: a request's creation appended its entry, then submitted the draft, which waited for
// the agency's count row an approval held while that approval waited for the chain's lock.
const AUDIT_CHAIN_LOCK = 0x4155444954n // "AUDIT"

/** An entry as the caller gave it, its snapshots taken then: what the chain's fields are added to. */
type QueuedEntry = Omit<AuditRecord, 'seq' | 'at'> & { calledAt: number }

/** The entries each open transaction has appended so far, written at its end. */
const queues = new WeakMap<Tx, QueuedEntry[]>()

/**
 * Appends one entry in the caller's transaction, so the entry exists if and only if the change it
 * describes was committed. The entry is written, under the chain's lock, when the transaction's
 * callback has returned (server/db/transaction-end.ts): after every row the transaction writes,
 * whatever the order of the caller's steps, so the chain's lock is always the last one taken and
 * its holder never waits for a row (decision 0082). Entries of one transaction keep their order.
 * Until then the transaction itself does not see them: nothing reads its own entries back.
 * Throws at once when `tx` is not a transaction of a client made by createDb.
 */
export function appendAudit(tx: Tx, input: AuditInput): Promise<void> {
  let queue = queues.get(tx)
  if (!queue) {
    const entries: QueuedEntry[] = []
    atTransactionEnd(tx, () => writeEntries(tx, entries))
    queues.set(tx, entries)
    queue = entries
  }
  queue.push(queuedEntry(input))
  return Promise.resolve()
}

/**
 * Audit an event that changes no state (a denial, say) in a transaction of its own. Its entry is
 * the transaction's only write, so the chain's lock is its first and last lock; answers where
 * the entry stands in the chain.
 */
export function recordAudit(db: Db, input: AuditInput): Promise<{ seq: bigint; hash: string }> {
  return db.$transaction((tx) => writeEntries(tx, [queuedEntry(input)]))
}

/** The entry's fields as of the call: the snapshots (a caller may change its objects later), the request id. */
function queuedEntry(input: AuditInput): QueuedEntry {
  return {
    calledAt: Date.now(),
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
    // The request (or the job, or the request that queued it) this change is part of: its log lines carry it too.
    requestId: currentRequestId() ?? null,
  }
}

/** Takes the chain's lock and links the entries after the last one, in order. Answers the last written. */
async function writeEntries(tx: Tx, entries: readonly QueuedEntry[]): Promise<{ seq: bigint; hash: string }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`
  const last = await tx.auditEntry.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true, at: true } })
  let link = { seq: last?.seq ?? 0n, hash: last?.hash ?? GENESIS_HASH, at: last?.at.getTime() ?? 0 }
  for (const { calledAt, ...fields } of entries) {
    const record: AuditRecord = {
      ...fields,
      seq: link.seq + 1n,
      // Millisecond precision: what PostgreSQL's timestamp(3) keeps, so the hash verifies after a round trip.
      // Never before the previous entry (another process's clock may be ahead), so that time follows
      // seq and a search by time is a range of seq (decision 0037).
      at: new Date(Math.max(Math.floor(calledAt), link.at)),
    }
    const content = entryContent(link.hash, record)
    const hash = sha256('sha256', content, 'hex')
    await insertEntry(tx, hash, content)
    link = { seq: record.seq, hash, at: record.at.getTime() }
  }
  return { seq: link.seq, hash: link.hash }
}

/** Plain JSON for the before/after snapshots: bigints become strings, undefined disappears. */
function toJson(value: unknown): never | null {
  if (value === undefined || value === null) return null
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as never
}
