import { ListObjectsV2Command } from '@aws-sdk/client-s3'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { claim, complete, enqueue } from '#server/jobs/queue'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { bucketName } from '#server/provisioning/desired'
import { RECONCILE_JOB } from '#server/jobs/shared-with-sql'
import { reconcileProject } from '#server/provisioning/reconcile'
import { startBrowserConsole, type BrowserConsole } from '../helpers/browser'
import { connectStackKubernetes, connectStackStorage, s3ClientWith } from '../helpers/platform'
import { eventually } from '../helpers/poll'
import { tearDownPlatform, reconcilerDeps, startKeyWorker } from '../helpers/provisioning'

// An agency user watches their project being provisioned in Chromium (the status changes on the
// page without a reload while the job runs), then issues an S3 key and sees its secret once.

let started: BrowserConsole | undefined
let connection: KubernetesConnection
let storage: ObjectStorage
let project: { id: string; namespace: string }
let keyWorker: { stop(): Promise<void> } | undefined

beforeAll(async () => {
  // The console holds no storage keys: the worker (here in-process) makes the key (decision 0032).
  started = await startBrowserConsole()
  connection = await connectStackKubernetes()
  storage = connectStackStorage()
  keyWorker = await startKeyWorker(started.database, storage)
  const row = await started.database.db.project.findFirstOrThrow({
    where: { name: 'Hệ thống quản lý đề tài khoa học' },
    select: { id: true },
  })
  // A namespace of this run's own: the seed's is shared with every seeded database and `npm run dev`.
  project = { id: row.id, namespace: `e2e${Date.now().toString(36)}-de-tai-khcn` }
  await started.database.db.project.update({ where: { id: project.id }, data: { namespace: project.namespace } })
}, 300_000)

afterAll(async () => {
  await keyWorker?.stop()
  await tearDownPlatform(connection, storage, project ? [project.namespace] : [])
  await started?.stop()
})

const main = async (page: Page) => (await page.locator('main').innerText()).replace(/\u00a0/g, ' ')

describe('provisioning in the browser', () => {
  it(
    'shows the status live while the job runs, then issues a key whose secret is shown once',
    { timeout: 180_000 },
    async () => {
      const { database, server, browser } = started!
      const db = database.db
      // The approval's trigger would have queued this job; the worker is played by the test.
      await enqueue(db, { kind: RECONCILE_JOB, key: project.id })

      const context = await browser.newContext({ locale: 'vi-VN' })
      const page = await context.newPage()
      await page.goto(`${server.url}/projects/${project.namespace}`)
      await started!.signIn(page, 'an.nguyen')
      await page.locator('main h2', { hasText: 'Trạng thái cấp phát' }).waitFor()
      const status = page.locator('.provisioning-status')
      expect(await status.getAttribute('data-phase')).toBe('provisioning')
      expect(await status.innerText()).toContain('Đang xếp hàng')
      expect(await main(page)).toContain('Chỉ tạo được khoá khi kho lưu trữ đối tượng của dự án đã được cấp phát xong.')

      const [job] = await claim(db, { kinds: [RECONCILE_JOB], holder: 'e2e-worker', leaseMs: 60_000 })
      expect(job?.key).toBe(project.id)
      await status.getByText('Đang chạy (lần thử 1)').waitFor({ timeout: 15_000 })
      expect(await reconcileProject(reconcilerDeps(db, connection, storage), project.id)).toMatchObject({
        phase: 'ready',
        error: null,
      })
      await complete(db, job!.id)
      // No reload: the page polls its status route until the status settles.
      await page.locator('.provisioning-status[data-phase="ready"]').waitFor({ timeout: 20_000 })
      const ready = await status.innerText()
      expect(ready).toContain('Sẵn sàng')
      expect(ready).toContain('Không có công việc nào đang chờ')
      expect(ready).not.toContain('Trang tự cập nhật')

      // The key form followed the status: no reload needed.
      await page.getByLabel('Nhãn').fill('Máy chủ ứng dụng đề tài')
      await page.getByRole('button', { name: 'Tạo khoá mới' }).click()
      await page.getByTestId('secret-once').waitFor()
      const secret = (await page.getByTestId('issued-secret').innerText()).trim()
      const accessKeyId = (await page.getByTestId('issued-access-key-id').innerText()).trim()
      expect(secret.length).toBeGreaterThanOrEqual(20)
      expect(await main(page)).toContain('Hãy sao chép khoá bí mật ngay bây giờ')
      expect(page.url()).not.toContain(secret)

      // The key works on the project's bucket.
      const client = s3ClientWith({ accessKeyId, secretAccessKey: secret })
      await eventually(
        'the new key to work',
        20_000,
        async () => (
          await client.send(new ListObjectsV2Command({ Bucket: bucketName(project.namespace, 'data') })),
          true
        ),
      )
      client.destroy()

      // Once: opened again, the key is listed by its id and label, its secret nowhere.
      await page.goto(`${server.url}/projects/${project.namespace}`)
      const again = await main(page)
      expect(again).toContain(accessKeyId)
      expect(again).toContain('Máy chủ ứng dụng đề tài')
      expect(again).not.toContain(secret)
      expect(await page.content()).not.toContain(secret)
      await context.close()
    },
  )
})
