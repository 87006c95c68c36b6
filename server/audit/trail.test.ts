import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { StoredAuditRecord } from './chain'
import { chain, hashed, rehashFrom } from './chain.fixtures'
import { nextCheckpoint, type SignedCheckpoint } from './checkpoint'
import { TrailWalk } from './trail'

const { privateKey } = generateKeyPairSync('ed25519')

/** Checkpoints over `entries` in slices of `every`, as the worker would have signed them. */
function checkpointsOf(entries: readonly StoredAuditRecord[], every: number): SignedCheckpoint[] {
  const out: SignedCheckpoint[] = []
  for (let i = 0; i < entries.length; i += every) {
    out.push(
      nextCheckpoint({
        previous: out.at(-1) ?? null,
        entries: entries.slice(i, i + every),
        createdAt: new Date(Date.UTC(2026, 11, 6, 0, i)),
        signingKey: privateKey,
        prefix: 'checkpoints/',
      }),
    )
  }
  return out
}

/** Walks `entries` in pages of 3 against `checkpoints`, adding each before the entries it covers. */
function walk(entries: readonly StoredAuditRecord[], checkpoints: readonly SignedCheckpoint[] = []) {
  const trail = new TrailWalk()
  const pending = [...checkpoints]
  for (let i = 0; i < entries.length; i += 3) {
    const page = entries.slice(i, i + 3)
    while (pending.length > 0 && trail.coveredTo < page.at(-1)!.seq) trail.addCheckpoint(pending.shift()!)
    trail.check(hashed(page))
  }
  for (const checkpoint of pending) trail.addCheckpoint(checkpoint)
  return trail.finish()
}

describe('TrailWalk', () => {
  const entries = chain(10)
  const signed = checkpointsOf(entries.slice(0, 8), 4)

  it('accepts an untouched trail, anchored up to the last checkpoint', () => {
    expect(walk(entries, signed)).toEqual({ verified: 10, anchoredTo: 8n, firstProblem: null })
    expect(walk(entries)).toEqual({ verified: 10, anchoredTo: 0n, firstProblem: null })
  })

  it('names an entry whose column was changed, its content left as it was', () => {
    const altered = entries.map((e) => (e.seq === 6n ? { ...e, after: { state: 'approved', cpu: '64000' } } : e))
    expect(walk(altered, signed)).toEqual({ verified: 5, anchoredTo: 8n, firstProblem: { kind: 'altered', seq: 6n } })
  })

  it('names an entry whose content was changed, its columns with it, without re-hashing', () => {
    const altered = entries.map((e) =>
      e.seq === 6n ? { ...e, actorLabel: 'Kẻ giả mạo', content: e.content.replace(e.actorLabel, 'Kẻ giả mạo') } : e,
    )
    expect(walk(altered, signed).firstProblem).toEqual({ kind: 'altered', seq: 6n })
  })

  it('names an entry whose prevHash column alone was changed as altered, not as a broken link', () => {
    const altered = entries.map((e) => (e.seq === 6n ? { ...e, prevHash: entries[1]!.hash } : e))
    expect(walk(altered, signed).firstProblem).toEqual({ kind: 'altered', seq: 6n })
  })

  it('names the first entry rewritten when every hash after it was recomputed, by the checkpoint that signed it', () => {
    const rewritten = rehashFrom(
      entries.map((e) => (e.seq === 3n ? { ...e, actorLabel: 'Người khác' } : e)),
      2,
    )
    expect(walk(rewritten)).toMatchObject({ verified: 10, firstProblem: null }) // the chain alone cannot tell
    expect(walk(rewritten, signed)).toMatchObject({
      verified: 2,
      firstProblem: { kind: 'rehashed', seq: 3n, checkpoint: 1 },
    })
  })

  it('names a rewritten entry that the second checkpoint signed', () => {
    const rewritten = rehashFrom(
      entries.map((e) => (e.seq === 7n ? { ...e, outcome: 'denied' } : e)),
      4,
    )
    expect(walk(rewritten, signed).firstProblem).toEqual({ kind: 'rehashed', seq: 7n, checkpoint: 2 })
  })

  it('finds the newest entries deleted, as far as the checkpoints reach', () => {
    expect(walk(entries.slice(0, 6), signed)).toEqual({
      verified: 6,
      anchoredTo: 8n,
      firstProblem: { kind: 'missing', seq: 7n },
    })
    // Past the last checkpoint, a deletion of the newest entries cannot be seen: that is the window.
    expect(walk(entries.slice(0, 9), signed).firstProblem).toBeNull()
  })

  it('finds an entry deleted from the middle', () => {
    expect(
      walk(
        entries.filter((e) => e.seq !== 4n),
        signed,
      ).firstProblem,
    ).toEqual({ kind: 'missing', seq: 4n })
  })

  it('finds a broken link after the last checkpoint, where no checkpoint can say which entry was rehashed', () => {
    const rehashedOne = rehashFrom(entries, 0).map((e) =>
      e.seq === 9n ? rehashFrom([...entries.slice(0, 8), { ...e, entityId: 'other' }], 8)[8]! : e,
    )
    expect(walk(rehashedOne, signed).firstProblem).toEqual({ kind: 'unlinked', seq: 10n })
  })
})
