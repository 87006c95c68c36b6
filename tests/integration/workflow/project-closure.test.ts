// Closing an information system against the real stack (issue 15, decision 0058): a project with a
// namespace, a data bucket holding a file and a backup schedule is closed by its agency's request
// and an operator's approval. The grant ends through the ledger (the pools get it back), the
// system asks for nothing more, the worker's last backup Completes in the object-locked backup
// bucket with a copy of the file, the namespace and the data bucket are kept until that backup is
// done (a grace of 0 here) and then removed; the backup bucket stays, locked; the history stays.
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backupBucketName, dataBucketNames } from '#server/domain/bucket-names'
import { systemLife } from '#server/domain/project-closure'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { veleroObjects } from '#server/platform/kubernetes/velero'
import { takeLastBackup } from '#server/provisioning/closing'
import { COPY_PREFIX } from '#server/provisioning/bucket-copies'
import { reconcileProject } from '#server/provisioning/reconcile'
import { projectMayRequest } from '#server/workflow/create-request'
import { askToClose, decideClosure, LAST_BACKUP_JOB } from '#server/workflow/project-closure'
import { GiB, makeAgency, makeUser } from '../../helpers/fixtures'
import { adminS3Client, k8sStatusOf } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { approvedProject, leavePlatform, openPlatform, type OpenPlatform } from '../../helpers/provisioning'
import {
  BACKUP_POOLS,
  locationAvailable,
  removeBackupsOf,
  veleroNamespace,
  veleroObject,
  veleroSettings,
} from '../../helpers/project-backups'

const settings = { ...veleroSettings(), objectLockSupported: true }
let open: OpenPlatform
let project: { projectId: string; namespace: string; requestId: string }
let staff: { id: string; label: string }
const operator = { id: '', label: 'Đặng Minh Đức', roles: ['dc_operator' as const], agencyIds: [] as string[] }

beforeAll(async () => {
  open = await openPlatform({ name: 'project-closure', pools: BACKUP_POOLS, deps: { settings, retentionGraceMs: 0 } })
  open.d = { ...open.d, velero: veleroObjects(open.connection, veleroNamespace()) }
  const db = open.t.db
  staff = { id: await makeUser(db, 'Nguyễn Văn An'), label: 'Nguyễn Văn An' }
  operator.id = await makeUser(db, 'Đặng Minh Đức')
  project = await approvedProject(db, {
    agencyId: await makeAgency(db, 'UBND xã Đồng Đăng'),
    requesterId: staff.id,
    operatorId: operator.id,
    lines: { cpu: 1_000n, memory: GiB, pods: 5n, objectStorage: GiB, buckets: 1n, backupStorage: GiB },
  })
  await db.allocation.update({
    where: { projectId: project.projectId },
    data: { backupSchedule: '0 2 * * *', backupRetentionDays: 1 },
  })
  expect(await reconcileProject(open.d, project.projectId)).toMatchObject({ phase: 'ready', error: null })
  await locationAvailable(project.namespace)
}, 240_000)

afterAll(async () => {
  if (project) await removeBackupsOf([project], open?.storage)
  await leavePlatform(open, project ? [project.namespace] : [])
})

const allocated = async (resource: string) =>
  (await open.t.db.poolResource.findUniqueOrThrow({ where: { resource } })).allocated

