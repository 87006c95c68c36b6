import { execFileSync } from 'node:child_process'
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GetObjectRetentionCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkpointKey, nextCheckpoint, readCheckpoint, type SignedCheckpoint } from '#server/audit/checkpoint'
import { readStoredCheckpoint } from '#server/audit/checkpoint-store'
import { verifyAuditChain } from '#server/audit/verify'
import { CheckpointRefused } from '#server/audit/write-checkpoint'
import type { LockedObjects } from '#server/platform/storage/locked-objects'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { adminS3Client } from '../../helpers/platform'
import {
  STALE_AFTER_MS,
  TEST_BUCKET,
  TEST_RETENTION_MS,
  appendEntries,
  asSuperuser,
  connectTestBucket,
  rewriteAndRehash,
  trailOf,
  type Trail,
} from './support'

// Signed checkpoints of the audit chain in SeaweedFS's object-locked bucket, and the verifier that
// checks the trail against them (decision 0036). Each test tampers with its own database as the
// cluster's superuser would (triggers off), the way the chain alone cannot see, and expects the
// verifier to name the first entry missing, altered or re-hashed.

let bucket: LockedObjects
const databases: TestDatabase[] = []

beforeAll(async () => {
  bucket = connectTestBucket()
  await bucket.ensureBucket(1)
})
afterAll(async () => {
  bucket?.close()
  await Promise.all(databases.map((t) => t.drop()))
})

/** A fresh database with `entries` entries, checkpointed once. */
async function checkpointedTrail(entries: number): Promise<Trail> {
  const t = await createTestDatabase()
  databases.push(t)
  const trail = trailOf(t, bucket)
  await appendEntries(t.db, entries)
  await trail.checkpoint()
  return trail
}

