import type { KeyObject } from 'node:crypto'
import type { Db } from '../db/client'
import type { Prisma } from '../db/generated/client'
import { canonicalJson } from './chain'
import { keyFingerprint } from './checkpoint'
import { EXPORT_README, VERIFY_PY } from './export-kit'
import { storedRecord } from './records'
import type { AuditSearch } from './search'
import { tarGzip, type TarFile } from './tar'

// An export of the audit trail for a third party (decision 0037): the entries a search finds, in
// CSV or JSON, each with the exact bytes its hash covers, the signed checkpoints that cover them
// (the worker's copies in AuditCheckpoint: the console holds no storage keys, decision 0032, and a
// copy changed in the database no longer verifies), the public key, the procedure and a script
// that follows it. One .tar.gz, built in memory: at most EXPORT_LIMIT entries.

export const EXPORT_LIMIT = 20_000
export const EXPORT_FORMATS = ['csv', 'json'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export class ExportTooLarge extends Error {
  override name = 'ExportTooLarge'
}

/** The database and the public key: checkpoints are exported from the copies the worker indexed (their signatures travel with them). */
export type ExportDeps = { db: Db; publicKey: KeyObject }

type ExportedEntry = ReturnType<typeof exportedEntry>

export async function exportBundle(
  deps: ExportDeps,
  input: { where: Prisma.AuditEntryWhereInput; search: AuditSearch; format: ExportFormat; by: string; now: Date },
): Promise<{ name: string; body: Buffer; entries: number }> {
  const rows = await deps.db.auditEntry.findMany({
    where: input.where,
    orderBy: { seq: 'asc' },
    take: EXPORT_LIMIT + 1,
  })
  if (rows.length > EXPORT_LIMIT) throw new ExportTooLarge(`more than ${EXPORT_LIMIT} entries`)
  const covering = await coveringCheckpoints(
    deps.db,
    rows.map((r) => r.seq),
  )
  const entries = rows.map((row) => exportedEntry(storedRecord(row), covering.of.get(row.seq) ?? null))
  const name = `audit-export-${input.now.toISOString().replace(/[:.]/g, '-')}`
  const fingerprint = keyFingerprint(deps.publicKey)
  const summary =
    entries.length === 0
      ? 'No entries.'
      : `${entries.length} entries, #${entries[0]!.seq}–#${entries.at(-1)!.seq}; ${covering.checkpoints.length} checkpoints.`
  const file = (path: string, body: Buffer | string): TarFile => ({ name: `${name}/${path}`, body, mtime: input.now })
  const files = [
    file(
      'README.md',
      EXPORT_README.replaceAll('{summary}', summary)
        .replaceAll('{bundle}', name)
        .replaceAll('{fingerprint}', fingerprint),
    ),
    file('verify.py', VERIFY_PY),
    file('public-key.pem', deps.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
    file(
      'export.json',
      `${JSON.stringify({ format: 'govcloud-audit-export/1', exportedAt: input.now.toISOString(), exportedBy: input.by, search: input.search, entries: entries.length }, null, 2)}\n`,
    ),
    input.format === 'json'
      ? file('entries.json', `${JSON.stringify({ entries }, null, 1)}\n`)
      : file('entries.csv', entriesCsv(entries)),
    ...covering.checkpoints.flatMap((c) => checkpointFiles(c, file)),
  ]
  return { name, body: tarGzip(files), entries: entries.length }
}

function exportedEntry(record: ReturnType<typeof storedRecord>, checkpoint: number | null) {
  // The content as stored: the bytes the hash covers, which verify.py also compares with the fields.
  const { seq, at, prevHash, hash, content, ...fields } = record
  return { seq: Number(seq), at: at.toISOString(), ...fields, prevHash, hash, checkpoint, content }
}

/**
 * The checkpoints covering at least one of `seqs` (ascending), and which covers each entry: the
 * console's index and copies, read in one query over the entries' range.
 */
async function coveringCheckpoints(db: Db, seqs: readonly bigint[]) {
  const of = new Map<bigint, number>()
  const checkpoints: { objectKey: string; body: Uint8Array; signature: string }[] = []
  if (seqs.length === 0) return { of, checkpoints }
  const rows = await db.auditCheckpoint.findMany({
    where: { headSeq: { gte: seqs[0]! }, firstSeq: { lte: seqs.at(-1)! } },
    orderBy: { number: 'asc' },
    select: { number: true, objectKey: true, firstSeq: true, headSeq: true, body: true, signature: true },
  })
  let index = 0
  for (const row of rows) {
    while (index < seqs.length && seqs[index]! < row.firstSeq) index++
    let covers = false
    while (index < seqs.length && seqs[index]! <= row.headSeq) {
      of.set(seqs[index]!, row.number)
      covers = true
      index++
    }
    if (covers) checkpoints.push(row)
  }
  return { of, checkpoints }
}

function checkpointFiles(
  checkpoint: { objectKey: string; body: Uint8Array; signature: string },
  file: (path: string, body: Buffer | string) => TarFile,
): TarFile[] {
  const key = checkpoint.objectKey
  const base = `checkpoints/${key.slice(key.lastIndexOf('/') + 1, -'.json'.length)}`
  return [
    file(`${base}.json`, Buffer.from(checkpoint.body)),
    file(`${base}.sig`, Buffer.from(checkpoint.signature, 'base64')),
  ]
}

const CSV_COLUMNS = [
  'seq',
  'at',
  'actorId',
  'actorLabel',
  'action',
  'entityType',
  'entityId',
  'agencyId',
  'outcome',
  'before',
  'after',
  'sourceIp',
  'userAgent',
  'requestId',
  'prevHash',
  'hash',
  'checkpoint',
  'content',
] as const satisfies readonly (keyof ExportedEntry)[]

/**
 * RFC 4180 with a header row. Nulls are empty cells; JSON fields are canonical JSON. A cell a
 * spreadsheet would read as a formula (= + - @, a tab or a return first) gets a leading ', as do
 * an empty text and one that starts with ' already, so that verify.py takes exactly one off.
 */
function entriesCsv(entries: readonly ExportedEntry[]): string {
  const cell = (value: string | number | null): string => {
    let text = value === null ? '' : String(value)
    if (value !== null && /^$|^[=+\-@\t\r']/.test(text)) text = `'${text}`
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
  }
  const lines = [CSV_COLUMNS.join(',')]
  for (const entry of entries) {
    lines.push(
      CSV_COLUMNS.map((column) =>
        cell(column === 'before' || column === 'after' ? canonicalJson(entry[column]) : textOf(entry[column])),
      ).join(','),
    )
  }
  return `${lines.join('\r\n')}\r\n`
}

/** A column's value as a cell holds it: text or a number as it is, null as nothing. */
function textOf(value: unknown): string | number | null {
  return typeof value === 'string' || typeof value === 'number' ? value : null
}