describe('closing an information system', () => {
  it('ends the grant, takes the last backup into the locked bucket, then removes the namespace and data bucket', async () => {
    const db = open.t.db
    const { projectId, namespace } = project
    const [dataBucket] = dataBucketNames(namespace, 1) as [string]
    const backupBucket = backupBucketName(namespace)
    await adminS3Client().send(
      new PutObjectCommand({ Bucket: dataBucket, Key: 'ho-so/quyet-dinh.txt', Body: 'Quyết định số 196/KH-UBND' }),
    )
    const agencyId = (await db.project.findUniqueOrThrow({ where: { id: projectId } })).agencyId
    expect(await allocated('cpu')).toBe(1_000n)

    expect(await askToClose(db, { projectId, agencyId, actor: staff, reason: '  ' })).toMatchObject({
      ok: false,
      error: { code: 'closure.reason_required' },
    })
    const asked = await askToClose(db, { projectId, agencyId, actor: staff, reason: 'Hệ thống được thay thế' })
    expect(asked.ok).toBe(true)
    const closureId = asked.ok ? asked.value.id : ''
    expect(await askToClose(db, { projectId, agencyId, actor: staff, reason: 'lần hai' })).toMatchObject({
      ok: false,
      error: { code: 'closure.already_open' },
    })
    const decide = (actor: typeof operator, decision: 'approve' | 'reject') =>
      decideClosure(db, { closureId, decision, actor, note: '', policy: DEFAULT_APPROVAL_POLICY })
    // The one who asked, and an operator of the agency itself, may not decide; nothing changes.
    expect(await decide({ ...operator, id: staff.id }, 'approve')).toMatchObject({
      ok: false,
      error: { code: 'request.requester_cannot_decide' },
    })
    expect(await decide({ ...operator, agencyIds: [agencyId] }, 'approve')).toMatchObject({
      ok: false,
      error: { code: 'request.own_agency_cannot_decide' },
    })
    expect(await decide(operator, 'reject')).toMatchObject({ ok: false, error: { code: 'closure.note_required' } })
    expect(await allocated('cpu')).toBe(1_000n)
    expect(await decide(operator, 'approve')).toEqual({ ok: true, value: 'approved' })
    expect(await decide(operator, 'approve')).toMatchObject({ ok: false, error: { code: 'closure.not_submitted' } })

    // The grant ended through the ledger: the pools have it back, the allocation is revoked.
    expect(await allocated('cpu')).toBe(0n)
    expect(await allocated('backupStorage')).toBe(0n)
    expect((await db.quotaRequest.findUniqueOrThrow({ where: { id: project.requestId } })).state).toBe('revoked')
    expect(await projectMayRequest(db, projectId)).toMatchObject({
      ok: false,
      error: { code: 'closure.system_closing' },
    })
    expect(await db.job.count({ where: { kind: LAST_BACKUP_JOB, key: closureId } })).toBe(1)

    // The grace period is 0, yet the namespace and the data stay until the last backup is done.
    expect(await reconcileProject(open.d, projectId)).toMatchObject({ phase: 'retained' })
    expect(await k8sStatusOf(open.admin.core.readNamespace({ name: namespace }))).toBe(200)
    const closure = await eventually('the last backup done', 180_000, async () => {
      const step = await takeLastBackup(open.d, closureId, new Date())
      expect(step.status).toBe('done')
      const row = await db.projectClosure.findUniqueOrThrow({ where: { id: closureId } })
      return row.lastCopyAt ? row : undefined
    })
    const backup = await veleroObject('backups', closure.lastBackupName ?? '')
    expect(backup.status?.['phase']).toBe('Completed')
    expect(backup.spec?.['includedNamespaces']).toEqual([namespace])
    const stored = await open.storage.listObjects(backupBucket, `velero/backups/${closure.lastBackupName}/`)
    expect(stored.length).toBeGreaterThan(0)
    const copied = await open.storage.listObjects(backupBucket, `${COPY_PREFIX}${dataBucket}/`)
    expect(copied.map((o) => o.key)).toEqual([`${COPY_PREFIX}${dataBucket}/ho-so/quyet-dinh.txt`])
    expect((await open.storage.readBucket(backupBucket))?.objectLock).toMatchObject({ enabled: true })

    // Now the teardown: the namespace and the data bucket go; the locked backups stay.
    await eventually('the namespace gone', 120_000, async () => {
      await reconcileProject(open.d, projectId)
      return (await k8sStatusOf(open.admin.core.readNamespace({ name: namespace }))) === 404 ? true : undefined
    })
    await eventually('the data bucket gone', 60_000, async () => {
      await reconcileProject(open.d, projectId)
      return (await open.storage.bucketExists(dataBucket)) ? undefined : true
    })
    expect(await open.storage.bucketExists(backupBucket)).toBe(true)
    expect(
      (await open.storage.listObjects(backupBucket, `velero/backups/${closure.lastBackupName}/`)).length,
    ).toBeGreaterThan(0)

    // The history stays: the project, its requests and the trail of its closing.
    expect(await db.project.count({ where: { id: projectId } })).toBe(1)
    const actions = (await db.auditEntry.findMany({ where: { entityId: projectId }, orderBy: { seq: 'asc' } })).map(
      (e) => e.action,
    )
    expect(actions).toEqual(
      expect.arrayContaining([
        'project.close_requested',
        'project.close_approved',
        'backup.taken_now',
        'backup.buckets_copied',
        'provisioning.namespace_deleted',
      ]),
    )
    // Closed: the namespace and the data bucket are gone, the locked backups stay their retention.
    const closures = await db.projectClosure.findMany({ where: { projectId }, select: { state: true, closedAt: true } })
    expect(systemLife(closures)).toBe('closed')
  })
})
