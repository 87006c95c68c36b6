// A project's backups on the real stack (issue 15, decision 0053): the reconciler, as the console,
// gives a project with a backup quota its BackupStorageLocation on its own backup bucket, reached
// with the keys of its own backup identity (which reach nothing else), and a daily Schedule of its
// namespace; Velero finds the location Available with those keys and a backup from the schedule's
// template completes into the bucket. The copy of the data buckets is incremental by ETag and
// metered where the backup bucket is. The teardown removes location, schedule, Secret and identity.
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, DeleteObjectCommand } from '@aws-sdk/client-s3'
import * as k8s from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { veleroObjects, type VeleroItem } from '#server/platform/kubernetes/velero'
import { ACCESS_KEY_ANNOTATION } from '#server/provisioning/apply-backups'
import { copyProjectBuckets, COPY_RECORD } from '#server/provisioning/bucket-copies'
import { backupBucketName } from '#server/domain/bucket-names'
import { dataBucketNames } from '#server/provisioning/desired'
import { backupUserName } from '#server/provisioning/desired/backup'
import { loadProjects } from '#server/provisioning/intent'
import { reconcileProject } from '#server/provisioning/reconcile'
import { listBackups, requestRestore } from '#server/provisioning/restores'
import { GiB, makeAgency, makeUser } from '../../helpers/fixtures'
import { adminKubeConfig, adminS3Client, s3ClientWith, s3StatusOf } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { approvedProject, leavePlatform, openPlatform, type OpenPlatform } from '../../helpers/provisioning'
import {
  BACKUP_POOLS,
  removeBackupsOf,
  veleroNamespace as namespaceOfVelero,
  veleroObject,
  veleroSettings,
} from '../../helpers/project-backups'

const veleroNamespace = namespaceOfVelero()
// Without the lock the test's buckets can be removed after it; the lock itself is the smoke test's
// (tests/integration/stack/velero.test.ts) and s3.test.ts's.
const settings = veleroSettings()
const at = { group: 'velero.io', version: 'v1', namespace: veleroNamespace }
const s3 = adminS3Client()
let open: OpenPlatform
let custom: k8s.CustomObjectsApi
let projectId: string
let namespace: string
const namespaces: string[] = []

beforeAll(async () => {
  open = await openPlatform({
    name: 'backups',
    pools: BACKUP_POOLS,
    deps: { settings, retentionGraceMs: 0 },
  })
  open.d = { ...open.d, velero: veleroObjects(open.connection, veleroNamespace) }
  custom = adminKubeConfig().makeApiClient(k8s.CustomObjectsApi)
  const requester = await makeUser(open.t.db, 'Nguyễn Văn An')
  const op = await makeUser(open.t.db, 'Đặng Minh Đức')
  const agencyId = await makeAgency(open.t.db, 'UBND xã Đồng Đăng')
  ;({ projectId, namespace } = await approvedProject(open.t.db, {
    agencyId,
    requesterId: requester,
    operatorId: op,
    lines: { cpu: 1_000n, memory: GiB, pods: 5n, objectStorage: GiB, buckets: 1n, backupStorage: GiB },
  }))
  namespaces.push(namespace)
  await open.t.db.allocation.update({
    where: { projectId },
    data: { backupSchedule: '0 2 * * *', backupRetentionDays: 7 },
  })
})

afterAll(async () => {
  if (projectId) await removeBackupsOf([{ projectId, namespace }], open?.storage)
  s3.destroy()
  await leavePlatform(open, namespaces)
})

/** A Backup as Velero's schedule or an administrator makes one, with the project's label. */
const makeBackup = (name: string, spec: unknown) =>
  custom.createNamespacedCustomObject({
    ...at,
    plural: 'backups',
    body: {
      apiVersion: 'velero.io/v1',
      kind: 'Backup',
      metadata: { name, labels: { 'govcloud.langson.gov.vn/project-id': projectId } },
      spec,
    },
  })

const get = veleroObject

