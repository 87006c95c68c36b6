// Restores of a project's backups and the list of its backups (decision 0053), on Velero's
// objects: the rule is restore-rules.ts's; here the backup is read, the Restore created, and the
// request audited whether it was carried out or refused. Called where the cluster is reachable
// (the provisioning worker); the console's pages and API reach it through the job queue.
import { randomBytes } from 'node:crypto'
import type { Db } from '../db/client'
import type { Result } from '../domain/errors'
import { err, ok } from '../domain/errors'
import { recordAudit, type Actor } from '../audit/log'
import type { Velero } from '../platform/kubernetes/velero'
import type { ObjectStorage } from '../platform/storage/object-storage'
import { backupBucketName } from '../domain/bucket-names'
import { LABELS } from './desired/metadata'
import { VELERO_PREFIX } from './desired/backup'
import { checkRestore, type BackupFacts, type RestoreAsk } from '../domain/restore-rules'
import { FIELD_MANAGER } from '../platform/kubernetes/connection'
import type { RestoreView } from './backup-jobs'

export interface BackupView {
  readonly name: string
  readonly phase: string
  readonly startedAt: string | null
  readonly completedAt: string | null
  readonly expiresAt: string | null
  /** Bytes of the backup's files in the backup bucket. */
  readonly bytes: number
}

type Project = { readonly projectId: string; readonly namespace: string; readonly agencyId: string }

/** Creates the Restore when the rule allows; the request is audited either way. */
export async function requestRestore(
  deps: { db: Db; velero: Velero },
  project: Project,
  ask: RestoreAsk,
  actor: Actor,
): Promise<Result<{ restoreName: string }>> {
  const backup: BackupFacts | null = await deps.velero.get('backups', ask.backupName)
  const restoreName = `${ask.backupName.slice(0, 40)}-r${randomBytes(3).toString('hex')}`
  const labels = { [LABELS.managedBy]: FIELD_MANAGER, [LABELS.projectId]: project.projectId }
  const checked = checkRestore({ namespace: project.namespace, labels }, ask, backup, restoreName)
  if (checked.ok) await deps.velero.create('restores', checked.value)
  await recordAudit(deps.db, {
    actor,
    action: checked.ok ? 'backup.restore_requested' : 'backup.restore_refused',
    entityType: 'Project',
    entityId: project.projectId,
    agencyId: project.agencyId,
    outcome: checked.ok ? 'ok' : 'denied',
    after: checked.ok
      ? { backup: ask.backupName, restore: restoreName, namespace: project.namespace }
      : { backup: ask.backupName, namespace: ask.namespace ?? project.namespace, refused: checked.error.code },
  })
  return checked.ok ? ok({ restoreName }) : err(checked.error.code, checked.error.params)
}

/** The project's backups, newest first, with what each holds in the backup bucket. */
export async function listBackups(
  deps: { velero: Velero; storage: ObjectStorage },
  project: Pick<Project, 'projectId' | 'namespace'>,
): Promise<BackupView[]> {
  const items = await deps.velero.list('backups', `${LABELS.projectId}=${project.projectId}`)
  const bucket = backupBucketName(project.namespace)
  const views: BackupView[] = []
  for (const item of items) {
    if (item.spec?.['storageLocation'] !== project.namespace) continue
    const name = item.metadata?.name ?? ''
    const files = await deps.storage.listObjects(bucket, `${VELERO_PREFIX}/backups/${name}/`)
    const status = item.status ?? {}
    const text = (key: string) => {
      const value = status[key]
      return typeof value === 'string' ? value : null
    }
    views.push({
      name,
      phase: text('phase') ?? 'New',
      // A backup Velero refused at validation never started: its creation stands for it, so a
      // later success supersedes the failure (backupHealth orders runs by this time).
      startedAt: text('startTimestamp') ?? item.metadata?.creationTimestamp ?? null,
      completedAt: text('completionTimestamp'),
      expiresAt: text('expiration'),
      bytes: files.reduce((sum, f) => sum + f.size, 0),
    })
  }
  return views.sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''))
}

/** The project's restores (the console labels each it asks for), newest first. */
export async function listRestores(velero: Velero, project: Pick<Project, 'projectId'>): Promise<RestoreView[]> {
  const items = await velero.list('restores', `${LABELS.projectId}=${project.projectId}`)
  return items
    .map((item) => {
      const status = item.status ?? {}
      const text = (value: unknown) => (typeof value === 'string' ? value : null)
      const count = (value: unknown) => (typeof value === 'number' && value >= 0 ? Math.floor(value) : 0)
      return {
        name: item.metadata?.name ?? '',
        backupName: text(item.spec?.['backupName']) ?? '',
        phase: text(status['phase']) ?? 'New',
        startedAt: text(status['startTimestamp']) ?? item.metadata?.creationTimestamp ?? null,
        completedAt: text(status['completionTimestamp']),
        warnings: count(status['warnings']),
        errors: count(status['errors']),
      }
    })
    .sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''))
}
