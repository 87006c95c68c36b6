import type { Db } from '../db/client'
import { readCheckpoint } from './checkpoint'
import { TrailReportJson } from './report'
import { staleAfterMs, type AuditReader } from './settings'

// The trail's integrity as the console and the API show it (decision 0036), from the database
// alone: the last checkpoint the worker indexed, read from its copy with the signature checked (so
// a row written by someone without the key shows as not verified, and one deleted leaves an older,
// stale checkpoint last), and the report of the last full verification (which reads the bucket).

export type LastCheckpoint = {
  number: number
  /** The copy's signature holds and it is the checkpoint the row says. */
  verified: boolean
  createdAt: Date | null
  headSeq: number | null
  /** Older than the setting allows, or not verified. */
  stale: boolean
}

export async function lastCheckpoint(db: Db, reader: AuditReader, now: Date): Promise<LastCheckpoint | null> {
  const row = await db.auditCheckpoint.findFirst({ orderBy: { number: 'desc' } })
  if (!row) return null
  const stored = { key: row.objectKey, bytes: Buffer.from(row.body), signature: row.signature }
  const read = reader.publicKey ? readCheckpoint(stored, reader.publicKey) : null
  const signed = read?.ok && read.checkpoint.checkpoint.number === row.number ? read.checkpoint.checkpoint : null
  return {
    number: row.number,
    verified: signed !== null,
    createdAt: signed ? new Date(signed.createdAt) : null,
    headSeq: signed?.head.seq ?? null,
    stale: !signed || now.getTime() - Date.parse(signed.createdAt) > staleAfterMs(reader.settings),
  }
}

/** The last full verification's report, and who asked for it (null: the periodic run). */
export async function lastVerification(db: Db): Promise<(TrailReportJson & { requestedBy: string | null }) | null> {
  const row = await db.auditVerification.findFirst({ orderBy: { id: 'desc' } })
  const report = row ? TrailReportJson.safeParse(row.report) : null
  return report?.success ? { ...report.data, requestedBy: row!.requestedBy } : null
}
