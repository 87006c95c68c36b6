// The web console's side of a project's backups (issue 15, decision 0056): it holds no cluster
// credentials, so it asks the worker through the job queue (backup-jobs.ts) and reads the answer.
// A refusal comes back as the domain's error, for the form's field or the API's problem; the
// worker failing (or not answering in time) as a PlatformError.
import type { Actor } from '../audit/log'
import { BUCKET_RESTORE_WAIT_DEFAULT_SECONDS } from '../config/bucket-restore-wait'
import type { Db } from '../db/client'
import { backupHealth, type BackupHealth } from '../domain/backup-health'
import { err, ok, type Result } from '../domain/errors'
import { askWorker, malformedAnswer, type AskOptions } from './ask-worker'
import {
  BACKUP_JOB_WAIT_MS,
  BACKUP_NOW_JOB,
  BUCKET_RESTORE_COPY_JOB,
  BUCKET_RESTORE_JOB,
  LIST_BACKUPS_JOB,
  RESTORE_JOB,
  backupNowAnswerSchema,
  bucketRestoreAnswerSchema,
  listAnswerSchema,
  restoreAnswerSchema,
  type BackupRefusal,
  type ListAnswer,
} from './backup-jobs'
import type { z } from 'zod'

export type BackupsOverview = Omit<Extract<ListAnswer, { outcome: 'listed' }>, 'outcome'> & {
  /** Null without a schedule (no backup quota, or Velero not configured). */
  readonly health: BackupHealth | null
}

async function ask<S extends z.ZodType<{ outcome: string }>>(
  db: Db,
  kind: string,
  payload: Record<string, unknown>,
  schema: S,
  options: AskOptions,
): Promise<z.infer<S>> {
  const { jobId, result } = await askWorker(
    db,
    { kind, payload, system: 'kubernetes', waitMs: BACKUP_JOB_WAIT_MS },
    options,
  )
  const answer = schema.safeParse(result)
  if (!answer.success) throw malformedAnswer(kind, jobId, 'kubernetes')
  return answer.data
}

const refusal = (answer: BackupRefusal) => err(answer.code, answer.params ?? {})

/** The project's backups, restores and last copy, with what they say (health) at `now`. */
export async function readBackups(
  db: Db,
  projectId: string,
  options: AskOptions & { now?: Date } = {},
): Promise<Result<BackupsOverview>> {
  const answer = await ask(db, LIST_BACKUPS_JOB, { projectId }, listAnswerSchema, options)
  if (answer.outcome === 'refused') return refusal(answer)
  const { outcome: _, ...listed } = answer
  const health = listed.schedule
    ? backupHealth({
        schedule: listed.schedule.cron,
        scheduledSince: listed.schedule.createdAt ? new Date(listed.schedule.createdAt) : null,
        runs: listed.backups,
        now: options.now ?? new Date(),
      })
    : null
  return ok({ ...listed, health })
}

/** A restore of one of the project's backups into its namespace; refused as the rule says. */
export async function askRestore(
  db: Db,
  input: { projectId: string; backupName: string; namespace?: string; actor: Actor },
  options: AskOptions = {},
): Promise<Result<{ restoreName: string }>> {
  const payload = {
    projectId: input.projectId,
    backupName: input.backupName,
    ...(input.namespace !== undefined ? { namespace: input.namespace } : {}),
    actor: { id: input.actor.id, label: input.actor.label },
  }
  const answer = await ask(db, RESTORE_JOB, payload, restoreAnswerSchema, options)
  return answer.outcome === 'refused' ? refusal(answer) : ok({ restoreName: answer.restoreName })
}

/**
 * A backup of the project now, from its schedule's template (decommissioning's last backup): the
 * Backup is created and runs on; its phase shows with the others. Refused without a schedule.
 */
