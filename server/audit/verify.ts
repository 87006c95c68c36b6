import type { KeyObject } from 'node:crypto'
import type { Db } from '../db/client'
import type { LockedObjects, LockedObjectVersion } from '../platform/storage/locked-objects'
import {
  linkRefusal,
  readCheckpoint,
  type CheckpointRefusal,
  type LinkRefusal,
  type SignedCheckpoint,
} from './checkpoint'
import { checkpointNumberOf, readVersion } from './checkpoint-store'
import { readHashedEntries } from './stored-entries'
import { TrailWalk, type EntryProblem } from './trail'
import type { HashedEntry } from './chain'

// Verifying the audit trail (decision 0036): `npm run audit:verify`, the worker's `audit.verify`
// job and the security officer's page. The checkpoints are read from the bucket (each key's first
// version) and checked as a chain with the public key; the entries are read from PostgreSQL in
// pages and checked against the chain and the checkpoints (trail.ts). The index table is not
// trusted: it only tells which checkpoints must exist.

export type CheckpointProblem = { number: number; reason: CheckpointRefusal | LinkRefusal | 'missing' }

export type TrailReport = {
  checkedAt: Date
  /** Entries that passed every check, and the last seq a valid checkpoint covers. */
  verified: number
  anchoredTo: bigint
  entryProblem: EntryProblem | null
  /** Valid checkpoints read, and the first one that is missing or does not verify. */
  checkpoints: number
  checkpointProblem: CheckpointProblem | null
  /** Checkpoints someone wrote over (the first version is still what counts). */
  overwritten: number[]
  lastCheckpoint: { number: number; createdAt: Date; headSeq: bigint } | null
  /** The last checkpoint is older than the setting allows, or there is none. */
  stale: boolean
  intact: boolean
}

export type VerifierDeps = {
  db: Db
  bucket: Pick<LockedObjects, 'list' | 'read'>
  publicKey: KeyObject
  prefix: string
  staleAfterMs: number
  now?: () => Date
  pageSize?: number
}

export async function verifyAuditTrail(deps: VerifierDeps): Promise<TrailReport> {
  const checkpoints = await CheckpointReader.open(deps)
  const walk = new TrailWalk()
  await walkEntries(deps.db, walk, deps.pageSize, async (lastSeq) => {
    while (walk.coveredTo < lastSeq && (await checkpoints.next(walk))) {
      // read checkpoints until they cover the page (or there are no more)
    }
  })
  while (await checkpoints.next(walk)) {
    // the rest: their chain must hold, and the entries they cover must all have been there
  }
  const summary = walk.finish()
  const now = deps.now?.() ?? new Date()
  const lastCheckpoint = checkpoints.last
  const stale = !lastCheckpoint || now.getTime() - lastCheckpoint.createdAt.getTime() > deps.staleAfterMs
  return {
    checkedAt: now,
    verified: summary.verified,
    anchoredTo: summary.anchoredTo,
    entryProblem: summary.firstProblem,
    checkpoints: checkpoints.read,
    checkpointProblem: checkpoints.problem,
    overwritten: checkpoints.overwritten,
    lastCheckpoint,
    stale,
    intact: !summary.firstProblem && !checkpoints.problem && !stale,
  }
}

/**
 * Pages asked for before the one being checked. PostgreSQL's comparison of each row's columns with
 * its content costs it more than the reading and hashing cost Node (bench/audit-verify.ts), so two
 * pages are compared at once, on two connections, while Node hashes a third.
 */
const PAGES_AHEAD = 2

/**
 * Feeds the table's entries to `walk` in keyset pages, calling `beforePage` with each page's last
 * seq first. The pages after this one are asked for before it is checked, each after the seq where
 * the one before it ends when seqs follow on (as in an intact trail); a page is used only when the
 * one before it did end there, and asked for again from where it did end otherwise.
 */
