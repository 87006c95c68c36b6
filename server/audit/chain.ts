import { hash } from 'node:crypto'

// The pure half of the tamper-evident audit log: what an entry is, how it is serialised and how
// each entry's hash covers the one before it. Changing any field of any stored entry (or deleting
// or reordering entries) breaks the chain from that entry on.
//
// The bytes are fixed: every entry ever written was hashed over them. They are written once, when
// the entry is appended, and stored beside its columns (`content`); the verifier hashes them as
// stored and PostgreSQL checks the columns against them (stored-entries.ts), so nothing is written
// again to verify (decision 0036). The writing below is tuned all the same (bench/audit-verify.ts),
// and chain.test.ts holds the first, plain implementation and checks that it gives the same bytes.

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
  /**
   * The request (or job) that wrote the entry (decision 0070). Hashed when set; an entry without
   * one (all before 2026-12-07) is written without the field, so its bytes are what they were.
   */
  requestId?: string | null
}

/**
 * JSON with object keys sorted at every depth and bigints as decimal strings, so that the same
 * content always gives the same bytes (PostgreSQL's jsonb does not keep key order). As
 * JSON.stringify writes any object, integer-like keys ("7", "10") come first in numeric order.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedForJson(value)) ?? 'null'
}

/**
 * The value with its objects' keys inserted in sorted order, for one native JSON.stringify; the
 * same objects, not copies, where they already are (most snapshots are small and flat).
 */
function sortedForJson(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (typeof value !== 'object' || value === null || value instanceof Date) return value
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i]
      const sorted = sortedForJson(item)
      if (sorted !== item) (copy ??= value.slice())[i] = sorted
    }
    return copy ?? value
  }
  return sortedObject(value as Record<string, unknown>)
}

function sortedObject(value: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(value)
  let inOrder = true
  for (let i = 1; i < keys.length && inOrder; i++) inOrder = keys[i - 1]! < keys[i]!
  if (!inOrder) keys.sort()
  let copy: Record<string, unknown> | null = inOrder ? null : {}
  for (let i = 0; i < keys.length; i++) {
    const item = value[keys[i]!]
    const sorted = sortedForJson(item)
    if (sorted !== item && copy === null) {
      copy = {}
      for (let j = 0; j < i; j++) copy[keys[j]!] = value[keys[j]!]
    }
    if (copy !== null) copy[keys[i]!] = sorted
  }
  return copy ?? value
}

// Who, what and from where repeat from entry to entry: their JSON is kept rather than written again.
const quoted = new Map<string, string>()
function quote(value: string | null): string {
  if (value === null) return 'null'
  let json = quoted.get(value)
  if (json === undefined) {
    json = JSON.stringify(value)
    if (quoted.size >= 10_000) quoted.clear()
    quoted.set(value, json)
  }
  return json
}

// Entries come in time order: the date, hour and minute are written once a minute.
let minuteOf = Number.NaN
let minutePrefix = ''
function isoTime(at: Date): string {
  const ms = at.getTime()
  const minute = Math.floor(ms / 60_000)
  if (minute === minuteOf) {
    const rest = ms - minute * 60_000
    const seconds = Math.floor(rest / 1000)
    const millis = rest % 1000
    return `${minutePrefix}${seconds < 10 ? '0' : ''}${seconds}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`
  }
  const iso = at.toISOString()
  // Years 0000–9999 only (the form is then fixed-width); others are written whole each time.
  if (iso.length === 24) {
    minuteOf = minute
    minutePrefix = iso.slice(0, 17)
  }
  return iso
}

/** `,"key":json` for a JSON field, nothing when it is undefined (canonicalJson leaves it out). */
const jsonField = (key: string, value: unknown): string =>
  value === undefined ? '' : `,"${key}":${canonicalJson(value)}`

/** `,"requestId":"…"` when the entry has one, nothing when not (canonicalJson leaves a missing field out). */
const requestIdField = (requestId: string | null | undefined): string =>
  requestId === null || requestId === undefined ? '' : `,"requestId":${JSON.stringify(requestId)}`

/**
 * The bytes an entry's hash covers: canonicalJson of the record with its seq as a decimal string,
 * its time in ISO 8601 and the previous entry's hash, written field by field in canonicalJson's
 * key order; its request id only when it has one.
 */
export function entryContent(prevHash: string, record: AuditRecord): string {
  return (
    `{"action":${quote(record.action)},"actorId":${quote(record.actorId)},"actorLabel":${quote(record.actorLabel)}` +
    `${jsonField('after', record.after)},"agencyId":${quote(record.agencyId)},"at":"${isoTime(record.at)}"` +
    `${jsonField('before', record.before)},"entityId":${JSON.stringify(record.entityId)}` +
    `,"entityType":${quote(record.entityType)},"outcome":${quote(record.outcome)},"prevHash":${JSON.stringify(prevHash)}` +
    requestIdField(record.requestId) +
    `,"seq":"${record.seq.toString()}","sourceIp":${quote(record.sourceIp)},"userAgent":${quote(record.userAgent)}}`
  )
}

export type StoredAuditRecord = AuditRecord & { prevHash: string; hash: string; content: string }

/**
 * An entry as the verifier reads it: its place in the chain, the bytes its hash covers as stored,
 * and whether its columns (what the console shows and searches) are those bytes' fields.
 */
export type HashedEntry = { seq: bigint; prevHash: string; hash: string; content: string; columnsAgree: boolean }

/**
 * The exact check of a stored entry's columns against its content: its columns written again are
 * its content, byte for byte. PostgreSQL's comparison stands in for it when the verifier reads
 * (stored-entries.ts); this is the fallback, and the tests' definition.
 */
export function hashedEntry(record: StoredAuditRecord): HashedEntry {
  const { seq, prevHash, hash, content } = record
  return { seq, prevHash, hash, content, columnsAgree: entryContent(prevHash, record) === content }
}

/**
 * What is wrong with one entry as the successor of `prev`: its link, or its own hash (its columns
 * not its content count as its content changed); null when nothing.
 */
export function linkProblem(entry: HashedEntry, prev: string): 'link_mismatch' | 'hash_mismatch' | null {
  if (!entry.columnsAgree) return 'hash_mismatch'
  if (entry.prevHash !== prev) return 'link_mismatch'
  if (hash('sha256', entry.content, 'hex') !== entry.hash) return 'hash_mismatch'
  return null
}
