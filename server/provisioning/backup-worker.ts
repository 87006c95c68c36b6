// The worker's side of a project's backups (issue 15, decision 0056): it alone reaches Velero and
// the storage, so the web console's questions (the list of a project's backups, a restore, a
// backup taken now) arrive as jobs and are answered on the job's row. The project is read here,
// from the database, by its id: the web said who may ask for it, the rules here what it may have.
import type { Db } from '../db/client'
import type { DomainError, Result } from '../domain/errors'
import type { JobHandler, JobResult } from '../jobs/worker'
import { PlatformError } from '../platform/errors'
import type { Velero } from '../platform/kubernetes/velero'
import type { ObjectStorage } from '../platform/storage/object-storage'
import { backupBucketName } from '../domain/bucket-names'
import { takeBackupNow, type BackedUpProject } from './backup-now'
import {
  BACKUP_NOW_JOB,
  BUCKET_RESTORE_COPY_JOB,
  BUCKET_RESTORE_JOB,
  LIST_BACKUPS_JOB,
  RESTORE_JOB,
  backupNowPayloadSchema,
  bucketRestoreCopyPayloadSchema,
  bucketRestorePayloadSchema,
  copyRecordSchema,
  listPayloadSchema,
  restorePayloadSchema,
  type BackupRefusal,
  type ListAnswer,
} from './backup-jobs'
import { COPY_RECORD } from './bucket-copies'
import type { ProvisioningSettings } from './desired'
import { acceptBucketRestore, copyRestoredBucket } from './bucket-restores'
import { listBackups, listRestores, requestRestore } from './restores'
import { BACKUP_HEALTH_JOB, scanBackupHealth, scheduleView } from './backup-health-scan'

export type BackupDeps = {
  readonly db: Db
  readonly storage: ObjectStorage
  readonly velero: Velero | null
  /** The platform's settings a restored bucket is made with; the defaults without. */
  readonly settings?: ProvisioningSettings
}

const REFUSALS = new Set<string>([
  'restore.no_backups',
  'restore.backup_not_found',
  'restore.backup_not_completed',
  'restore.other_namespace',
  'restore.bucket_not_found',
  'restore.bucket_exists',
  'restore.no_bucket_room',
  'restore.label_invalid',
])

function refused(error: Pick<DomainError, 'code' | 'params'>): BackupRefusal {
  if (!REFUSALS.has(error.code)) throw new Error(`unexpected refusal ${error.code}`)
  const params = Object.fromEntries(
    Object.entries(error.params).filter((e): e is [string, string | number] => typeof e[1] !== 'object'),
  )
  return { outcome: 'refused', code: error.code as BackupRefusal['code'], params }
}

/** A refusal is an answer (done); a platform failure ends the job failed with its message. */
async function answering(act: () => Promise<Record<string, unknown>>): Promise<JobResult> {
  try {
    return { status: 'done', result: await act() }
  } catch (error) {
    if (error instanceof PlatformError) return { status: 'terminal', error: error.message }
    throw error
  }
}

async function projectOf(db: Db, projectId: string): Promise<BackedUpProject | null> {
  const row = await db.project.findUnique({ where: { id: projectId }, select: { namespace: true, agencyId: true } })
  return row ? { projectId, namespace: row.namespace, agencyId: row.agencyId } : null
}

/** Everything the project page and the API show of the project's backups. */
export async function backupsOf(deps: BackupDeps & { velero: Velero }, project: BackedUpProject): Promise<ListAnswer> {
  const [schedule, backups, restores, lastCopy] = await Promise.all([
    deps.velero.get('schedules', project.namespace),
    listBackups({ velero: deps.velero, storage: deps.storage }, project),
    listRestores(deps.velero, project),
    deps.storage.readJson(backupBucketName(project.namespace), COPY_RECORD).catch(() => null),
  ])
  return {
    outcome: 'listed',
    schedule: scheduleView(schedule),
    backups,
    restores,
    lastCopy: copyRecordSchema.safeParse(lastCopy).data ?? null,
  }
}

const asAnswer = <T>(result: Result<T>, shape: (value: T) => Record<string, unknown>) =>
  result.ok ? shape(result.value) : refused(result.error)

export function backupJobHandlers(deps: BackupDeps): Record<string, JobHandler> {
  /** The project and Velero, or the refusal that answers instead. */
  const reach = async (projectId: string) => {
    const project = await projectOf(deps.db, projectId)
    if (project === null) return refused({ code: 'restore.no_backups', params: {} })
    if (deps.velero === null) return refused({ code: 'restore.no_backups', params: {} })
    return { project, velero: deps.velero }
  }
  return {
    [BACKUP_HEALTH_JOB]: async () => {
      if (deps.velero === null) return { status: 'done' }
      const scan = await scanBackupHealth({ ...deps, velero: deps.velero })
      return { status: 'done', result: { ...scan } }
    },
    [LIST_BACKUPS_JOB]: async (job) => {
      const input = listPayloadSchema.safeParse(job.payload)
      if (!input.success) return { status: 'terminal', error: 'malformed backup list request' }
      return answering(async () => {
        const reached = await reach(input.data.projectId)
        return 'outcome' in reached ? reached : backupsOf({ ...deps, velero: reached.velero }, reached.project)
      })
    },
    [RESTORE_JOB]: async (job) => {
      const input = restorePayloadSchema.safeParse(job.payload)
      if (!input.success) return { status: 'terminal', error: 'malformed restore request' }
      const { projectId, actor, ...ask } = input.data
      return answering(async () => {
        const reached = await reach(projectId)
        if ('outcome' in reached) return reached
        const done = await requestRestore({ db: deps.db, velero: reached.velero }, reached.project, ask, actor)
        return asAnswer(done, (value) => ({ outcome: 'requested', restoreName: value.restoreName }))
      })
    },
    [BUCKET_RESTORE_JOB]: async (job) => {
      const input = bucketRestorePayloadSchema.safeParse(job.payload)
      if (!input.success) return { status: 'terminal', error: 'malformed bucket restore request' }
      const { projectId, actor, ...ask } = input.data
      return answering(async () => {
        const done = await acceptBucketRestore(deps, projectId, ask, actor)
        return asAnswer(done, (value) => ({ outcome: 'accepted', bucket: value.bucket }))
      })
    },
    // Not an answer to a wait: a storage failure is retried as the queue retries.
    [BUCKET_RESTORE_COPY_JOB]: async (job) => {
      const input = bucketRestoreCopyPayloadSchema.safeParse(job.payload)
      if (!input.success) return { status: 'terminal', error: 'malformed bucket restore copy' }
      try {
        await copyRestoredBucket(deps, input.data.bucket, input.data.actor)
        return { status: 'done' }
      } catch (error) {
        if (error instanceof PlatformError) return { status: 'retry', error: error.message }
        throw error
      }
    },
    [BACKUP_NOW_JOB]: async (job) => {
      const input = backupNowPayloadSchema.safeParse(job.payload)
      if (!input.success) return { status: 'terminal', error: 'malformed backup request' }
      const { projectId, ...rest } = input.data
      return answering(async () => {
        const reached = await reach(projectId)
        if ('outcome' in reached) return reached
        const done = await takeBackupNow({ ...deps, velero: reached.velero }, reached.project, rest)
        return asAnswer(done, (value) => ({ outcome: 'started', backupName: value.backupName }))
      })
    },
  }
}
