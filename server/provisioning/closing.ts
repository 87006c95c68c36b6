// A closed system's last backup (issue 15, decision 0058), taken by the worker that reaches Velero
// and the storage: a Backup from the project's own Schedule (takeBackupNow, kept for the
// schedule's retention in the object-locked backup bucket) and one more copy of its data buckets
// into that bucket, whatever the schedule says. The closure records both; until then the teardown
// keeps the namespace and buckets (lastBackupOwed), whatever the grace period.
import { enqueue } from '../jobs/queue'
import type { Db } from '../db/client'
import type { JobHandler, JobResult } from '../jobs/worker'
import { takeBackupNow } from './backup-now'
import { copyRemainingBuckets } from './bucket-copies'
import { loadProjects } from './intent'
import type { ReconcilerDeps } from './reconcile'
import { RECONCILE_JOB } from '../jobs/shared-with-sql'
import { LAST_BACKUP_JOB } from '../workflow/project-closure'

const SYSTEM = { id: null, label: 'Hệ thống (đóng hệ thống thông tin)' }
const ENDED = ['Completed', 'PartiallyFailed', 'Failed', 'FailedValidation']

/** Whether the teardown must wait: the project's closing was approved and its last backup is not done. */
export async function lastBackupOwed(db: Db, projectId: string): Promise<boolean> {
  const owed = await db.projectClosure.count({ where: { projectId, state: 'approved', lastCopyAt: null } })
  return owed > 0
}

/** The namespace and data buckets are gone (the locked backups stay): the closure is done. */
export async function markClosed(db: Db, projectId: string, now: Date): Promise<void> {
  await db.projectClosure.updateMany({
    where: { projectId, state: 'approved', lastCopyAt: { not: null }, closedAt: null },
    data: { closedAt: now },
  })
}

/**
 * One step each run: the Backup created (once), then waited for until Velero ended it, then the
 * buckets copied and the closure marked done, the project queued for its teardown pass.
 */
export async function takeLastBackup(deps: ReconcilerDeps, closureId: string, now: Date): Promise<JobResult> {
  const closure = await deps.db.projectClosure.findUnique({
    where: { id: closureId },
    select: { state: true, lastBackupName: true, lastCopyAt: true, reason: true, projectId: true, agencyId: true },
  })
  if (!closure || closure.state !== 'approved' || closure.lastCopyAt !== null) return { status: 'done' }
  const [loaded] = await loadProjects(deps.db, [closure.projectId])
  if (!loaded) return { status: 'done' }
  const scheduled = deps.velero !== undefined && (loaded.intent.allocation?.backupSchedule ?? null) !== null
  if (scheduled && closure.lastBackupName === null) {
    const project = { projectId: closure.projectId, namespace: loaded.intent.namespace, agencyId: closure.agencyId }
    const taken = await takeBackupNow({ db: deps.db, velero: deps.velero }, project, {
      actor: SYSTEM,
      reason: `last backup before closing: ${closure.reason}`,
      now,
    })
    if (!taken.ok) return { status: 'retry', error: `last backup not taken: ${taken.error.code}` }
    await deps.db.projectClosure.update({ where: { id: closureId }, data: { lastBackupName: taken.value.backupName } })
    return { status: 'done', requeueAfterMs: 5_000 }
  }
  if (scheduled && closure.lastBackupName !== null) {
    const backup = await deps.velero.get('backups', closure.lastBackupName)
    const phase = String((backup?.status as { phase?: string } | undefined)?.phase ?? '')
    if (!ENDED.includes(phase)) return { status: 'done', requeueAfterMs: 5_000 }
    if (phase !== 'Completed') return { status: 'terminal', error: `last backup ${closure.lastBackupName}: ${phase}` }
    await copyRemainingBuckets(deps, { projectId: closure.projectId, namespace: loaded.intent.namespace }, now)
  }
  await deps.db.$transaction(async (tx) => {
    await tx.projectClosure.update({ where: { id: closureId }, data: { lastCopyAt: now } })
    // The teardown was held for this backup: look at the project again now.
    await enqueue(tx, { kind: RECONCILE_JOB, key: closure.projectId })
  })
  return { status: 'done' }
}

export function closingHandlers(deps: () => Promise<ReconcilerDeps>): Record<string, JobHandler> {
  return { [LAST_BACKUP_JOB]: async (job) => takeLastBackup(await deps(), job.key, new Date()) }
}
