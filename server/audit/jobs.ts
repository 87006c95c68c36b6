import type { KeyObject } from 'node:crypto'
import type { Db } from '../db/client'
import { startWorker, type JobHandler, type PeriodicTask, type Worker } from '../jobs/worker'
import type { LockedObjects } from '../platform/storage/locked-objects'
import { reportJson } from './report'
import {
  checkpointBucketOf,
  parseAuditSettings,
  signingKeyOf,
  staleAfterMs,
  verifyKeyOf,
  type AuditSettings,
} from './settings'
import { verifyAuditTrail, type TrailReport } from './verify'
import { CheckpointRefused, writeCheckpoints } from './write-checkpoint'

// The audit trail's background work (decision 0036), run in the provisioning worker, the process
// that holds the storage's keys (decision 0032), in a loop of its own: a checkpoint every
// AUDIT_CHECKPOINT_SECONDS and a full verification every AUDIT_VERIFY_SECONDS or when a security
// officer asks for one (the page queues VERIFY_JOB with their id).

export const CHECKPOINT_JOB = 'audit.checkpoint'
export const VERIFY_JOB = 'audit.verify'

export type AuditJobDeps = {
  db: Db
  bucket: LockedObjects
  /** null: this worker does not sign (no AUDIT_SIGNING_KEY_FILE), it only verifies. */
  signingKey: KeyObject | null
  publicKey: KeyObject
  settings: AuditSettings
  now?: () => Date
}

export type AuditJobEvents = {
  onCheckpoints?: (numbers: number[]) => void
  onVerified?: (report: TrailReport) => void
}

export function auditHandlers(deps: AuditJobDeps, events: AuditJobEvents = {}): Record<string, JobHandler> {
  let bucketReady: Promise<void> | null = null
  const ensureBucket = () =>
    (bucketReady ??= deps.bucket.ensureBucket(deps.settings.AUDIT_CHECKPOINT_RETENTION_DAYS).catch((error: unknown) => {
      bucketReady = null
      throw error
    }))
  const handlers: Record<string, JobHandler> = {
    [VERIFY_JOB]: async (job) => {
      const startedAt = new Date()
      const report = await verifierOf(deps)
      const requestedBy = (job.payload as { requestedBy?: unknown }).requestedBy
      await recordVerification(deps.db, report, startedAt, typeof requestedBy === 'string' ? requestedBy : null)
      events.onVerified?.(report)
      return { status: 'done' }
    },
  }
  const signingKey = deps.signingKey
  if (signingKey) {
    handlers[CHECKPOINT_JOB] = async () => {
      await ensureBucket()
      try {
        const written = await writeCheckpoints({
          db: deps.db,
          bucket: deps.bucket,
          signingKey,
          prefix: deps.settings.AUDIT_CHECKPOINT_PREFIX,
          retentionMs: deps.settings.AUDIT_CHECKPOINT_RETENTION_DAYS * 86_400_000,
          now: deps.now,
        })
        events.onCheckpoints?.(written.map((c) => c.checkpoint.number))
        return { status: 'done' }
      } catch (error) {
        // The chain or the bucket is not as signed: signing stops until someone looks, and the
        // checkpoints going stale says so on the security officer's page.
        if (error instanceof CheckpointRefused) return { status: 'terminal', error: error.message }
        throw error
      }
    }
  }
  return handlers
}

export function verifierOf(deps: AuditJobDeps): Promise<TrailReport> {
  return verifyAuditTrail({
    db: deps.db,
    bucket: deps.bucket,
    publicKey: deps.publicKey,
    prefix: deps.settings.AUDIT_CHECKPOINT_PREFIX,
    staleAfterMs: staleAfterMs(deps.settings),
    now: deps.now,
  })
}

export async function recordVerification(
  db: Db,
  report: TrailReport,
  startedAt: Date,
  requestedBy: string | null,
): Promise<void> {
  await db.auditVerification.create({
    data: { startedAt, finishedAt: new Date(), intact: report.intact, requestedBy, report: reportJson(report) },
  })
}

/** The periodic jobs: checkpoints when this worker signs, verification always. */
export function auditSchedule(settings: AuditSettings, options: { signs: boolean }): PeriodicTask[] {
  return [
    ...(options.signs
      ? [
          {
            name: CHECKPOINT_JOB,
            everyMs: settings.AUDIT_CHECKPOINT_SECONDS * 1000,
            job: { kind: CHECKPOINT_JOB, key: 'all' },
          },
        ]
      : []),
    { name: VERIFY_JOB, everyMs: settings.AUDIT_VERIFY_SECONDS * 1000, job: { kind: VERIFY_JOB, key: 'all' } },
  ]
}

/**
 * The audit jobs' dependencies from the environment (AUDIT_*, S3_*): null when there is no bucket
 * or no key to verify with, so the worker runs without them and says so.
 */
export function auditDepsFromEnv(
  db: Db,
  source: Record<string, string | undefined> = process.env,
): AuditJobDeps | null {
  const settings = parseAuditSettings(source)
  const signingKey = signingKeyOf(settings)
  const publicKey = verifyKeyOf(settings)
  const bucket = publicKey ? checkpointBucketOf(settings) : null
  return bucket && publicKey ? { db, bucket, signingKey, publicKey, settings } : null
}

/** The audit jobs' own worker loop (one job at a time), beside a worker process's others. */
export function startAuditWorker(
  deps: AuditJobDeps,
  options: {
    holder: string
    events?: AuditJobEvents
    onFailure?: (job: { kind: string; key: string }, error: string) => void
  },
): Worker {
  return startWorker({
    db: deps.db,
    holder: options.holder,
    concurrency: 1,
    handlers: auditHandlers(deps, options.events),
    periodic: auditSchedule(deps.settings, { signs: deps.signingKey !== null }),
    pollMs: 1_000,
    onResult: (job, result) => {
      if (result.status !== 'done') options.onFailure?.(job, result.error)
    },
  })
}
