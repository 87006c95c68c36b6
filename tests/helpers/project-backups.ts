// A project's backups on the real stack (decisions 0053, 0056, 0058), what every test of them
// shares: pools with backup storage, the stack's Velero settings, Velero's objects as the
// cluster's administrator reads them, a project given its daily schedule and location (reconciled
// as the console, waited until Velero finds the location Available), and everything of it removed
// from Velero's namespace afterwards. (It merges tests/helpers/velero.ts and backups.ts.)
import * as k8s from '@kubernetes/client-node'
import { expect } from 'vitest'
import type { Db } from '#server/db/client'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import { veleroObjects, type VeleroItem } from '#server/platform/kubernetes/velero'
import { requestBackupNow } from '#server/provisioning/backup-requests'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { BACKUP_POLICY_NAME } from '#server/provisioning/apply-backups'
import { DEFAULT_SETTINGS } from '#server/provisioning/desired'
import { backupUserName } from '#server/provisioning/desired/backup'
import { reconcileProject, type ReconcilerDeps } from '#server/provisioning/reconcile'
import { GiB, makeAgency, makeUser } from './fixtures'
import { adminKubeConfig } from './platform'
import { approvedProject, openPlatform, reconcilerDeps, startKeyWorker, type OpenPlatform } from './provisioning'
import { eventually } from './poll'
import { requireStackSetting } from './stack-env'

/** Pools large enough for the projects of a backup test, backup storage included. */
export const BACKUP_POOLS = {
  cpu: 100_000n,
  memory: 64n * GiB,
  pods: 100n,
  objectStorage: 100n * GiB,
  buckets: 10n,
  backupStorage: 100n * GiB,
}

/** The namespace the stack's Velero runs in. */
export const veleroNamespace = () => requireStackSetting('VELERO_NAMESPACE')

/** Where the stack's Velero runs, and the settings a reconcile needs to give projects backups. */
export function veleroSettings() {
  const velero = {
    namespace: veleroNamespace(),
    s3Url: requireStackSetting('S3_ENDPOINT'),
    s3Region: requireStackSetting('S3_REGION'),
  }
  // Without the lock the test's buckets can be removed after it (the lock is the smoke test's).
  return { ...DEFAULT_SETTINGS, objectLockSupported: false, velero }
}

const at = () => ({ group: 'velero.io', version: 'v1', namespace: veleroNamespace() })

/** The Velero object as an administrator reads it. */
export const veleroObject = (plural: string, name: string) =>
  adminKubeConfig()
    .makeApiClient(k8s.CustomObjectsApi)
    .getNamespacedCustomObject({ ...at(), plural, name }) as Promise<VeleroItem>

/** Waits until Velero finds the project's BackupStorageLocation (named after its namespace) Available. */
export const locationAvailable = (namespace: string) =>
  eventually('the location Available', 90_000, async () =>
    (await veleroObject('backupstoragelocations', namespace)).status?.['phase'] === 'Available' ? true : undefined,
  )

/** A daily 02:00 schedule kept 7 days, reconciled (deps must carry Velero), the location Available. */
export async function scheduleBackups(deps: ReconcilerDeps, project: { projectId: string; namespace: string }) {
  await deps.db.allocation.update({
    where: { projectId: project.projectId },
    data: { backupSchedule: '0 2 * * *', backupRetentionDays: 7 },
  })
  const outcome = await reconcileProject(deps, project.projectId)
  if (outcome?.phase !== 'ready') throw new Error(`backups not provisioned: ${JSON.stringify(outcome)}`)
  await locationAvailable(project.namespace)
}

/** The projects' restores, backups, schedules, locations and backup identities, removed. */
export async function removeBackupsOf(
  projects: readonly { projectId: string; namespace: string }[],
  storage: ObjectStorage | undefined,
): Promise<void> {
  const custom = adminKubeConfig().makeApiClient(k8s.CustomObjectsApi)
  for (const { projectId, namespace } of projects) {
    for (const plural of ['restores', 'backups', 'schedules', 'backupstoragelocations']) {
      const listed = (await custom
        .listNamespacedCustomObject({
          ...at(),
          plural,
          labelSelector: `govcloud.langson.gov.vn/project-id=${projectId}`,
        })
        .catch(() => ({ items: [] }))) as { items: VeleroItem[] }
      for (const item of listed.items)
        await custom
          .deleteNamespacedCustomObject({ ...at(), plural, name: item.metadata?.name ?? '' })
          .catch(() => undefined)
    }
    await storage?.deleteUser(backupUserName(namespace), [BACKUP_POLICY_NAME]).catch(() => undefined)
  }
}

