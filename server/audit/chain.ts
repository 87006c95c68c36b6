import { createHash } from 'node:crypto'

// The pure half of the tamper-evident audit log: what an entry is, how it is serialised and how
// each entry's hash covers the one before it. Changing any field of any stored entry (or deleting
// or reordering entries) breaks the chain from that entry on.

export const GENESIS_HASH = '0'.repeat(64)

export type AuditRecord = {
  seq: bigint
  at: Date
  actorId: string | null
  actorLabel: string
  action: string
  entityType: string
  entityId: string
  agencyId: string | null
  outcome: string
  before: unknown
  after: unknown
  sourceIp: string | null
  userAgent: string | null
}

/**
 * JSON with object keys sorted at every depth and bigints as decimal strings, so that the same
 * content always gives the same bytes (PostgreSQL's jsonb does not keep key order).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value))
}

function normalise(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map(normalise)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key]
      if (v !== undefined) out[key] = normalise(v)
    }
    return out
  }
  return value
}

export function entryHash(prevHash: string, record: AuditRecord): string {
  const content = canonicalJson({ ...record, seq: record.seq.toString(), at: record.at.toISOString(), prevHash })
  return createHash('sha256').update(content, 'utf8').digest('hex')
}

export type StoredAuditRecord = AuditRecord & { prevHash: string; hash: string }

export type ChainVerdict =
  | { intact: true; entries: number }
  | { intact: false; entries: number; firstBrokenSeq: bigint; reason: 'hash_mismatch' | 'link_mismatch' }

/**
 * Walks entries in sequence order. `expectedPrev` carries the previous entry's hash across
 * batches so that a long log can be verified in pages without holding it in memory.
 */
export function verifyBatch(
  records: StoredAuditRecord[],
  expectedPrev: string,
): { verdict: ChainVerdict | null; lastHash: string; checked: number } {
  let prev = expectedPrev
  let checked = 0
  for (const record of records) {
    if (record.prevHash !== prev) {
      return {
        verdict: { intact: false, entries: checked, firstBrokenSeq: record.seq, reason: 'link_mismatch' },
        lastHash: prev,
        checked,
      }
    }
    const { prevHash, hash, ...content } = record
    if (entryHash(prevHash, content) !== hash) {
      return {
        verdict: { intact: false, entries: checked, firstBrokenSeq: record.seq, reason: 'hash_mismatch' },
        lastHash: prev,
        checked,
      }
    }
    prev = hash
    checked++
  }
  return { verdict: null, lastHash: prev, checked }
}
