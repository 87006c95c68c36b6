import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { MIGRATIONS_DIR } from '#server/db/schema-engine'
import { connectLockedObjects, type LockedObjects } from '#server/platform/storage/locked-objects'
import { requireStackSetting } from './stack-env'

// The audit trail's checkpoints in the tests (decision 0036): the stack's SeaweedFS bucket, one
// for all test runs with a prefix per test database or console, as each deployment has its own.

export const TEST_BUCKET = 'govcloud-test-audit-checkpoints'
/** Test checkpoints are locked for an hour (the bucket's default, one day, is the minimum S3 allows there). */
export const TEST_RETENTION_MS = 3_600_000
export const STALE_AFTER_MS = 60_000

export function connectTestBucket(): LockedObjects {
  return connectLockedObjects({
    endpoint: requireStackSetting('S3_ENDPOINT'),
    region: requireStackSetting('S3_REGION'),
    credentials: {
      accessKeyId: requireStackSetting('S3_ADMIN_ACCESS_KEY_ID'),
      secretAccessKey: requireStackSetting('S3_ADMIN_SECRET_ACCESS_KEY'),
    },
    bucket: TEST_BUCKET,
  })
}

/** The migration that gave each entry its stored bytes, filling them in SQL from the columns. */
export const CONTENT_MIGRATION = '20261206173000_audit_entry_content'

/**
 * Runs the content migration again on a database whose entries have their content already, as the
 * owner would have run it on entries written before it: the column is dropped (its bytes kept in
 * `saved_content`, the owner's table) and the migration's own file rebuilds it. Returns the
 * seconds the migration took.
 */
export async function rerunContentMigration(ownerUrl: string): Promise<number> {
  const sql = readFileSync(join(MIGRATIONS_DIR, CONTENT_MIGRATION, 'migration.sql'), 'utf8')
  const client = new pg.Client({ connectionString: ownerUrl })
  await client.connect()
  try {
    await client.query('CREATE TABLE saved_content AS SELECT "seq", "content" FROM "AuditEntry"')
    await client.query('ALTER TABLE "AuditEntry" DROP COLUMN "content"')
    const started = performance.now()
    await client.query(`BEGIN; ${sql}; COMMIT`)
    return (performance.now() - started) / 1000
  } finally {
    await client.end()
  }
}

/** Entries whose content the migration wrote differs from what the console wrote (after rerunContentMigration). */
export async function contentsRewrittenDifferently(
  ownerUrl: string,
): Promise<{ seq: string; before: string; after: string }[]> {
  const client = new pg.Client({ connectionString: ownerUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ seq: string; before: string; after: string }>(
      `SELECT e."seq"::text AS seq, s."content" AS before, e."content" AS after
         FROM "AuditEntry" e JOIN saved_content s USING ("seq") WHERE e."content" IS DISTINCT FROM s."content" ORDER BY 1`,
    )
    return rows
  } finally {
    await client.end()
  }
}
