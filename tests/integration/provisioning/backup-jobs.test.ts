// A project's backups asked for through the job queue (issue 15, decision 0056), as the web console
// asks them: it holds no cluster credentials, so a backup now, the list of backups and a restore
// are jobs the worker answers; a backup now also copies the data buckets into the backup bucket at once (here its loop runs in this process as govcloud-console, as
// infra/local/dev runs it). Two agencies' projects with backups: each list holds its own backups
// only, and agency A asking to restore B's backup, or into B's namespace, is refused with nothing
// created. The restore brings back what was deleted, with the spec it had.
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { veleroObjects } from '#server/platform/kubernetes/velero'
import { backupBucketName } from '#server/domain/bucket-names'
import { COPY_PREFIX } from '#server/provisioning/bucket-copies'
import { dataBucketNames } from '#server/provisioning/desired'
import { askRestore, readBackups, requestBackupNow } from '#server/provisioning/backup-requests'
import { GiB, makeAgency, makeUser } from '../../helpers/fixtures'
import { adminS3Client } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import {
  approvedProject,
  leavePlatform,
  openPlatform,
  startKeyWorker,
  type OpenPlatform,
} from '../../helpers/provisioning'
import {
  BACKUP_POOLS,
  removeBackupsOf,
  restoresOf,
  scheduleBackups,
  veleroNamespace,
  veleroSettings,
} from '../../helpers/project-backups'

const settings = veleroSettings()
const actor = { id: 'user:an', label: 'Nguyễn Văn An' }
const ENDED = ['Completed', 'PartiallyFailed', 'Failed', 'FailedValidation']
let open: OpenPlatform
let worker: { stop(): Promise<void> }
const projects: { projectId: string; namespace: string }[] = []

async function projectWithBackups(agency: string): Promise<{ projectId: string; namespace: string }> {
  const db = open.t.db
  const project = await approvedProject(db, {
    agencyId: await makeAgency(db, agency),
    requesterId: await makeUser(db, 'Nguyễn Văn An'),
    operatorId: await makeUser(db, 'Đặng Minh Đức'),
    lines: { cpu: 1_000n, memory: GiB, pods: 5n, objectStorage: GiB, buckets: 1n, backupStorage: GiB },
  })
  projects.push(project)
  await scheduleBackups(open.d, project)
  return project
}

/** The backup's phase once it has ended, read through the worker as the console reads it. */
const endedPhase = (projectId: string, name: string) =>
  eventually(`backup ${name} ended`, 120_000, async () => {
    const listed = await readBackups(open.t.db, projectId)
    const phase = listed.ok ? listed.value.backups.find((b) => b.name === name)?.phase : undefined
    return phase !== undefined && ENDED.includes(phase) ? phase : undefined
  })

beforeAll(async () => {
  open = await openPlatform({
    name: 'backup-jobs',
    pools: BACKUP_POOLS,
    deps: { settings, retentionGraceMs: 0 },
  })
  const consoleVelero = veleroObjects(open.connection, veleroNamespace())
  open.d = { ...open.d, velero: consoleVelero }
  worker = await startKeyWorker(open.t, open.storage, consoleVelero)
}, 240_000)

afterAll(async () => {
  await worker?.stop()
  await removeBackupsOf(projects, open?.storage)
  await leavePlatform(
    open,
    projects.map((p) => p.namespace),
  )
})