export async function requestBackupNow(
  db: Db,
  input: { projectId: string; actor: Actor; reason: string },
  options: AskOptions = {},
): Promise<Result<{ backupName: string }>> {
  const payload = {
    projectId: input.projectId,
    actor: { id: input.actor.id, label: input.actor.label },
    reason: input.reason,
  }
  const answer = await ask(db, BACKUP_NOW_JOB, payload, backupNowAnswerSchema, options)
  return answer.outcome === 'refused' ? refusal(answer) : ok({ backupName: answer.backupName })
}

/** Where a bucket restore stands: its copy running (or retried), done, or given up by the queue. */
export type BucketRestoreState = 'copying' | 'done' | 'failed'

export interface BucketRestoreView {
  readonly bucket: string
  readonly sourceBucket: string
  readonly state: BucketRestoreState
  readonly requestedAt: Date
  readonly copiedAt: Date | null
  readonly objects: number | null
  readonly bytes: number | null
}

/**
 * A data bucket's copy restored into the new bucket `<namespace>-restore-<label>` (decision 0076).
 * The worker decides and, accepting, queues the copy (refused as the rule says: another's or an
 * uncopied bucket, a name that exists, no room); then the copy is waited for up to `copyWaitMs`:
 * done within it, or still copying, which the list shows until it is done.
 */
export async function askBucketRestore(
  db: Db,
  input: { projectId: string; sourceBucket: string; label: string; actor: Actor },
  options: AskOptions & { copyWaitMs?: number } = {},
): Promise<Result<BucketRestoreView>> {
  const { copyWaitMs = BUCKET_RESTORE_WAIT_DEFAULT_SECONDS * 1000, ...asking } = options
  const payload = { ...input, actor: { id: input.actor.id, label: input.actor.label } }
  const answer = await ask(db, BUCKET_RESTORE_JOB, payload, bucketRestoreAnswerSchema, asking)
  if (answer.outcome === 'refused') return refusal(answer)
  const deadline = Date.now() + copyWaitMs
  for (;;) {
    const [view] = await bucketRestoreViews(db, { projectId: input.projectId, bucket: answer.bucket })
    // The row is written before the worker answers; only the copy's progress is waited for.
    if (!view) throw new Error(`the accepted restore into ${answer.bucket} has no row`)
    if (view.state !== 'copying' || Date.now() >= deadline) return ok(view)
    await new Promise((done) => setTimeout(done, Math.min(250, Math.max(1, deadline - Date.now()))))
  }
}

/** The buckets restores made for the project, newest first (the web reads its own database). */
export async function bucketRestoresOf(db: Db, projectId: string): Promise<BucketRestoreView[]> {
  return bucketRestoreViews(db, { projectId })
}

/** One restore of the project by its new bucket; null for another project's or none. */
export async function bucketRestoreOf(db: Db, projectId: string, bucket: string): Promise<BucketRestoreView | null> {
  const [view] = await bucketRestoreViews(db, { projectId, bucket })
  return view ?? null
}

/** The rows with their state: done once copied; failed when the copy's last job gave up; else copying. */
async function bucketRestoreViews(db: Db, where: { projectId: string; bucket?: string }): Promise<BucketRestoreView[]> {
  const rows = await db.bucketRestore.findMany({ where, orderBy: { requestedAt: 'desc' }, take: 50 })
  const copying = rows.filter((r) => r.copiedAt === null).map((r) => r.bucket)
  const jobs =
    copying.length === 0
      ? []
      : await db.job.findMany({
          where: { kind: BUCKET_RESTORE_COPY_JOB, key: { in: copying } },
          orderBy: { id: 'desc' },
          select: { key: true, state: true },
        })
  const lastJob = new Map<string, string>()
  for (const job of jobs) if (!lastJob.has(job.key)) lastJob.set(job.key, job.state)
  return rows.map((r) => ({
    bucket: r.bucket,
    sourceBucket: r.sourceBucket,
    state: r.copiedAt !== null ? 'done' : lastJob.get(r.bucket) === 'failed' ? 'failed' : 'copying',
    requestedAt: r.requestedAt,
    copiedAt: r.copiedAt,
    objects: r.objects,
    bytes: r.bytes === null ? null : Number(r.bytes),
  }))
}
