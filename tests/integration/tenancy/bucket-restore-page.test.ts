// The backups page's bucket restore (issue 15, decision 0056) through the built console, which holds
// no storage keys: the worker's backup jobs run in this process. The project's agency restores its
// data bucket's copy into a new bucket and sees it listed; a label with marks and a name that exists
// are refused beside the label with what was typed kept; another agency's staff get 404 on the page
// and its form, an operator 403 on the form, and nothing is made.
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { restoredBucketName } from '#server/domain/bucket-names'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { copyProjectBuckets } from '#server/provisioning/bucket-copies'
import { dataBucketNames } from '#server/provisioning/desired'
import { loadProjects } from '#server/provisioning/intent'
import { removeBackupsOf, seededProjectWithBackup } from '../../helpers/project-backups'
import { GiB } from '../../helpers/fixtures'
import { adminS3Client, connectStackKubernetes, connectStackStorage } from '../../helpers/platform'
import { tearDownPlatform } from '../../helpers/provisioning'
import { PUBLIC_URL, signedInVisitor, startSeededConsole, type SeededConsole } from '../../helpers/seeded-console'
import { decodeEntities as decode } from '../../helpers/html-entities'

let started: SeededConsole
let connection: KubernetesConnection
let storage: ObjectStorage
let worker: { stop(): Promise<void> } | undefined
let project: { projectId: string; namespace: string }
let data: string

beforeAll(async () => {
  started = await startSeededConsole({ env: { PUBLIC_URL } })
  connection = await connectStackKubernetes()
  storage = connectStackStorage()
  const lines = { objectStorage: GiB, buckets: 1n }
  ;({ project, worker } = await seededProjectWithBackup(started.database, connection, storage, lines))
  ;[data] = dataBucketNames(project.namespace, 1) as [string]
  const s3 = adminS3Client()
  await s3.send(new PutObjectCommand({ Bucket: data, Key: 'hồ sơ/Đồng Đăng.txt', Body: 'UBND xã Đồng Đăng' }))
  s3.destroy()
  const [loaded] = await loadProjects(started.database.db, [project.projectId])
  await copyProjectBuckets({ db: started.database.db, storage }, loaded!.intent, new Date(), { force: true })
}, 600_000)

afterAll(async () => {
  await worker?.stop()
  if (project) await removeBackupsOf([project], storage)
  await tearDownPlatform(connection, storage, project ? [project.namespace] : [])
  await started?.stop()
})

describe("the backups page's bucket restore", () => {
  it("gives another agency's staff 404 on page and form, an operator 403 on the form; nothing is made", async () => {
    const path = `/projects/${project.namespace}/backups`
    const form = { intent: 'restore-bucket', sourceBucket: data, label: 'thang-11' }
    const lan = await signedInVisitor(started.server, 'lan.hoang')
    expect((await lan.get(path)).status).toBe(404)
    expect((await lan.post(path, form)).status).toBe(404)
    const duc = await signedInVisitor(started.server, 'duc.dang')
    const read = await duc.get(path)
    expect(read.status).toBe(200)
    expect(await read.text()).not.toContain('name="sourceBucket"')
    expect((await duc.post(path, form)).status).toBe(403)
    expect(await started.database.db.bucketRestore.count()).toBe(0)
    expect(await storage.bucketExists(restoredBucketName(project.namespace, 'thang-11'))).toBe(false)
  }, 60_000)

  it('restores for its agency, lists the new bucket, and answers a bad label and a taken name at the label', async () => {
    const an = await signedInVisitor(started.server, 'an.nguyen')
    const path = `/projects/${project.namespace}/backups`
    const page = decode(await (await an.get(path)).text())
    expect(page).toContain('Khôi phục dữ liệu bucket vào bucket mới')
    expect(page).toContain(`<option value="${data}"`)

    const marked = await an.post(path, { intent: 'restore-bucket', sourceBucket: data, label: 'Tháng 11' })
    expect(marked.status).toBe(422)
    const refusal = decode(await marked.text())
    expect(refusal).toContain('Tên bucket mới chỉ gồm chữ thường không dấu, chữ số và dấu gạch nối')
    expect(refusal).toContain('value="Tháng 11"')
    // Said in the form's error summary (decision 0068), whose link leads to the refused field.
    expect(refusal).toMatch(/class="error-summary"[^]*href="#restore-bucket-form-label"/)
    expect(refusal).toMatch(/id="restore-bucket-form-label"[^>]*aria-invalid="true"/)

    const done = await an.post(path, { intent: 'restore-bucket', sourceBucket: data, label: 'thang-11' })
    expect(done.status).toBe(200)
    const bucket = restoredBucketName(project.namespace, 'thang-11')
    expect(decode(await done.text())).toContain(`Đã khôi phục 1 đối tượng`)
    expect(decode(await (await an.get(path)).text())).toContain(`<code>${bucket}</code>`)

    const taken = await an.post(path, { intent: 'restore-bucket', sourceBucket: data, label: 'thang-11' })
    expect(taken.status).toBe(422)
    expect(decode(await taken.text())).toContain(`Bucket “${bucket}” đã tồn tại`)
    expect(await started.database.db.bucketRestore.count()).toBe(1)
  }, 120_000)
})
