import { GENESIS_HASH, linkProblem, type HashedEntry } from './chain'
import type { SignedCheckpoint } from './checkpoint'

// Verifying the audit trail against its signed checkpoints (decision 0036), as a walk over the
// entries in seq order that the caller feeds page by page, with the checkpoints covering them.
// The chain alone catches an entry changed in place; the checkpoints catch what the chain cannot:
// the newest entries deleted, and entries rewritten with every hash after them recomputed.

/** The first thing wrong with the entries, by seq. */
export type EntryProblem =
  /** An entry that must exist is not in the table: a gap, or fewer entries than the checkpoints cover. */
  | { kind: 'missing'; seq: bigint }
  /** Its content no longer gives its hash, or its columns are not its content: changed in place. */
  | { kind: 'altered'; seq: bigint }
  /** It does not name the hash of the entry before it: one of the two was changed (after the last checkpoint). */
  | { kind: 'unlinked'; seq: bigint }
  /** Consistent in itself, but not the entry the checkpoint signed: rewritten and re-hashed. */
  | { kind: 'rehashed'; seq: bigint; checkpoint: number }

export type TrailSummary = {
  /** Entries that passed every check. */
  verified: number
  /** The last seq a checkpoint covers (0: none yet). */
  anchoredTo: bigint
  firstProblem: EntryProblem | null
}

export class TrailWalk {
  /** The next seq, as a number: seqs stay far below 2^53, as the checkpoints write them, and a bigint per entry costs its allocation. */
  private expected = 1
  private prevHash = GENESIS_HASH
  private verified = 0
  private problem: EntryProblem | null = null
  /** Checkpoints not yet passed, oldest first. */
  private readonly pending: SignedCheckpoint[] = []
  private anchoredTo = 0n

  /** A checkpoint (already read, signature and link checked), in order. */
  addCheckpoint(checkpoint: SignedCheckpoint): void {
    this.pending.push(checkpoint)
    this.anchoredTo = BigInt(checkpoint.checkpoint.head.seq)
  }

  /** The highest seq the checkpoints given so far cover: feed entries up to it, then add more. */
  get coveredTo(): bigint {
    return this.anchoredTo
  }

  get done(): boolean {
    return this.problem !== null
  }

  /** The next entries in seq order; stops at the first problem. */
  check(records: readonly HashedEntry[]): void {
    for (const record of records) {
      if (this.problem) return
      const seq = Number(record.seq)
      this.problem = this.problemOf(record, seq)
      if (this.problem) return
      this.prevHash = record.hash
      this.expected = seq + 1
      this.verified++
    }
  }

  private problemOf(record: HashedEntry, seq: number): EntryProblem | null {
    if (seq !== this.expected) return { kind: 'missing', seq: BigInt(this.expected) }
    const link = linkProblem(record, this.prevHash)
    if (link === 'link_mismatch') return { kind: 'unlinked', seq: record.seq }
    if (link === 'hash_mismatch') return { kind: 'altered', seq: record.seq }
    const signed = this.signedHashOf(seq)
    if (signed !== null && signed !== record.hash)
      return { kind: 'rehashed', seq: record.seq, checkpoint: this.pending[0]!.checkpoint.number }
    return null
  }

  /** The hash the checkpoints signed for `seq`, dropping the checkpoints wholly before it. */
  private signedHashOf(seq: number): string | null {
    while (this.pending.length > 0 && this.pending[0]!.checkpoint.entries.last < seq) this.pending.shift()
    const entries = this.pending[0]?.checkpoint.entries
    if (!entries || entries.first > seq) return null
    return entries.hashes[seq - entries.first]!
  }

  /** After the last entry: the entries the checkpoints cover must all have been there. */
  finish(): TrailSummary {
    if (!this.problem && BigInt(this.expected) <= this.anchoredTo)
      this.problem = { kind: 'missing', seq: BigInt(this.expected) }
    return { verified: this.verified, anchoredTo: this.anchoredTo, firstProblem: this.problem }
  }
}