describe("a project's backups", () => {
  it('gets its location and daily schedule, with keys of its own that Velero accepts and that reach nothing else', async () => {
    expect(await reconcileProject(open.d, projectId)).toMatchObject({ phase: 'ready', error: null })
    const location = await get('backupstoragelocations', namespace)
    expect(location.spec).toMatchObject({ objectStorage: { bucket: backupBucketName(namespace), prefix: 'velero' } })
    expect(location.metadata?.labels).toMatchObject({ 'govcloud.langson.gov.vn/project-id': projectId })
    const schedule = await get('schedules', namespace)
    expect(schedule.spec).toMatchObject({
      schedule: 'CRON_TZ=Asia/Ho_Chi_Minh 0 2 * * *',
      template: { includedNamespaces: [namespace], storageLocation: namespace, ttl: '168h0m0s' },
    })
    const keyId = location.metadata?.annotations?.[ACCESS_KEY_ANNOTATION]
    expect(await open.storage.listAccessKeys(backupUserName(namespace))).toEqual([keyId])
    await eventually('the location Available', 90_000, async () =>
      (await get('backupstoragelocations', namespace)).status?.['phase'] === 'Available' ? true : undefined,
    )

    // The key, read as an administrator would: the backup bucket, and not the project's data bucket.
    const secret = await open.admin.core.readNamespacedSecret({ namespace: veleroNamespace, name: namespace })
    const file = Buffer.from(secret.data?.['cloud'] ?? '', 'base64').toString('utf8')
    const secretAccessKey = /aws_secret_access_key=(\S+)/.exec(file)?.[1] ?? ''
    const backupKey = s3ClientWith({ accessKeyId: keyId ?? '', secretAccessKey })
    expect(await s3StatusOf(backupKey.send(new ListObjectsV2Command({ Bucket: backupBucketName(namespace) })))).toBe(
      200,
    )
    const [data] = dataBucketNames(namespace, 1)
    expect(await s3StatusOf(backupKey.send(new ListObjectsV2Command({ Bucket: data })))).toBe(403)
    backupKey.destroy()
  })

  it('writes nothing on a second pass', async () => {
    const before = (await get('backupstoragelocations', namespace)).metadata as { resourceVersion?: string }
    const schedule = (await get('schedules', namespace)).metadata as { resourceVersion?: string }
    expect(await reconcileProject(open.d, projectId)).toMatchObject({ phase: 'ready', writes: 0 })
    expect((await get('backupstoragelocations', namespace)).metadata).toMatchObject({
      resourceVersion: before.resourceVersion,
    })
    expect((await get('schedules', namespace)).metadata).toMatchObject({ resourceVersion: schedule.resourceVersion })
  })

  it("completes a backup of the schedule's template into the project's backup bucket", async () => {
    const template = (await get('schedules', namespace)).spec?.['template']
    const name = `${namespace}-now`
    await makeBackup(name, template)
    const done = await eventually('the backup done', 120_000, async () => {
      const phase = (await get('backups', name)).status?.['phase']
      return ['Completed', 'PartiallyFailed', 'Failed', 'FailedValidation'].includes(String(phase)) ? phase : undefined
    })
    expect(done).toBe('Completed')
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: backupBucketName(namespace), Prefix: `velero/backups/${name}/` }),
    )
    expect((listed.Contents ?? []).map((o) => o.Key)).toContain(`velero/backups/${name}/${name}.tar.gz`)
  })

  it('copies the data bucket into the backup bucket when the schedule falls due, and then only what changed', async () => {
    const [data] = dataBucketNames(namespace, 1) as [string]
    const backup = backupBucketName(namespace)
    await s3.send(new PutObjectCommand({ Bucket: data, Key: 'ho-so/quyet-dinh-01.pdf', Body: 'Quyết định số 01' }))
    await s3.send(new PutObjectCommand({ Bucket: data, Key: 'ho-so/quyet-dinh-02.pdf', Body: 'Quyết định số 02' }))
    const { intent } = (await loadProjects(open.t.db, [projectId]))[0]!
    const deps = { db: open.t.db, storage: open.storage, settings }
    // 02:00 in Việt Nam is 19:00 UTC: the first copy at 19:05, nothing owed at 19:30, owed again the next night.
    const first = await copyProjectBuckets(deps, intent, new Date('2026-12-06T19:05:00Z'))
    expect(first).toMatchObject({ copied: 2, bytesCopied: 2 * Buffer.byteLength('Quyết định số 01'), removed: 0 })
    expect(await copyProjectBuckets(deps, intent, new Date('2026-12-06T19:30:00Z'))).toBeNull()
    const copied = await s3.send(
      new GetObjectCommand({ Bucket: backup, Key: `buckets/${data}/ho-so/quyet-dinh-01.pdf` }),
    )
    expect(await copied.Body?.transformToString()).toBe('Quyết định số 01')

    await s3.send(
      new PutObjectCommand({ Bucket: data, Key: 'ho-so/quyet-dinh-02.pdf', Body: 'Quyết định số 02 (sửa)' }),
    )
    await s3.send(new DeleteObjectCommand({ Bucket: data, Key: 'ho-so/quyet-dinh-01.pdf' }))
    const second = await copyProjectBuckets(deps, intent, new Date('2026-12-07T19:01:00Z'))
    expect(second).toMatchObject({ copied: 1, removed: 1, unchanged: 0 })
    const third = await copyProjectBuckets(deps, intent, new Date('2026-12-08T19:01:00Z'))
    expect(third).toMatchObject({ copied: 0, removed: 0, unchanged: 1 })
    const record = await open.storage.readJson(backup, COPY_RECORD)
    expect(record).toMatchObject({ finishedAt: '2026-12-08T19:01:00.000Z' })
    const entries = await open.t.db.auditEntry.count({
      where: { action: 'backup.buckets_copied', entityId: projectId },
    })
    expect(entries).toBe(3)
  })

  it("lists the project's backups with their size in the bucket", async () => {
    const velero = open.d.velero!
    const backups = await listBackups({ velero, storage: open.storage }, { projectId, namespace })
    expect(backups).toEqual([expect.objectContaining({ name: `${namespace}-now`, phase: 'Completed' })])
    expect(backups[0]!.bytes).toBeGreaterThan(0)
  })

  it("restores the project's own backup into its namespace, and refuses another namespace or another project's backup (audited)", async () => {
    const velero = open.d.velero!
    const agencyId = (await open.t.db.project.findUniqueOrThrow({ where: { id: projectId } })).agencyId
    const project = { projectId, namespace, agencyId }
    const actor = { id: 'user:an', label: 'Nguyễn Văn An' }

    // Crafted: into kube-system; and a backup of another namespace through another location that
    // even carries this project's label (only the spec, which Velero itself acts on, is believed).
    const elsewhere = await requestRestore(
      { db: open.t.db, velero },
      project,
      { backupName: `${namespace}-now`, namespace: 'kube-system' },
      actor,
    )
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'restore.other_namespace' } })
    const foreign = `${namespace}-foreign`
    await makeBackup(foreign, { includedNamespaces: ['govcloud-system'], storageLocation: 'default', ttl: '1h0m0s' })
    const stolen = await requestRestore({ db: open.t.db, velero }, project, { backupName: foreign }, actor)
    expect(stolen).toMatchObject({ ok: false, error: { code: 'restore.backup_not_found' } })
    const missing = await requestRestore({ db: open.t.db, velero }, project, { backupName: 'khong-co' }, actor)
    expect(missing).toMatchObject({ ok: false, error: { code: 'restore.backup_not_found' } })
    const restores = (await custom.listNamespacedCustomObject({ ...at, plural: 'restores' })) as { items: VeleroItem[] }
    expect(
      restores.items.filter((r) => r.spec?.['backupName'] === foreign || r.spec?.['backupName'] === 'khong-co'),
    ).toEqual([])

    const done = await requestRestore({ db: open.t.db, velero }, project, { backupName: `${namespace}-now` }, actor)
    expect(done.ok).toBe(true)
    const name = done.ok ? done.value.restoreName : ''
    const restore = await eventually('the restore done', 120_000, async () => {
      const item = await get('restores', name)
      return ['Completed', 'PartiallyFailed', 'Failed', 'FailedValidation'].includes(String(item.status?.['phase']))
        ? item
        : undefined
    })
    expect(restore.status?.['phase']).toBe('Completed')
    expect(restore.spec).toMatchObject({ includedNamespaces: [namespace], existingResourcePolicy: 'none' })
    const audited = await open.t.db.auditEntry.findMany({
      where: { entityId: projectId, action: { in: ['backup.restore_requested', 'backup.restore_refused'] } },
      orderBy: { seq: 'asc' },
      select: { action: true, outcome: true },
    })
    expect(audited.map((a) => `${a.action} ${a.outcome}`)).toEqual([
      'backup.restore_refused denied',
      'backup.restore_refused denied',
      'backup.restore_refused denied',
      'backup.restore_requested ok',
    ])
  })

  it('removes location, schedule, Secret and identity when the allocation ends', async () => {
    await open.t.db.allocation.update({ where: { projectId }, data: { state: 'revoked' } })
    await eventually('the teardown done', 60_000, async () => {
      const outcome = await reconcileProject(open.d, projectId)
      return outcome?.phase === 'deleted' ? outcome : undefined
    })
    const status = async (plural: string) =>
      custom.getNamespacedCustomObject({ ...at, plural, name: namespace }).then(
        () => 200,
        (e: { code?: number }) => e.code,
      )
    expect(await status('backupstoragelocations')).toBe(404)
    expect(await status('schedules')).toBe(404)
    expect(
      await open.admin.core.readNamespacedSecret({ namespace: veleroNamespace, name: namespace }).then(
        () => 200,
        (e: { code?: number }) => e.code,
      ),
    ).toBe(404)
    // The identity is deleted with its keys: none is left that could still write to the bucket.
    expect(await open.storage.listAccessKeys(backupUserName(namespace))).toEqual([])
  })
})