describe('signed checkpoints', () => {
  it('cover the chain interval by interval, each naming the one before, locked in COMPLIANCE mode', async () => {
    const trail = await checkpointedTrail(5)
    await appendEntries(trail.t.db, 3)
    expect(await trail.checkpoint()).toEqual([2])
    expect(await trail.checkpoint()).toEqual([3]) // nothing new: signed all the same, the head kept

    const rows = await trail.t.db.auditCheckpoint.findMany({ orderBy: { number: 'asc' } })
    expect(rows.map((r) => [r.number, r.firstSeq, r.headSeq])).toEqual([
      [1, 1n, 5n],
      [2, 6n, 8n],
      [3, 9n, 8n],
    ])
    const retention = await adminS3Client().send(
      new GetObjectRetentionCommand({ Bucket: TEST_BUCKET, Key: rows[2]!.objectKey }),
    )
    expect(retention.Retention?.Mode).toBe('COMPLIANCE')
    expect(retention.Retention!.RetainUntilDate!.getTime()).toBeGreaterThan(Date.now() + TEST_RETENTION_MS - 120_000)

    const report = await trail.verify()
    expect(report).toMatchObject({ verified: 8, anchoredTo: 8n, checkpoints: 3, entryProblem: null, intact: true })
    expect(report.lastCheckpoint).toMatchObject({ number: 3, headSeq: 8n })
  })

  it('verify with OpenSSL alone, from the object and the public key', async () => {
    const trail = await checkpointedTrail(2)
    const row = await trail.t.db.auditCheckpoint.findFirstOrThrow()
    const stored = (await bucket.read(row.objectKey))!
    const dir = mkdtempSync(join(tmpdir(), 'checkpoint-'))
    writeFileSync(join(dir, 'checkpoint.json'), stored.body)
    writeFileSync(join(dir, 'checkpoint.sig'), Buffer.from(stored.metadata.signature!, 'base64'))
    writeFileSync(join(dir, 'public-key.pem'), trail.publicKey.export({ type: 'spki', format: 'pem' }))
    const verify = (file: string) =>
      execFileSync(
        'openssl',
        [
          'pkeyutl',
          '-verify',
          '-pubin',
          '-inkey',
          'public-key.pem',
          '-rawin',
          '-in',
          file,
          '-sigfile',
          'checkpoint.sig',
        ],
        {
          cwd: dir,
          encoding: 'utf8',
        },
      )
    expect(verify('checkpoint.json')).toMatch(/Signature Verified Successfully/)
    writeFileSync(join(dir, 'forged.json'), stored.body.toString().replace('"number":1', '"number":2'))
    expect(() => verify('forged.json')).toThrow()
  })

  it('are not written over a chain that no longer verifies since the last one', async () => {
    const trail = await checkpointedTrail(3)
    await appendEntries(trail.t.db, 2)
    await asSuperuser(trail.t, (c) => c.query(`UPDATE "AuditEntry" SET "actorLabel" = 'Kẻ giả mạo' WHERE seq = 4`))
    await expect(trail.checkpoint()).rejects.toThrow(CheckpointRefused)
    await expect(trail.checkpoint()).rejects.toThrow(/entry #4 does not verify/)
  })

  it('take up a checkpoint stored by a run that died before indexing it, and refuse one they did not sign', async () => {
    const trail = await checkpointedTrail(2)
    await appendEntries(trail.t.db, 1)
    const stranded = await checkpointAfterFirst(trail, trail.signingKey)
    // The run that stored it was cut off before its index row.
    await bucket.create(stranded.key, stranded.bytes, { signature: stranded.signature }, inAnHour())
    expect(await trail.checkpoint()).toEqual([2, 3])
    expect(await trail.verify()).toMatchObject({ intact: true, checkpoints: 3, verified: 3 })

    const squatted = await checkpointedTrail(2)
    await appendEntries(squatted.t.db, 1)
    const forged = await checkpointAfterFirst(squatted, generateKeyPairSync('ed25519').privateKey)
    await bucket.create(forged.key, forged.bytes, { signature: forged.signature }, inAnHour())
    await expect(squatted.checkpoint()).rejects.toThrow(/does not follow the last checkpoint/)
  })
})

const inAnHour = () => new Date(Date.now() + TEST_RETENTION_MS)

/** Checkpoint 2 after the trail's first, covering entry 3, signed with `key`. */
async function checkpointAfterFirst(trail: Trail, key: KeyObject): Promise<SignedCheckpoint> {
  const stored = await readStoredCheckpoint(bucket, checkpointKey(trail.prefix, 1))
  const first = readCheckpoint(stored!, trail.publicKey)
  if (!first.ok) throw new Error('checkpoint 1 does not read back')
  const third = await trail.t.db.auditEntry.findUniqueOrThrow({ where: { seq: 3n } })
  return nextCheckpoint({
    previous: first.checkpoint,
    entries: [third],
    createdAt: new Date(),
    signingKey: key,
    prefix: trail.prefix,
  })
}

describe('verification against the checkpoints', () => {
  it('names the first of the newest entries deleted', async () => {
    const trail = await checkpointedTrail(12)
    await asSuperuser(trail.t, (c) => c.query('DELETE FROM "AuditEntry" WHERE seq > 9'))
    expect(await verifyAuditChain(trail.t.db)).toEqual({ intact: true, entries: 9 }) // the chain alone: all is well
    expect(await trail.verify()).toMatchObject({
      verified: 9,
      entryProblem: { kind: 'missing', seq: 10n },
      intact: false,
    })
  })

  it('names an entry whose shown column was changed in place, its hashed content left as it was', async () => {
    const trail = await checkpointedTrail(12)
    await asSuperuser(trail.t, (c) => c.query(`UPDATE "AuditEntry" SET "after" = '{"state":"approved"}' WHERE seq = 7`))
    expect(await trail.verify()).toMatchObject({
      verified: 6,
      entryProblem: { kind: 'altered', seq: 7n },
      intact: false,
    })
    // What the search shows is now not what was hashed, though the stored bytes still give the hash.
    const row = await trail.t.db.auditEntry.findUniqueOrThrow({ where: { seq: 7n } })
    expect(createHash('sha256').update(row.content).digest('hex')).toBe(row.hash)
    expect(await verifyAuditChain(trail.t.db)).toMatchObject({ intact: false, firstBrokenSeq: 7n })
  })

  it('names an entry whose content was changed with its columns, without re-hashing', async () => {
    const trail = await checkpointedTrail(12)
    await asSuperuser(trail.t, (c) =>
      c.query(
        `UPDATE "AuditEntry" SET "actorLabel" = 'Kẻ giả mạo', "content" = replace("content", 'Hoàng Thị Lan', 'Kẻ giả mạo') WHERE seq = 8`,
      ),
    )
    expect(await trail.verify()).toMatchObject({ verified: 7, entryProblem: { kind: 'altered', seq: 8n } })
  })

  it('names an entry whose content is no JSON at all (the columns compared in Node for that page)', async () => {
    const trail = await checkpointedTrail(12)
    await asSuperuser(trail.t, (c) => c.query(`UPDATE "AuditEntry" SET "content" = 'not json' WHERE seq = 9`))
    expect(await trail.verify()).toMatchObject({ verified: 8, entryProblem: { kind: 'altered', seq: 9n } })
  })

  it('names the first entry rewritten when every hash after it was recomputed', async () => {
    const trail = await checkpointedTrail(12)
    await rewriteAndRehash(trail.t, 5n, (entry) => ({ ...entry, actorLabel: 'Người khác', outcome: 'denied' }))
    expect(await verifyAuditChain(trail.t.db)).toEqual({ intact: true, entries: 12 })
    expect(await trail.verify()).toMatchObject({
      verified: 4,
      entryProblem: { kind: 'rehashed', seq: 5n, checkpoint: 1 },
      intact: false,
    })
  })

  it('names the first entry when the whole trail was rewritten from the start and re-hashed', async () => {
    const trail = await checkpointedTrail(6)
    await rewriteAndRehash(trail.t, 1n, (entry) => ({ ...entry, after: { state: 'rejected' } }))
    expect(await verifyAuditChain(trail.t.db)).toEqual({ intact: true, entries: 6 })
    expect(await trail.verify()).toMatchObject({ verified: 0, entryProblem: { kind: 'rehashed', seq: 1n } })
  })

  it('reads the trail in pages asked for ahead, each where the one before ended, and names what is wrong in any', async () => {
    // Pages of 3: the verifier asks for the next pages after seq 3, 6, 9 … before it has the one
    // before; where entries are gone, that guess is wrong and the page is asked for again.
    const trail = await checkpointedTrail(12)
    await appendEntries(trail.t.db, 2)
    expect(await trail.verify(undefined, 3)).toMatchObject({ verified: 14, anchoredTo: 12n, intact: true })
    expect(await verifyAuditChain(trail.t.db, 3)).toEqual({ intact: true, entries: 14 })

    await asSuperuser(trail.t, (c) => c.query(`UPDATE "AuditEntry" SET "outcome" = 'denied' WHERE seq = 11`))
    expect(await trail.verify(undefined, 3)).toMatchObject({
      verified: 10,
      entryProblem: { kind: 'altered', seq: 11n },
    })
    await asSuperuser(trail.t, (c) => c.query('DELETE FROM "AuditEntry" WHERE seq IN (5, 6, 7)'))
    expect(await trail.verify(undefined, 3)).toMatchObject({ verified: 4, entryProblem: { kind: 'missing', seq: 5n } })
    expect(await verifyAuditChain(trail.t.db, 3)).toMatchObject({ intact: false, entries: 4, firstBrokenSeq: 5n })
  })

  it('reports the last checkpoint stale once it is older than the setting allows', async () => {
    const trail = await checkpointedTrail(1)
    const last = (await trail.t.db.auditCheckpoint.findFirstOrThrow()).createdAt
    expect(await trail.verify(new Date(last.getTime() + STALE_AFTER_MS - 1000))).toMatchObject({
      stale: false,
      intact: true,
    })
    expect(await trail.verify(new Date(last.getTime() + STALE_AFTER_MS + 1000))).toMatchObject({
      stale: true,
      entryProblem: null,
      intact: false,
    })
  })
})
