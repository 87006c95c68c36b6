// A data bucket's copy restored into a new bucket over the REST API (issue 15, decision 0056),
// with the realm's real tokens, against the real PostgreSQL and SeaweedFS; the worker's backup
// jobs run in this process. so-khcn (an.nguyen) restores its bucket; so-tc's staff (lan.hoang) get
// 404 on both operations for so-khcn's project, and an.nguyen naming so-tc's bucket gets a 422 at
// /sourceBucket: nothing is made either way, so-tc's bucket is unchanged. An operator reads but may
// not restore (403). A label that is not a plain name and a name that exists are 422 at /label.
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { restoredBucketName } from '#server/domain/bucket-names'
import { copyProjectBuckets } from '#server/provisioning/bucket-copies'
import { dataBucketNames, DEFAULT_SETTINGS } from '#server/provisioning/desired'
import { loadProjects } from '#server/provisioning/intent'
import { reconcileProject } from '#server/provisioning/reconcile'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { GiB } from '../../helpers/fixtures'
import { adminS3Client, connectStackKubernetes, connectStackStorage } from '../../helpers/platform'
import { approvedProject, reconcilerDeps, startKeyWorker, tearDownPlatform } from '../../helpers/provisioning'
import { consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, expectProblem, fieldCodes, type Schemas } from './support'

type Project = { projectId: string; namespace: string; data: string }
let t: TestDatabase
let deps: ApiDeps
let close: () => Promise<void>
let worker: { stop(): Promise<void> } | undefined
const s3 = adminS3Client()
const made: Project[] = []
const tokens: Record<'an' | 'lan' | 'duc', string> = {} as never

/** A project of the seeded agency `code`, with object storage and backups, one object copied. */
async function projectOf(code: string, requester: string, key: string): Promise<Project> {
  const { db } = t
  const id = async (username: string) => (await db.user.findUniqueOrThrow({ where: { username } })).id
  const agency = await db.agency.findUniqueOrThrow({ where: { code } })
  const project = await approvedProject(db, {
    agencyId: agency.id,
    requesterId: await id(requester),
    operatorId: await id('duc.dang'),
    lines: { objectStorage: GiB, buckets: 1n, backupStorage: GiB },
    name: `Kho hồ sơ ${code} ${made.length}`,
  })
  await db.allocation.update({ where: { projectId: project.projectId }, data: { backupSchedule: '0 2 * * *' } })
  const connection = await connectStackKubernetes()
  const storage = connectStackStorage()
  const d = reconcilerDeps(db, connection, storage, { settings: { ...DEFAULT_SETTINGS, objectLockSupported: false } })
  expect((await reconcileProject(d, project.projectId))?.phase).toBe('ready')
  const [data] = dataBucketNames(project.namespace, 1) as [string]
  await s3.send(new PutObjectCommand({ Bucket: data, Key: key, Body: `Dữ liệu của ${code}` }))
  const [loaded] = await loadProjects(db, [project.projectId])
  await copyProjectBuckets(d, loaded!.intent, new Date(), { force: true })
  storage.close()
  await connection.close()
  made.push({ ...project, data })
  return { ...project, data }
}

beforeAll(async () => {
  t = await createSeededDatabase()
  const storage = connectStackStorage()
  worker = await startKeyWorker(t, storage)
  close = async () => {
    await worker?.stop()
    await tearDownPlatform(
      await connectStackKubernetes(),
      storage,
      made.map((p) => p.namespace),
    )
  }
  deps = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  tokens.an = await consoleUserToken('an.nguyen')
  tokens.lan = await consoleUserToken('lan.hoang')
  tokens.duc = await consoleUserToken('duc.dang')
}, 120_000)

afterAll(async () => {
  s3.destroy()
  await close?.()
  await t?.drop()
})

describe('bucket restores over the API', () => {
  it("keeps each agency to its own buckets: B's staff get 404, A naming B's bucket a 422, nothing made", async () => {
    const a = await projectOf('so-khcn', 'an.nguyen', 'ho-so/Quyết định 128.pdf')
    const b = await projectOf('so-tc', 'lan.hoang', 'ke-toan/so-cai.xlsx')
    const path = `/projects/${a.projectId}/bucket-restores`
    const body = { sourceBucket: a.data, label: 'thang-11' }
    expectProblem(await call(deps, 'GET', path, { token: tokens.lan }), 404, 'api.not_found')
    expectProblem(await call(deps, 'POST', path, { token: tokens.lan, body }), 404, 'api.not_found')
    expect((await call(deps, 'GET', path, { token: tokens.duc })).status).toBe(200)
    expectProblem(await call(deps, 'POST', path, { token: tokens.duc, body }), 403, 'api.forbidden')
    const bPath = `/projects/${b.projectId}/bucket-restores`
    expectProblem(
      await call(deps, 'POST', bPath, { token: tokens.an, body: { ...body, sourceBucket: b.data } }),
      404,
      'api.not_found',
    )

    const stolen = expectProblem(
      await call(deps, 'POST', path, {
        token: tokens.an,
        body: { sourceBucket: b.data, label: 'lay-cua-so-tc' },
        headers: { 'accept-language': 'vi' },
      }),
      422,
      'restore.bucket_not_found',
    )
    expect(fieldCodes(stolen)).toEqual([['/sourceBucket', 'restore.bucket_not_found']])
    expect(stolen.detail).toBe(`Bản sao lưu không có dữ liệu của bucket “${b.data}”.`)
    expect(await t.db.bucketRestore.count()).toBe(0)
    const storage = connectStackStorage()
    const buckets = await storage.listBuckets()
    storage.close()
    expect(
      buckets.filter((n) => n.startsWith(`${a.namespace}-restore-`) || n.startsWith(`${b.namespace}-restore-`)),
    ).toEqual([])
  }, 120_000)

  it('answers a bad label and an existing name at /label, and restores as asked (201)', async () => {
    const [a] = made as [Project]
    const path = `/projects/${a.projectId}/bucket-restores`
    const missing = expectProblem(
      await call(deps, 'POST', path, { token: tokens.an, body: { label: 'x' } }),
      422,
      'api.invalid_input',
    )
    expect(fieldCodes(missing)).toEqual([['/sourceBucket', 'input.required']])
    const marked = expectProblem(
      await call(deps, 'POST', path, { token: tokens.an, body: { sourceBucket: a.data, label: 'Tháng 11' } }),
      422,
      'restore.label_invalid',
    )
    expect(fieldCodes(marked)).toEqual([['/label', 'restore.label_invalid']])

    const done = await call<Schemas['RestoredBucket']>(deps, 'POST', path, {
      token: tokens.an,
      body: { sourceBucket: a.data, label: 'thang-11' },
    })
    expect(done.status, done.text).toBe(201)
    expect(done.json).toMatchObject({ bucket: restoredBucketName(a.namespace, 'thang-11'), objects: 1 })
    const again = expectProblem(
      await call(deps, 'POST', path, { token: tokens.an, body: { sourceBucket: a.data, label: 'thang-11' } }),
      422,
      'restore.bucket_exists',
    )
    expect(fieldCodes(again)).toEqual([['/label', 'restore.bucket_exists']])
    const listed = await call<Schemas['BucketRestoreList']>(deps, 'GET', path, { token: tokens.an })
    expect(listed.json.items).toEqual([
      expect.objectContaining({ bucket: done.json.bucket, sourceBucket: a.data, objects: 1, bytes: done.json.bytes }),
    ])
  }, 60_000)
})