/**
 * A Backup of the project's schedule's template (its labels, location and namespace) that Velero
 * refuses at validation: a kind both included and excluded. What GC-BAK-01 finds as a failed run.
 */
export async function failingBackup(namespace: string, name: string): Promise<void> {
  const template = (await veleroObject('schedules', namespace)).spec?.['template'] as {
    metadata?: { labels?: Record<string, string> }
  }
  const { metadata, ...spec } = template
  await adminKubeConfig()
    .makeApiClient(k8s.CustomObjectsApi)
    .createNamespacedCustomObject({
      ...at(),
      plural: 'backups',
      body: {
        apiVersion: 'velero.io/v1',
        kind: 'Backup',
        metadata: { name, labels: metadata?.labels ?? {} },
        spec: { ...spec, includedResources: ['configmaps'], excludedResources: ['configmaps'] },
      },
    })
}

/** The restores Velero holds of a backup, whoever asked. */
export async function restoresOf(backupName: string): Promise<VeleroItem[]> {
  const custom = adminKubeConfig().makeApiClient(k8s.CustomObjectsApi)
  const listed = (await custom.listNamespacedCustomObject({ ...at(), plural: 'restores' })) as { items: VeleroItem[] }
  return listed.items.filter((r) => r.spec?.['backupName'] === backupName)
}

/**
 * In a seeded database: a new project of an.nguyen's agency (so-khcn) with a backup quota and
 * schedule, the worker's backup jobs running in this process as govcloud-console, and one backup
 * taken now, completed. What the page's and the API's tests start from.
 */
export async function seededProjectWithBackup(
  database: { db: Db; url: string },
  connection: KubernetesConnection,
  storage: ObjectStorage,
  /** More of the grant than the backup quota (e.g. object storage, so it has a data bucket). */
  extraLines: Record<string, bigint> = {},
): Promise<{
  project: { projectId: string; namespace: string }
  backupName: string
  worker: { stop(): Promise<void> }
}> {
  const { db } = database
  const velero = veleroObjects(connection, veleroNamespace())
  const userId = async (username: string) =>
    (await db.user.findUniqueOrThrow({ where: { username }, select: { id: true } })).id
  const seeded = await db.project.findFirstOrThrow({
    where: { name: 'Hệ thống quản lý đề tài khoa học' },
    select: { agencyId: true },
  })
  const project = await approvedProject(db, {
    agencyId: seeded.agencyId,
    requesterId: await userId('an.nguyen'),
    operatorId: await userId('duc.dang'),
    lines: { cpu: 500n, memory: GiB, pods: 5n, backupStorage: GiB, ...extraLines },
    name: 'Hệ thống lưu trữ hồ sơ điện tử',
  })
  await scheduleBackups(reconcilerDeps(db, connection, storage, { settings: veleroSettings(), velero }), project)
  const worker = await startKeyWorker(database, storage, velero)
  const now = await requestBackupNow(db, {
    projectId: project.projectId,
    actor: { id: null, label: 'test' },
    reason: 'x',
  })
  const backupName = now.ok ? now.value.backupName : ''
  await eventually('the backup completed', 120_000, async () =>
    (await velero.get('backups', backupName))?.status?.['phase'] === 'Completed' ? true : undefined,
  )
  return { project, backupName, worker }
}

/**
 * The platform of a backup test that removes its buckets afterwards: backup pools, and buckets
 * made without the object lock and dropped with no retention grace.
 */
export const openUnlockedBackupPlatform = (name: string): Promise<OpenPlatform> =>
  openPlatform({
    name,
    pools: BACKUP_POOLS,
    // Without the lock the test's buckets can be removed after it.
    deps: { settings: { ...DEFAULT_SETTINGS, objectLockSupported: false }, retentionGraceMs: 0 },
  })

/** A project with object storage, one bucket and backups, its schedule daily, reconciled ready. */
export async function readyBackedUpProject(open: OpenPlatform): Promise<{ projectId: string; namespace: string }> {
  const { db } = open.t
  const project = await approvedProject(db, {
    agencyId: await makeAgency(db, 'Sở Khoa học và Công nghệ'),
    requesterId: await makeUser(db, 'Nguyễn Văn An'),
    operatorId: await makeUser(db, 'Đặng Minh Đức'),
    lines: { objectStorage: GiB, buckets: 1n, backupStorage: GiB },
  })
  await db.allocation.update({ where: { projectId: project.projectId }, data: { backupSchedule: '0 2 * * *' } })
  expect((await reconcileProject(open.d, project.projectId))?.phase).toBe('ready')
  return project
}