describe("a project's backups through the worker", () => {
  it('takes a backup now from the schedule, copies the data bucket at once, and lists it healthy', async () => {
    const a = await projectWithBackups('Sở Khoa học và Công nghệ')
    const [data] = dataBucketNames(a.namespace, 1) as [string]
    const body = 'Quyết định số 17/QĐ-UBND'
    await adminS3Client().send(new PutObjectCommand({ Bucket: data, Key: 'ho-so/quyet-dinh-17.pdf', Body: body }))
    await open.admin.core.createNamespacedConfigMap({
      namespace: a.namespace,
      body: { metadata: { name: 'cau-hinh' }, data: { 'ten-don-vi': 'UBND xã Đồng Đăng', 'so-ban-ghi': '1234' } },
    })
    const now = await requestBackupNow(open.t.db, { projectId: a.projectId, actor, reason: 'trước khi nâng cấp' })
    expect(now.ok).toBe(true)
    const name = now.ok ? now.value.backupName : ''
    expect(name).toMatch(new RegExp(`^${a.namespace.slice(0, 42)}.*-now-\\d{14}$`))
    // The schedule is owed only at 02:00; the copy is there already, before Velero has finished.
    const copies = await open.storage.listObjects(backupBucketName(a.namespace), `${COPY_PREFIX}${data}/`)
    expect(copies.map((o) => [o.key, o.size])).toEqual([
      [`${COPY_PREFIX}${data}/ho-so/quyet-dinh-17.pdf`, Buffer.byteLength(body)],
    ])
    expect(await endedPhase(a.projectId, name)).toBe('Completed')

    const listed = await readBackups(open.t.db, a.projectId, { now: new Date() })
    expect(listed.ok).toBe(true)
    if (!listed.ok) return
    expect(listed.value.schedule).toMatchObject({ cron: '0 2 * * *' })
    expect(listed.value.backups.map((b) => b.name)).toEqual([name])
    expect(listed.value.backups[0]!.bytes).toBeGreaterThan(0)
    expect(listed.value.health).toMatchObject({ state: 'ok', lastSuccess: { name }, failures: [] })
    expect(listed.value.health?.nextRunAt?.getTime()).toBeGreaterThan(Date.now())
    const audited = await open.t.db.auditEntry.findMany({
      where: { entityId: a.projectId, action: 'backup.taken_now' },
      select: { after: true },
    })
    expect(audited).toHaveLength(1)
    expect(audited[0]?.after).toMatchObject({ backup: name, reason: 'trước khi nâng cấp' })
    expect(listed.value.lastCopy).toMatchObject({ copied: 1, bytesCopied: Buffer.byteLength(body) })
  })

  it("refuses agency A a restore of B's backup or into B's namespace, creating nothing; A's own restore brings the object back as it was", async () => {
    const [a] = projects as [{ projectId: string; namespace: string }]
    const b = await projectWithBackups('UBND xã Đồng Đăng')
    const bNow = await requestBackupNow(open.t.db, { projectId: b.projectId, actor, reason: 'kiểm thử' })
    const bBackup = bNow.ok ? bNow.value.backupName : ''
    expect(await endedPhase(b.projectId, bBackup)).toBe('Completed')

    // Each list holds its own backups only.
    const listedA = await readBackups(open.t.db, a.projectId)
    expect(listedA.ok && listedA.value.backups.map((x) => x.name)).not.toContain(bBackup)
    const stolen = await askRestore(open.t.db, { projectId: a.projectId, backupName: bBackup, actor })
    expect(stolen).toMatchObject({
      ok: false,
      error: { code: 'restore.backup_not_found', params: { backup: bBackup } },
    })
    const aBackup = listedA.ok ? listedA.value.backups[0]!.name : ''
    const elsewhere = await askRestore(open.t.db, {
      projectId: a.projectId,
      backupName: aBackup,
      namespace: b.namespace,
      actor,
    })
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'restore.other_namespace' } })
    expect(await restoresOf(bBackup)).toEqual([])

    const before = await open.admin.core.readNamespacedConfigMap({ namespace: a.namespace, name: 'cau-hinh' })
    await open.admin.core.deleteNamespacedConfigMap({ namespace: a.namespace, name: 'cau-hinh' })
    const asked = await askRestore(open.t.db, { projectId: a.projectId, backupName: aBackup, actor })
    expect(asked.ok).toBe(true)
    const restoreName = asked.ok ? asked.value.restoreName : ''
    const restore = await eventually('the restore ended', 120_000, async () => {
      const listed = await readBackups(open.t.db, a.projectId)
      const found = listed.ok ? listed.value.restores.find((r) => r.name === restoreName) : undefined
      return found && ENDED.includes(found.phase) ? found : undefined
    })
    expect(restore).toMatchObject({ backupName: aBackup, phase: 'Completed', errors: 0 })
    const after = await open.admin.core.readNamespacedConfigMap({ namespace: a.namespace, name: 'cau-hinh' })
    expect(after.data).toEqual(before.data)
    expect(after.data).toEqual({ 'ten-don-vi': 'UBND xã Đồng Đăng', 'so-ban-ghi': '1234' })
  })

  it('refuses a backup now for a project without a backup schedule', async () => {
    const db = open.t.db
    const plain = await approvedProject(db, {
      agencyId: await makeAgency(db, 'Sở Tài chính'),
      requesterId: await makeUser(db, 'Trần Thị Bình'),
      operatorId: await makeUser(db, 'Đặng Minh Đức'),
      lines: { cpu: 500n, memory: GiB, pods: 2n },
    })
    expect(await requestBackupNow(db, { projectId: plain.projectId, actor, reason: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'restore.no_backups' },
    })
    expect(await readBackups(db, plain.projectId)).toMatchObject({
      ok: true,
      value: { schedule: null, backups: [], health: null },
    })
  })
})
