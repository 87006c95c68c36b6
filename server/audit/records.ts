import type { StoredAuditRecord } from './chain'

/**
 * An AuditEntry row as the chain hashes it: Prisma reads an SQL NULL in a JSON column as
 * undefined or null depending on the query; the chain always hashed null.
 */
export function storedRecord(row: StoredAuditRecord): StoredAuditRecord {
  return { ...row, before: row.before ?? null, after: row.after ?? null }
}
