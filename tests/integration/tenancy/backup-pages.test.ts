// A project's backups page (issue 15, decision 0056) through the built console, which holds no
// cluster credentials: the worker's backup jobs run in this process as govcloud-console. The
// project's agency sees its backup, its health and the restore form; a backup name that is not
// the project's is refused beside the field with what was typed kept, and no Restore is made;
// another agency's staff get 404 on page and form, an operator 403 on the form, nothing created.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { removeBackupsOf, restoresOf, seededProjectWithBackup } from '../../helpers/backups'
import { connectStackKubernetes, connectStackStorage } from '../../helpers/platform'
import { tearDownPlatform } from '../../helpers/provisioning'
import { PUBLIC_URL, signedInVisitor, startSeededConsole, type SeededConsole } from '../../helpers/seeded-console'

let started: SeededConsole
let connection: KubernetesConnection
let storage: ObjectStorage
let worker: { stop(): Promise<void> } | undefined
let project: { projectId: string; namespace: string }
let backupName: string

beforeAll(async () => {
  started = await startSeededConsole({ env: { PUBLIC_URL } })
  connection = await connectStackKubernetes()
  storage = connectStackStorage()
  ;({ project, backupName, worker } = await seededProjectWithBackup(started.database, connection, storage))
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
