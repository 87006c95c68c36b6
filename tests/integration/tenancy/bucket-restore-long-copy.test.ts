// A bucket restore whose copy outlasts the console's wait (issue 15, decision 0076), with the wait
// set to 1 s (BUCKET_RESTORE_WAIT_SECONDS) for the built console's page and for the API alike, and
// a copy of 1,000 objects, which takes seconds on the stack's SeaweedFS even idle (200 were copied
// within the 1 s on an idle machine, 2026-12-07 13:46, and the page said done). Before, the page
// said "unavailable" and the API 503 while the copy went on and succeeded. Now the page says the
// restore is accepted and lists it as copying, then done; the API answers 202 with where to look,
// which reads copying and then done with what came back. Another agency's staff get 404 there.
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { restoredBucketName } from '#server/domain/bucket-names'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { copyProjectBuckets } from '#server/provisioning/bucket-copies'
import { dataBucketNames } from '#server/provisioning/desired'
import { loadProjects } from '#server/provisioning/intent'
import { GiB } from '../../helpers/fixtures'
import { adminS3Client, connectStackKubernetes, connectStackStorage } from '../../helpers/platform'
import { like } from '../../helpers/matchers'
import { eventually } from '../../helpers/poll'
import { removeBackupsOf, seededProjectWithBackup } from '../../helpers/project-backups'
import { tearDownPlatform } from '../../helpers/provisioning'
import { PUBLIC_URL, signedInVisitor, startSeededConsole, type SeededConsole } from '../../helpers/seeded-console'
import { consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, type Schemas } from '../api/support'
import { decodeEntities as decode } from '../../helpers/html-entities'

const OBJECTS = 1000
const WAIT = { BUCKET_RESTORE_WAIT_SECONDS: '1' }
let started: SeededConsole
let connection: KubernetesConnection
let storage: ObjectStorage
let worker: { stop(): Promise<void> } | undefined
let project: { projectId: string; namespace: string }
let data: string
let api: ApiDeps

beforeAll(async () => {
  started = await startSeededConsole({ env: { PUBLIC_URL, ...WAIT } })
  connection = await connectStackKubernetes()
  storage = connectStackStorage()
  const lines = { objectStorage: GiB, buckets: 1n }
  ;({ project, worker } = await seededProjectWithBackup(started.database, connection, storage, lines))
  ;[data] = dataBucketNames(project.namespace, 1) as [string]
  const s3 = adminS3Client()
  for (let i = 0; i < OBJECTS; i += 20)
    await Promise.all(
      Array.from({ length: 20 }, (_, j) =>
        s3.send(new PutObjectCommand({ Bucket: data, Key: `hồ sơ/${i + j}.txt`, Body: `Đồng Đăng ${i + j}` })),
      ),
    )
  s3.destroy()
  const [loaded] = await loadProjects(started.database.db, [project.projectId])
  await copyProjectBuckets({ db: started.database.db, storage }, loaded!.intent, new Date(), { force: true })
  api = apiDeps(started.database.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID'), ...WAIT })
}, 600_000)

afterAll(async () => {
  await worker?.stop()
  if (project) await removeBackupsOf([project], storage)
  await tearDownPlatform(connection, storage, project ? [project.namespace] : [])
  await started?.stop()
})

describe('a bucket restore longer than the wait', () => {
  it('is said on the page to be accepted and listed as copying, then done', async () => {
    const an = await signedInVisitor(started.server, 'an.nguyen')
    const path = `/projects/${project.namespace}/backups`
    const bucket = restoredBucketName(project.namespace, 'dai-1')
    const asked = await an.post(path, { intent: 'restore-bucket', sourceBucket: data, label: 'dai-1' })
    expect(asked.status).toBe(200)
    const answer = decode(await asked.text())
    expect(answer).toContain(`Đã nhận yêu cầu khôi phục vào bucket “${bucket}”; việc chép dữ liệu vẫn đang chạy.`)
    expect(answer).not.toContain('Không liên lạc được với hệ thống sao lưu')
    expect(answer).toContain(`data-bucket="${bucket}" data-state="copying"`)
    expect(answer).toContain('Đang chép')

    const done = await eventually('the copy done on the page', 180_000, async () => {
      const html = decode(await (await an.get(path)).text())
      return html.includes(`data-bucket="${bucket}" data-state="done"`) ? html : undefined
    })
    expect(done).toContain('Đã xong')
    expect(await storage.listObjects(bucket, '')).toHaveLength(OBJECTS)
  }, 240_000)

  it('answers the API 202 with where to look, which reads copying and then done; another agency gets 404 there', async () => {
    const token = await consoleUserToken('an.nguyen')
    const bucket = restoredBucketName(project.namespace, 'dai-2')
    const asked = await call<Schemas['BucketRestore']>(api, 'POST', `/projects/${project.projectId}/bucket-restores`, {
      token,
      body: { sourceBucket: data, label: 'dai-2' },
    })
    expect(asked.status, asked.text).toBe(202)
    expect(asked.json).toMatchObject({ bucket, sourceBucket: data, state: 'copying', copiedAt: null })
    const location = asked.headers.get('location') ?? ''
    expect(location).toBe(`/api/v1/projects/${project.projectId}/bucket-restores/${bucket}`)
    const where = location.replace(/^\/api\/v1/, '')

    const read = await call<Schemas['BucketRestore']>(api, 'GET', where, { token })
    expect(read.status).toBe(200)
    expect(read.json).toMatchObject({ bucket, state: like.stringMatching(/^(copying|done)$/) })
    const done = await eventually('the copy done over the API', 180_000, async () => {
      const now = await call<Schemas['BucketRestore']>(api, 'GET', where, { token })
      return now.json.state === 'done' ? now.json : undefined
    })
    expect(done).toMatchObject({ objects: OBJECTS, copiedAt: like.any(String) })

    const lan = await consoleUserToken('lan.hoang')
    expect((await call(api, 'GET', where, { token: lan })).status).toBe(404)
  }, 240_000)
})
