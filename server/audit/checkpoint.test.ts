import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { GENESIS_HASH, canonicalJson } from './chain'
import { chain } from './chain.fixtures'
import {
  checkpointKey,
  keyFingerprint,
  linkRefusal,
  nextCheckpoint,
  readCheckpoint,
  type SignedCheckpoint,
} from './checkpoint'

const { privateKey } = generateKeyPairSync('ed25519')
const publicKey = createPublicKey(privateKey)
const entries = chain(5)

const make = (previous: SignedCheckpoint | null, slice: typeof entries, minute = 0) =>
  nextCheckpoint({
    previous,
    entries: slice,
    createdAt: new Date(Date.UTC(2026, 11, 6, 5, minute)),
    signingKey: privateKey,
    prefix: 'checkpoints/',
  })

/** A checkpoint document signed as given (for documents the writer would never make). */
function signedAs(document: unknown, key = privateKey) {
  const bytes = Buffer.from(canonicalJson(document))
  return { key: 'checkpoints/x.json', bytes, signature: sign(null, bytes, key).toString('base64') }
}

describe('checkpoints', () => {
  const first = make(null, entries.slice(0, 3))
  const second = make(first, entries.slice(3), 10)
  const empty = make(second, [], 20)

  it('cover the entries since the previous one and name it by key, digest and signature', () => {
    expect(first.key).toBe('checkpoints/000000000001.json')
    expect(first.checkpoint).toMatchObject({
      number: 1,
      entries: { first: 1, last: 3, hashes: entries.slice(0, 3).map((e) => e.hash) },
      head: { seq: 3, hash: entries[2]!.hash },
      previous: null,
      publicKey: { algorithm: 'Ed25519', sha256: keyFingerprint(publicKey) },
    })
    expect(second.checkpoint.previous).toEqual({
      number: 1,
      key: first.key,
      sha256: first.sha256,
      signature: first.signature,
    })
    expect(second.checkpoint.entries).toMatchObject({ first: 4, last: 5 })
  })

  it('are written even when nothing was added, keeping the head', () => {
    expect(empty.checkpoint).toMatchObject({ number: 3, entries: { first: 6, last: 5, hashes: [] }, head: { seq: 5 } })
    expect(make(null, []).checkpoint.head).toEqual({ seq: 0, hash: GENESIS_HASH })
  })

  it('refuse entries that do not follow the head', () => {
    expect(() => make(first, entries.slice(4))).toThrow(/without gaps/)
  })

  it('read back when signed by the key and link up one after another', () => {
    let previous: SignedCheckpoint | null = null
    for (const checkpoint of [first, second, empty]) {
      const read = readCheckpoint(checkpoint, publicKey)
      expect(read).toMatchObject({ ok: true, checkpoint: { sha256: checkpoint.sha256 } })
      expect(linkRefusal(previous, checkpoint)).toBeNull()
      previous = checkpoint
    }
  })

  it('are refused when a byte changed, when another key signed them, or when they are not canonical', () => {
    const changed = Buffer.from(first.bytes.toString().replace('"number":1', '"number":7'))
    expect(readCheckpoint({ ...first, bytes: changed }, publicKey)).toEqual({ ok: false, reason: 'signature' })
    const other = generateKeyPairSync('ed25519').privateKey
    expect(readCheckpoint(signedAs(first.checkpoint, other), publicKey)).toEqual({ ok: false, reason: 'signature' })
    const spaced = Buffer.from(JSON.stringify(first.checkpoint, null, 1))
    expect(
      readCheckpoint(
        { key: first.key, bytes: spaced, signature: sign(null, spaced, privateKey).toString('base64') },
        publicKey,
      ),
    ).toEqual({ ok: false, reason: 'format' })
    expect(readCheckpoint(signedAs({ ...first.checkpoint, extra: 1 }), publicKey)).toEqual({
      ok: false,
      reason: 'format',
    })
    const wrongName = { ...first.checkpoint, publicKey: { algorithm: 'Ed25519', sha256: 'f'.repeat(64) } }
    expect(readCheckpoint(signedAs(wrongName), publicKey)).toEqual({ ok: false, reason: 'key' })
  })

  it('do not link when a number is skipped, the previous one is misnamed, entries are left out or time runs back', () => {
    expect(linkRefusal(null, second)).toBe('number')
    expect(linkRefusal(first, empty)).toBe('number')
    const misnamed = {
      ...second,
      checkpoint: { ...second.checkpoint, previous: { ...second.checkpoint.previous!, sha256: '0'.repeat(64) } },
    }
    expect(linkRefusal(first, misnamed)).toBe('previous')
    const skipping = {
      ...second,
      checkpoint: { ...second.checkpoint, entries: { first: 5, last: 5, hashes: [entries[4]!.hash] } },
    }
    expect(linkRefusal(first, skipping)).toBe('coverage')
    const early = { ...second, checkpoint: { ...second.checkpoint, createdAt: '2026-12-06T04:00:00.000Z' } }
    expect(linkRefusal(first, early)).toBe('time')
  })

  it('are keyed so that they list in order', () => {
    expect(checkpointKey('p/', 9) < checkpointKey('p/', 10)).toBe(true)
  })
})
