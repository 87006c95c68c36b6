import { createPublicKey, type KeyObject } from 'node:crypto'
import type { Db } from '../db/client'
import type { LockedObjects } from '../platform/storage/locked-objects'
import { GENESIS_HASH, linkProblem } from './chain'
import { checkpointKey, linkRefusal, nextCheckpoint, readCheckpoint, type SignedCheckpoint } from './checkpoint'
import { readStoredCheckpoint } from './checkpoint-store'
import { readHashedEntries } from './stored-entries'

// Writing the signed checkpoints (decision 0036): the provisioning worker's periodic
// `audit.checkpoint` job (the process that holds the storage's keys, decision 0032). Each run signs what was added since the last checkpoint (or nothing: an empty checkpoint
// still proves that signing went on) after checking those entries itself, stores the object in
// the object-locked bucket, then indexes it in AuditCheckpoint. A run that died between the two,
// or an index that lost rows, is mended by the next run: the object already at the next key is
// read back, and taken up when this key signed it and it follows on.

export type CheckpointWriterDeps = {
  db: Db
  bucket: Pick<LockedObjects, 'create' | 'list' | 'read'>
  signingKey: KeyObject
  prefix: string
  retentionMs: number
  now?: () => Date
  /** At most this many entries in one checkpoint; a run writes as many as it needs (up to 100). */
  maxEntries?: number
}

export class CheckpointRefused extends Error {
  override name = 'CheckpointRefused'
}

/** Signs and stores checkpoints until every entry is covered; returns those written or taken up. */
export async function writeCheckpoints(deps: CheckpointWriterDeps): Promise<SignedCheckpoint[]> {
  const maxEntries = deps.maxEntries ?? 10_000
  const written: SignedCheckpoint[] = []
  let previous = await lastIndexed(deps)
  for (let round = 0; round < 100; round++) {
    const taken = await takeUpExisting(deps, previous)
    if (taken) {
      previous = taken
      written.push(taken)
      continue
    }
    const entries = await entriesAfter(deps.db, previous, maxEntries)
    const now = deps.now?.() ?? new Date()
    const next = nextCheckpoint({ previous, entries, createdAt: now, signingKey: deps.signingKey, prefix: deps.prefix })
    const created = await deps.bucket.create(
      next.key,
      next.bytes,
      metadataOf(next),
      new Date(now.getTime() + deps.retentionMs),
    )
    if (!created) continue // written meanwhile: the next round takes it up or refuses it
    await index(deps.db, next)
    written.push(next)
    previous = next
    if (entries.length < maxEntries) break
  }
  return written
}

function metadataOf(checkpoint: SignedCheckpoint): Record<string, string> {
  return {
    signature: checkpoint.signature,
    'signature-algorithm': 'Ed25519',
    'public-key-sha256': checkpoint.checkpoint.publicKey.sha256,
  }
}

/** The last indexed checkpoint, read back from the bucket and checked against the index row. */
async function lastIndexed(deps: CheckpointWriterDeps): Promise<SignedCheckpoint | null> {
  const row = await deps.db.auditCheckpoint.findFirst({ orderBy: { number: 'desc' } })
  if (!row) return null
  const stored = await readStoredCheckpoint(deps.bucket, row.objectKey)
  const read = stored ? readCheckpoint(stored, createPublicKey(deps.signingKey)) : null
  if (!read?.ok || read.checkpoint.sha256 !== row.sha256 || read.checkpoint.checkpoint.number !== row.number)
    throw new CheckpointRefused(`checkpoint ${row.number} is not in the bucket as the index says (${row.objectKey})`)
  return read.checkpoint
}

/** The object already at the next key, when this key signed it and it follows `previous`; null when there is none. */
async function takeUpExisting(
  deps: CheckpointWriterDeps,
  previous: SignedCheckpoint | null,
): Promise<SignedCheckpoint | null> {
  const key = checkpointKey(deps.prefix, (previous?.checkpoint.number ?? 0) + 1)
  const stored = await readStoredCheckpoint(deps.bucket, key)
  if (!stored) return null
  const read = readCheckpoint(stored, createPublicKey(deps.signingKey))
  if (!read.ok || linkRefusal(previous, read.checkpoint) !== null)
    throw new CheckpointRefused(`${key} holds an object that does not follow the last checkpoint; not signing over it`)
  await index(deps.db, read.checkpoint)
  return read.checkpoint
}

/**
 * The entries after `previous`'s head, checked as the chain requires: no gap, each naming the hash
 * of the one before and matching its own content. The head itself must still be as it was signed.
 */
async function entriesAfter(db: Db, previous: SignedCheckpoint | null, limit: number) {
  const head = previous?.checkpoint.head ?? { seq: 0, hash: GENESIS_HASH }
  if (head.seq > 0) {
    const stillThere = await db.auditEntry.findUnique({ where: { seq: BigInt(head.seq) }, select: { hash: true } })
    if (stillThere?.hash !== head.hash)
      throw new CheckpointRefused(`entry #${head.seq}, the last checkpoint's head, is missing or changed`)
  }
  const rows = await readHashedEntries(db, BigInt(head.seq), limit)
  let prevHash = head.hash
  let expected = BigInt(head.seq) + 1n
  for (const row of rows) {
    const problem = row.seq === expected ? linkProblem(row, prevHash) : 'gap'
    if (problem) throw new CheckpointRefused(`entry #${expected} does not verify (${problem}): not signing it`)
    prevHash = row.hash
    expected++
  }
  return rows.map((row) => ({ seq: row.seq, hash: row.hash }))
}

async function index(db: Db, checkpoint: SignedCheckpoint): Promise<void> {
  const c = checkpoint.checkpoint
  await db.auditCheckpoint.create({
    data: {
      number: c.number,
      objectKey: checkpoint.key,
      createdAt: new Date(c.createdAt),
      firstSeq: BigInt(c.entries.first),
      headSeq: BigInt(c.head.seq),
      headHash: c.head.hash,
      sha256: checkpoint.sha256,
      signature: checkpoint.signature,
      body: new Uint8Array(checkpoint.bytes),
    },
  })
}
