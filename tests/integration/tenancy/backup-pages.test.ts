// A project's backups page (issue 15, decision 0056) through the built console, which holds no
// cluster credentials: the worker's backup jobs run in this process as govcloud-console. The
// project's agency sees its backup, its health and the restore form; a backup name that is not
// the project's is refused beside the field with what was typed kept, and no Restore is made;
// another agency's staff get 404 on page and form, an operator 403 on the form, nothing created.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import { veleroObjects } from '#server/platform/kubernetes/velero'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { requestBackupNow } from '#server/provisioning/backup-requests'
import { removeBackupsOf, restoresOf, scheduleBackups, veleroSettings } from '../../helpers/backups'
import { GiB } from '../../helpers/fixtures'
import { connectStackKubernetes, connectStackStorage } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { approvedProject, reconcilerDeps, startKeyWorker, tearDownPlatform } from '../../helpers/provisioning'
import { PUBLIC_URL, signedInVisitor, startSeededConsole, type SeededConsole } from '../../helpers/seeded-console'
import { requireStackSetting } from '../../helpers/stack-env'

let started: SeededConsole
let connection: KubernetesConnection
let storage: ObjectStorage
let worker: { stop(): Promise<void> } | undefined
let project: { projectId: string; namespace: string }
let backupName: string

beforeAll(async () => {
  started = await startSeededConsole({ env: { PUBLIC_URL } })
  const db = started.database.db
  connection = await connectStackKubernetes()
  storage = connectStackStorage()
  const velero = veleroObjects(connection, requireStackSetting('VELERO_NAMESPACE'))
  const userId = async (username: string) =>
    (await db.user.findUniqueOrThrow({ where: { username }, select: { id: true } })).id
  const seeded = await db.project.findFirstOrThrow({
    where: { name: 'Hệ thống quản lý đề tài khoa học' },
    select: { agencyId: true },
  })
  project = await approvedProject(db, {
    agencyId: seeded.agencyId,
    requesterId: await userId('an.nguyen'),
    operatorId: await userId('duc.dang'),
    lines: { cpu: 500n, memory: GiB, pods: 5n, backupStorage: GiB },
    name: 'Hệ thống lưu trữ hồ sơ điện tử',
  })
  await scheduleBackups(reconcilerDeps(db, connection, storage, { settings: veleroSettings(), velero }), project)
  worker = await startKeyWorker(started.database, storage, velero)
  const now = await requestBackupNow(db, {
    projectId: project.projectId,
    actor: { id: null, label: 'test' },
    reason: 'x',
  })
  backupName = now.ok ? now.value.backupName : ''
  await eventually('the backup completed', 120_000, async () =>
    (await velero.get('backups', backupName))?.status?.['phase'] === 'Completed' ? true : undefined,
  )
}, 600_000)

afterAll(async () => {
  await worker?.stop()
  if (project) await removeBackupsOf([project], storage)
  await tearDownPlatform(connection, storage, project ? [project.namespace] : [])
  await started?.stop()
})

const decode = (html: string) =>
  html
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&')

describe("a project's backups page", () => {
  it('shows its agency the backup, its health and the restore form; a foreign backup name is refused at the field, kept', async () => {
    const an = await signedInVisitor(started.server, 'an.nguyen')
    const path = `/projects/${project.namespace}/backups`
    const page = await an.get(path)
    expect(page.status).toBe(200)
    const html = decode(await page.text())
    expect(html).toContain(backupName)
    expect(html).toContain('Sao lưu chạy đúng lịch.')
    expect(html).toContain('Lịch: 0 2 * * * (giờ Việt Nam)')
    expect(html).toContain('name="backupName"')

    const refused = await an.post(path, { backupName: 'ban-sao-luu-cua-so-tai-chinh' })
    expect(refused.status).toBe(422)
    const answer = decode(await refused.text())
    expect(answer).toContain('Không tìm thấy bản sao lưu “ban-sao-luu-cua-so-tai-chinh” của hệ thống này.')
    expect(answer).toContain('value="ban-sao-luu-cua-so-tai-chinh"')
    expect(await restoresOf('ban-sao-luu-cua-so-tai-chinh')).toEqual([])
  })

  it("gives another agency's staff 404 on page and form, an operator 403 on the form, and makes no Restore", async () => {
    const path = `/projects/${project.namespace}/backups`
    const lan = await signedInVisitor(started.server, 'lan.hoang')
    expect((await lan.get(path)).status).toBe(404)
    expect((await lan.post(path, { backupName })).status).toBe(404)
    const duc = await signedInVisitor(started.server, 'duc.dang')
    const read = await duc.get(path)
    expect(read.status).toBe(200)
    expect(await read.text()).not.toContain('name="backupName"')
    expect((await duc.post(path, { backupName })).status).toBe(403)
    expect(await restoresOf(backupName)).toEqual([])
  })
})