async function walkEntries(
  db: Db,
  walk: TrailWalk,
  pageSize = 5000,
  beforePage: (lastSeq: bigint) => Promise<void> = async () => {},
): Promise<void> {
  const asked: { after: bigint; rows: Promise<HashedEntry[]> }[] = []
  const ask = (after: bigint) => {
    const rows = readHashedEntries(db, after, pageSize)
    rows.catch(() => {}) // awaited in its turn; not left unhandled if the walk stops before it
    asked.push({ after, rows })
  }
  ask(0n)
  while (!walk.done) {
    while (asked.length <= PAGES_AHEAD) ask(asked.at(-1)!.after + BigInt(pageSize))
    const rows = await asked.shift()!.rows
    if (rows.length === 0) return
    const after = rows.at(-1)!.seq
    if (asked[0]?.after !== after) {
      asked.length = 0
      ask(after)
    }
    await beforePage(after)
    walk.check(rows)
    if (rows.length < pageSize) return
  }
}

export type ChainVerdict =
  | { intact: true; entries: number }
  | { intact: false; entries: number; firstBrokenSeq: bigint; reason: 'hash_mismatch' | 'link_mismatch' }

/** The chain alone, without checkpoints: names the first entry whose content or link was altered. */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<ChainVerdict> {
  const walk = new TrailWalk()
  await walkEntries(db, walk, pageSize)
  const { verified, firstProblem } = walk.finish()
  if (!firstProblem) return { intact: true, entries: verified }
  const reason = firstProblem.kind === 'altered' ? 'hash_mismatch' : 'link_mismatch'
  return { intact: false, entries: verified, firstBrokenSeq: firstProblem.seq, reason }
}

/** The bucket's checkpoints in order, each checked as it is read; stops at the first that fails. */
class CheckpointReader {
  read = 0
  problem: CheckpointProblem | null = null
  readonly overwritten: number[] = []
  private previous: SignedCheckpoint | null = null
  private index = 0

  private constructor(
    private readonly deps: VerifierDeps,
    private readonly versions: readonly (LockedObjectVersion & { number: number })[],
    /** The last number the console's index says it wrote. */
    private readonly indexedTo: number,
  ) {}

  static async open(deps: VerifierDeps): Promise<CheckpointReader> {
    const listed = await deps.bucket.list(deps.prefix)
    const versions = listed.flatMap((version) => {
      const number = checkpointNumberOf(deps.prefix, version.key)
      return number === null ? [] : [{ ...version, number }]
    })
    const indexed = await deps.db.auditCheckpoint.aggregate({ _max: { number: true } })
    return new CheckpointReader(deps, versions, indexed._max.number ?? 0)
  }

  get last(): TrailReport['lastCheckpoint'] {
    const c = this.previous?.checkpoint
    return c ? { number: c.number, createdAt: new Date(c.createdAt), headSeq: BigInt(c.head.seq) } : null
  }

  /** Reads the next checkpoint into the walk; false when there is none or it does not verify. */
  async next(walk: TrailWalk): Promise<boolean> {
    if (this.problem) return false
    const expected = (this.previous?.checkpoint.number ?? 0) + 1
    const version = this.versions[this.index]
    if (!version || version.number !== expected) {
      // A gap in the numbers, or fewer in the bucket than the console indexed: removed below S3.
      if (version || expected <= this.indexedTo) this.problem = { number: expected, reason: 'missing' }
      return false
    }
    this.index++
    const stored = await readVersion(this.deps.bucket, version)
    const read = stored
      ? readCheckpoint(stored, this.deps.publicKey)
      : { ok: false as const, reason: 'missing' as const }
    const refusal = read.ok ? linkRefusal(this.previous, read.checkpoint) : read.reason
    if (refusal || !read.ok) {
      this.problem = { number: expected, reason: refusal ?? 'format' }
      return false
    }
    if (version.laterVersions > 0) this.overwritten.push(expected)
    walk.addCheckpoint(read.checkpoint)
    this.previous = read.checkpoint
    this.read++
    return true
  }
}
