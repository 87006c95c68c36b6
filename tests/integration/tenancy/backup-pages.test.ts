// A project's backups page (issue 15, decision 0056) through the built console, which holds no
// cluster credentials: the worker's backup jobs run in this process as govcloud-console. The
// project's agency sees its backup, its health and the restore form; a backup name that is not
// the project's is refused beside the field with what was typed kept, and no Restore is made;
// another agency's staff get 404 on page and form, an operator 403 on the form, nothing created.
// A failed run that the worker's scan made a GC-BAK-01 finding shows on the page to the agency
// (decision 0076), as the findings' pages would show it, and to nobody who may not read them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatDateTime } from '#server/i18n/format'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import { veleroObjects } from '#server/platform/kubernetes/velero'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { scanBackupHealth } from '#server/provisioning/backup-health-scan'
import {
  failingBackup,
  removeBackupsOf,
  restoresOf,
  seededProjectWithBackup,
  veleroNamespace,
  veleroObject,
} from '../../helpers/project-backups'
import { eventually } from '../../helpers/poll'
import { connectStackKubernetes, connectStackStorage } from '../../helpers/platform'
import { tearDownPlatform } from '../../helpers/provisioning'
import { PUBLIC_URL, signedInVisitor, startSeededConsole, type SeededConsole } from '../../helpers/seeded-console'
import { decodeEntities as decode } from '../../helpers/html-entities'

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

// Each person signs in once for the file: the demo people are shared by every test on the stack's
// one Keycloak, whose brute-force guard made a second sign-in of duc.dang fail here once.
const visitors = new Map<string, ReturnType<typeof signedInVisitor>>()
const visitor = (username: string) => {
  if (!visitors.has(username)) visitors.set(username, signedInVisitor(started.server, username))
  return visitors.get(username)!
}

describe("a project's backups page", () => {
  it('shows its agency the backup, its health and the restore form; a foreign backup name is refused at the field, kept', async () => {
    const an = await visitor('an.nguyen')
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
    const lan = await visitor('lan.hoang')
    expect((await lan.get(path)).status).toBe(404)
    expect((await lan.post(path, { backupName })).status).toBe(404)
    const duc = await visitor('duc.dang')
    const read = await duc.get(path)
    expect(read.status).toBe(200)
    expect(await read.text()).not.toContain('name="backupName"')
    expect((await duc.post(path, { backupName })).status).toBe(403)
    expect(await restoresOf(backupName)).toEqual([])
  })
  it("shows the agency the open backup finding (status, since, what happened, what to do, the way to it); an operator and another agency's staff get none of it", async () => {
    const db = started.database.db
    const failed = `that-bai-${Date.now().toString(36)}`
    await failingBackup(project.namespace, failed)
    await eventually('the refused backup ended', 120_000, async () =>
      (await veleroObject('backups', failed)).status?.['phase'] === 'FailedValidation' ? true : undefined,
    )
    await scanBackupHealth({ db, velero: veleroObjects(connection, veleroNamespace()), storage })
    const finding = await db.securityFinding.findFirstOrThrow({
      where: { checkId: 'GC-BAK-01', projectId: project.projectId, resolvedAt: null },
    })
    const path = `/projects/${project.namespace}/backups`
    const listPath = `/security/findings?check=GC-BAK-01&project=${project.namespace}`

    const an = await visitor('an.nguyen')
    const html = decode(await (await an.get(path)).text())
    expect(html).toContain('Phát hiện an ninh về sao lưu')
    expect(html).toContain(`data-finding="${finding.id}" data-status="open"`)
    expect(html).toContain('Đang mở')
    expect(html).toContain(
      `Có 1 lần sao lưu thất bại kể từ lần thành công gần nhất. Lần thất bại gần nhất: “${failed}”.`,
    )
    expect(html).toContain(formatDateTime(finding.firstSeenAt, 'vi'))
    expect(html).toContain('Xem trang sao lưu của hệ thống: lần thất bại nói lý do;')
    expect(html).toContain(`href="${listPath}"`)
    // The link leads to the finding in the findings' list, as the agency reads it there.
    expect(decode(await (await an.get(listPath)).text())).toContain(`data-finding="${finding.id}"`)

    // An operator reads the backups, not the findings (findings.read); another agency neither.
    const duc = await visitor('duc.dang')
    const read = await duc.get(path)
    expect(read.status).toBe(200)
    const operatorHtml = await read.text()
    expect(operatorHtml).not.toContain(finding.id)
    expect(operatorHtml).not.toContain('Phát hiện an ninh về sao lưu')
    const lan = await visitor('lan.hoang')
    const foreign = await lan.get(path)
    expect(foreign.status).toBe(404)
    expect(await foreign.text()).not.toContain(finding.id)
    const list = await lan.get(listPath)
    expect(list.status).toBe(200)
    expect(await list.text()).not.toContain(finding.id)
  })
})
