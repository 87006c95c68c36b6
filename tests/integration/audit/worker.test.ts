import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHECKPOINT_JOB, VERIFY_JOB, auditDepsFromEnv, startAuditWorker, type AuditJobDeps } from '#server/audit/jobs'
import { TrailReportJson } from '#server/audit/report'
import { enqueue } from '#server/jobs/queue'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { storageEnv } from '../../helpers/platform'
import { until } from '../../helpers/poll'
import { TEST_BUCKET, appendEntries } from './support'

// The audit loop of the provisioning worker as `npm run worker:provisioning` wires it from the
// environment (the storage's keys are that worker's alone, decision 0032): it signs a checkpoint
// every AUDIT_CHECKPOINT_SECONDS with the key in AUDIT_SIGNING_KEY_FILE, and verifies the trail
// when a security officer asks (the page queues the job) or when its own period comes.

let t: TestDatabase
let audit: AuditJobDeps

beforeAll(async () => {
  t = await createTestDatabase()
  const dir = mkdtempSync(join(tmpdir(), 'audit-key-'))
  const { privateKey } = generateKeyPairSync('ed25519')
  writeFileSync(join(dir, 'signing.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 })
  audit = auditDepsFromEnv(t.db, {
    ...storageEnv(),
    AUDIT_CHECKPOINT_BUCKET: TEST_BUCKET,
    AUDIT_CHECKPOINT_PREFIX: `${t.name}/`,
    AUDIT_CHECKPOINT_SECONDS: '10',
    AUDIT_CHECKPOINT_RETENTION_DAYS: '1',
    AUDIT_SIGNING_KEY_FILE: join(dir, 'signing.pem'),
  })!
})
afterAll(async () => {
  audit?.bucket.close()
  await t?.drop()
})

describe('the audit loop with the audit settings', () => {
  it('signs checkpoints on its schedule and verifies the trail when asked', async () => {
    expect(audit.signingKey).not.toBeNull()
    await appendEntries(t.db, 3)
    const worker = startAuditWorker(audit, { holder: 'audit-test' })
    try {
      await until('the first checkpoint', 30_000, async () => (await t.db.auditCheckpoint.count()) >= 1, {
        everyMs: 200,
      })
      await appendEntries(t.db, 2)
      await until(
        'a second checkpoint, ten seconds on',
        40_000,
        async () => (await t.db.auditCheckpoint.count()) >= 2,
        {
          everyMs: 500,
        },
      )
      await enqueue(t.db, { kind: VERIFY_JOB, key: 'all', payload: { requestedBy: 'u-security' } })
      await until(
        'the verification asked for',
        30_000,
        async () => (await t.db.auditVerification.count({ where: { requestedBy: 'u-security' } })) === 1,
      )
    } finally {
      await worker.stop()
    }
    const checkpoints = await t.db.auditCheckpoint.findMany({ orderBy: { number: 'asc' } })
    expect(checkpoints[0]).toMatchObject({ number: 1, firstSeq: 1n, headSeq: 3n })
    expect(checkpoints.at(-1)!.headSeq).toBe(5n)
    const asked = await t.db.auditVerification.findFirstOrThrow({ where: { requestedBy: 'u-security' } })
    expect(asked.intact).toBe(true)
    expect(TrailReportJson.parse(asked.report)).toMatchObject({ verified: 5, anchoredTo: '5', stale: false })
    const jobs = await t.db.job.findMany({
      where: { kind: { in: [CHECKPOINT_JOB, VERIFY_JOB] } },
      select: { state: true },
    })
    expect(jobs.every((job) => job.state !== 'failed')).toBe(true)
  })
})
