// A backup of a project taken now (issue 15, decision 0056): the same backup its Schedule makes,
// from the Schedule's own template (its namespace alone, through its own location, for its
// retention), created at once. Decommissioning takes its last backup this way; on the web side it
// is asked through the job queue (backup-requests.ts, BACKUP_NOW_JOB). Given the storage, the
// project's data buckets are copied into its backup bucket at once too, so a backup now covers both
// halves; decommissioning passes none, as it copies what remains once its backup has completed.
import type { Db } from '../db/client'
import type { Result } from '../domain/errors'
import { err, ok } from '../domain/errors'
import { recordAudit, type Actor } from '../audit/log'
import type { Velero } from '../platform/kubernetes/velero'
import type { ObjectStorage } from '../platform/storage/object-storage'
import { copyProjectBuckets, type CopyRecord } from './bucket-copies'
import { loadProjects } from './intent'

export type BackedUpProject = { readonly projectId: string; readonly namespace: string; readonly agencyId: string }

/** `<namespace, at most 42>-now-<yyyymmddhhmmss UTC>`: at most 61 characters, a label value still. */
export function backupNowName(namespace: string, now: Date): string {
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14)
  return `${namespace.slice(0, 42).replace(/-+$/, '')}-now-${stamp}`
}

/**
 * Creates the Backup from the project's Schedule; refused (restore.no_backups) when the project has
 * no schedule, as without a backup quota. The backup runs on: its phase is read with the others.
 * With `storage`, the buckets' copy is made before answering (`copy`, null when none was made).
 */
export async function takeBackupNow(
  deps: { db: Db; velero: Velero; storage?: ObjectStorage },
  project: BackedUpProject,
  input: { actor: Actor; reason: string; now?: Date },
): Promise<Result<{ backupName: string; copy: CopyRecord | null }>> {
  const now = input.now ?? new Date()
  const schedule = await deps.velero.get('schedules', project.namespace)
  const template = schedule?.spec?.['template'] as { metadata?: { labels?: Record<string, string> } } | undefined
  if (template === undefined) return err('restore.no_backups', {})
  const backupName = backupNowName(project.namespace, now)
  const { metadata, ...spec } = template
  await deps.velero.create('backups', {
    apiVersion: 'velero.io/v1',
    kind: 'Backup',
    metadata: { name: backupName, labels: { ...(metadata?.labels ?? {}) } },
    spec,
  })
  await recordAudit(deps.db, {
    actor: input.actor,
    action: 'backup.taken_now',
    entityType: 'Project',
    entityId: project.projectId,
    agencyId: project.agencyId,
    after: { backup: backupName, namespace: project.namespace, reason: input.reason },
  })
  return ok({ backupName, copy: deps.storage ? await copyNow({ ...deps, storage: deps.storage }, project, now) : null })
}

async function copyNow(deps: { db: Db; storage: ObjectStorage }, project: BackedUpProject, now: Date) {
  const [loaded] = await loadProjects(deps.db, [project.projectId])
  return loaded ? copyProjectBuckets(deps, loaded.intent, now, { force: true }) : null
}
