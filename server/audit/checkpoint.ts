import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto'
import { z } from 'zod'
import { GENESIS_HASH, canonicalJson } from './chain'

// A signed checkpoint of the audit chain (decision 0036), in the manner of a cloud audit trail's
// signed digest files: every interval the worker signs the hashes of the entries added since the
// last checkpoint and the chain's head, and names the previous checkpoint (its key, its SHA-256,
// its signature), so the checkpoints form a chain of their own. The stored object is exactly the
// signed bytes (canonical JSON), so `openssl pkeyutl -verify -rawin` checks it as it is.

export const CHECKPOINT_FORMAT = 'govcloud-audit-checkpoint/1'

const hex64 = z.string().regex(/^[0-9a-f]{64}$/)
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)

export const Checkpoint = z.strictObject({
  format: z.literal(CHECKPOINT_FORMAT),
  number: z.number().int().min(1),
  createdAt: z.iso.datetime(),
  /** The entries first..last (inclusive) added since the previous checkpoint, with their hashes in order; none: first = last + 1. */
  entries: z.strictObject({ first: seq, last: seq, hashes: z.array(hex64) }),
  /** The chain's last entry when signed: seq 0 and the genesis hash before there is any. */
  head: z.strictObject({ seq, hash: hex64 }),
  previous: z
    .strictObject({ number: z.number().int().min(1), key: z.string(), sha256: hex64, signature: z.string() })
    .nullable(),
  /** The signing key: its algorithm and the SHA-256 of its public key (SubjectPublicKeyInfo, DER). */
  publicKey: z.strictObject({ algorithm: z.literal('Ed25519'), sha256: hex64 }),
})
export type Checkpoint = z.infer<typeof Checkpoint>

/** A checkpoint as stored: the document, its exact bytes, their SHA-256 and the signature over them. */
export type SignedCheckpoint = {
  checkpoint: Checkpoint
  key: string
  bytes: Buffer
  sha256: string
  /** Ed25519 over `bytes`, base64. */
  signature: string
}

/** Where checkpoint `number` is stored under `prefix`: zero-padded, so keys list in order. */
export function checkpointKey(prefix: string, number: number): string {
  return `${prefix}${String(number).padStart(12, '0')}.json`
}

/** The SHA-256 (hex) of a public key's SubjectPublicKeyInfo, the name each checkpoint gives its key. */
export function keyFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

/**
 * The next checkpoint after `previous` (null for the first), covering `entries`: the entries that
 * follow the previous checkpoint's head, in order (their seq and hash).
 */
export function nextCheckpoint(input: {
  previous: SignedCheckpoint | null
  entries: readonly { seq: bigint; hash: string }[]
  createdAt: Date
  signingKey: KeyObject
  prefix: string
}): SignedCheckpoint {
  const { previous, entries } = input
  const head = previous?.checkpoint.head ?? { seq: 0, hash: GENESIS_HASH }
  const first = head.seq + 1
  entries.forEach((entry, index) => {
    if (entry.seq !== BigInt(first + index))
      throw new Error(`checkpoint entries must follow seq ${head.seq} without gaps; got ${entry.seq} at ${index}`)
  })
  const last = entries.at(-1)
  const checkpoint: Checkpoint = {
    format: CHECKPOINT_FORMAT,
    number: (previous?.checkpoint.number ?? 0) + 1,
    createdAt: input.createdAt.toISOString(),
    entries: { first, last: first + entries.length - 1, hashes: entries.map((e) => e.hash) },
    head: last ? { seq: Number(last.seq), hash: last.hash } : head,
    previous: previous
      ? {
          number: previous.checkpoint.number,
          key: previous.key,
          sha256: previous.sha256,
          signature: previous.signature,
        }
      : null,
    publicKey: { algorithm: 'Ed25519', sha256: keyFingerprint(input.signingKey) },
  }
  const bytes = Buffer.from(canonicalJson(checkpoint), 'utf8')
  return {
    checkpoint,
    key: checkpointKey(input.prefix, checkpoint.number),
    bytes,
    sha256: sha256(bytes),
    signature: sign(null, bytes, input.signingKey).toString('base64'),
  }
}

export type CheckpointRefusal = 'signature' | 'format' | 'key'

/**
 * A stored checkpoint read back: its signature checked with `publicKey`, its bytes parsed as a
 * checkpoint signed by that key and canonical (so that no two byte strings say the same thing).
 */
export function readCheckpoint(
  stored: { key: string; bytes: Buffer; signature: string },
  publicKey: KeyObject,
): { ok: true; checkpoint: SignedCheckpoint } | { ok: false; reason: CheckpointRefusal } {
  const signature = Buffer.from(stored.signature, 'base64')
  if (signature.length !== 64 || !verify(null, stored.bytes, publicKey, signature))
    return { ok: false, reason: 'signature' }
  let parsed: z.ZodSafeParseResult<Checkpoint>
  try {
    parsed = Checkpoint.safeParse(JSON.parse(stored.bytes.toString('utf8')))
  } catch {
    return { ok: false, reason: 'format' }
  }
  if (!parsed.success || canonicalJson(parsed.data) !== stored.bytes.toString('utf8'))
    return { ok: false, reason: 'format' }
  if (parsed.data.publicKey.sha256 !== keyFingerprint(publicKey)) return { ok: false, reason: 'key' }
  return {
    ok: true,
    checkpoint: {
      checkpoint: parsed.data,
      key: stored.key,
      bytes: stored.bytes,
      sha256: sha256(stored.bytes),
      signature: stored.signature,
    },
  }
}

export type LinkRefusal = 'number' | 'previous' | 'coverage' | 'time'

/**
 * Whether `next` follows `previous` (null: `next` is the first): the next number, naming the
 * previous one exactly, covering the entries right after its head, not older than it.
 */
export function linkRefusal(previous: SignedCheckpoint | null, next: SignedCheckpoint): LinkRefusal | null {
  const c = next.checkpoint
  if (c.number !== (previous?.checkpoint.number ?? 0) + 1) return 'number'
  const named = c.previous
  if (previous === null ? named !== null : !sameLink(named, previous)) return 'previous'
  const head = previous?.checkpoint.head ?? { seq: 0, hash: GENESIS_HASH }
  const { first, last, hashes } = c.entries
  const coverageHolds =
    first === head.seq + 1 &&
    last === first + hashes.length - 1 &&
    c.head.seq === last &&
    c.head.hash === (hashes.at(-1) ?? head.hash)
  if (!coverageHolds) return 'coverage'
  if (previous && c.createdAt < previous.checkpoint.createdAt) return 'time'
  return null
}

function sameLink(named: Checkpoint['previous'], previous: SignedCheckpoint): boolean {
  return (
    named !== null &&
    named.number === previous.checkpoint.number &&
    named.key === previous.key &&
    named.sha256 === previous.sha256 &&
    named.signature === previous.signature
  )
}
