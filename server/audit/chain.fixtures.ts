import { hash } from 'node:crypto'
import { GENESIS_HASH, entryContent, hashedEntry, type HashedEntry, type StoredAuditRecord } from './chain'

// Chains for the audit module's unit tests.

/** `n` entries of one approval each, chained from the genesis hash. */
export function chain(n: number): StoredAuditRecord[] {
  return rehashFrom(
    Array.from({ length: n }, (_, index) => ({
      seq: BigInt(index + 1),
      at: new Date(Date.UTC(2026, 10, 25, 8, 0, index + 1)),
      actorId: 'u1',
      actorLabel: 'Nguyễn Văn An',
      action: 'request.approve',
      entityType: 'QuotaRequest',
      entityId: `r${index + 1}`,
      agencyId: null,
      outcome: 'ok',
      before: { state: 'submitted' },
      after: { state: 'approved', cpu: '4000' },
      sourceIp: '127.0.0.1',
      userAgent: 'test',
      prevHash: '',
      hash: '',
      content: '',
    })),
    0,
  )
}

/** The entries with every hash from `index` on recomputed, as someone rewriting history would. */
export function rehashFrom(entries: readonly StoredAuditRecord[], index: number): StoredAuditRecord[] {
  const out = entries.slice(0, index)
  let prev = out.at(-1)?.hash ?? GENESIS_HASH
  for (const entry of entries.slice(index)) {
    const content = entryContent(prev, entry)
    const digest = hash('sha256', content, 'hex')
    out.push({ ...entry, prevHash: prev, hash: digest, content })
    prev = digest
  }
  return out
}

/** The entries as the verifier reads them, their columns checked against their content exactly. */
export const hashed = (entries: readonly StoredAuditRecord[]): HashedEntry[] => entries.map(hashedEntry)
