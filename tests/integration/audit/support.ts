import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import pg from 'pg'
import { appendAudit } from '#server/audit/log'
import { rehashFrom } from '#server/audit/chain.fixtures'
import type { StoredAuditRecord } from '#server/audit/chain'
import { storedRecord } from '#server/audit/records'
import { verifyAuditTrail, type TrailReport } from '#server/audit/verify'
import { writeCheckpoints } from '#server/audit/write-checkpoint'
import type { Db } from '#server/db/client'
import type { LockedObjects } from '#server/platform/storage/locked-objects'
import { STALE_AFTER_MS, TEST_RETENTION_MS } from '../../helpers/audit'
import type { TestDatabase } from '../../helpers/database'

export { STALE_AFTER_MS, TEST_BUCKET, TEST_RETENTION_MS, connectTestBucket } from '../../helpers/audit'

// The audit tests' real parts: the stack's SeaweedFS bucket of checkpoints (tests/helpers/audit.ts),
// a signing key made for the run, and the cluster's superuser for tampering as an attacker who owns
// the database server would.

export type Trail = {
  t: TestDatabase
  bucket: LockedObjects
  prefix: string
  signingKey: KeyObject
  publicKey: KeyObject
  /** Signs what the table holds now (the worker's job). */
  checkpoint(now?: Date): Promise<number[]>
  /** Verifies the trail against the checkpoints, in pages of `pageSize` entries (the verifier's default: 5,000). */
  verify(now?: Date, pageSize?: number): Promise<TrailReport>
}

export function trailOf(t: TestDatabase, bucket: LockedObjects, prefix = `${t.name}/`): Trail {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return {
    t,
    bucket,
    prefix,
    signingKey: privateKey,
    publicKey,
    async checkpoint(now) {
      const written = await writeCheckpoints({
        db: t.db,
        bucket,
        signingKey: privateKey,
        prefix,
        retentionMs: TEST_RETENTION_MS,
        now: now ? () => now : undefined,
      })
      return written.map((c) => c.checkpoint.number)
    },
    verify: (now, pageSize) =>
      verifyAuditTrail({
        db: t.db,
        bucket,
        publicKey,
        prefix,
        staleAfterMs: STALE_AFTER_MS,
        now: now ? () => now : undefined,
        pageSize,
      }),
  }
}

/** `count` entries appended as the console appends them, each in its own transaction. */
export async function appendEntries(db: Db, count: number, label = 'Hoàng Thị Lan'): Promise<void> {
  for (let i = 0; i < count; i++) {
    await db.$transaction((tx) =>
      appendAudit(tx, {
        actor: { id: null, label },
        action: 'request.submit',
        entityType: 'QuotaRequest',
        entityId: `req-${i}`,
        before: { state: 'draft' },
        after: { state: 'submitted', memory: 8589934592n },
        origin: { ip: '10.0.0.7', userAgent: 'vitest' },
      }),
    )
  }
}

/** Runs SQL as the cluster's superuser with triggers off: what whoever owns the database server can do. */
export async function asSuperuser(t: TestDatabase, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: t.adminUrl })
  await client.connect()
  try {
    await client.query('BEGIN')
    await client.query('SET LOCAL session_replication_role = replica')
    await work(client)
    await client.query('COMMIT')
  } finally {
    await client.end()
  }
}

/**
 * Changes entry `seq` with `change`, then writes every content and hash from it to the end again and
 * stores them: the chain is consistent again, as an attacker with the database and the code would leave it.
 */
export async function rewriteAndRehash(
  t: TestDatabase,
  seq: bigint,
  change: (entry: StoredAuditRecord) => StoredAuditRecord,
): Promise<void> {
  const rows = (await t.db.auditEntry.findMany({ orderBy: { seq: 'asc' } })).map(storedRecord)
  const index = rows.findIndex((row) => row.seq === seq)
  const rewritten = rehashFrom(
    rows.map((row, i) => (i === index ? change(row) : row)),
    index,
  )
  await asSuperuser(t, async (client) => {
    for (const row of rewritten.slice(index)) {
      await client.query(
        'UPDATE "AuditEntry" SET "actorLabel" = $2, "after" = $3, "outcome" = $4, "prevHash" = $5, "hash" = $6, "content" = $7 WHERE seq = $1',
        [
          row.seq.toString(),
          row.actorLabel,
          row.after === null ? null : JSON.stringify(row.after),
          row.outcome,
          row.prevHash,
          row.hash,
          row.content,
        ],
      )
    }
  })
}
