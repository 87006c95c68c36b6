import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { MAX_LIVE_KEYS_PER_PROJECT } from '#server/domain/s3-keys'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { connectStackKubernetes, connectStackStorage } from '../../helpers/platform'
import { provisionSeeded, startKeyWorker, tearDownPlatform } from '../../helpers/provisioning'
import { consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, expectProblem, type Schemas } from './support'

// The cap of live S3 keys per project (server/domain/s3-keys.ts, decision 0031) where keys are
// issued, against the real SeaweedFS: issuing stops at the cap with a translated 409, also when
// keys are asked for at the same moment; rotation still works at the cap; revoking makes room;
// and a refused key leaves nothing behind in the storage.

let t: TestDatabase
let deps: ApiDeps
let connection: KubernetesConnection
let storage: ObjectStorage
let project: { projectId: string; namespace: string }
let token: string
let keyWorker: { stop(): Promise<void> } | undefined

beforeAll(async () => {
  t = await createSeededDatabase()
  connection = await connectStackKubernetes()
  storage = connectStackStorage()
  project = await provisionSeeded(t.db, connection, storage, 'Hệ thống quản lý đề tài khoa học')
  // Agency staff of the project's agency, with a console token as in s3-credentials.test.ts.
  // The API holds no storage keys: the worker (here in-process) makes them (decision 0032).
  deps = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  keyWorker = await startKeyWorker(t, storage)
  token = await consoleUserToken('an.nguyen')
}, 180_000)

afterAll(async () => {
  await keyWorker?.stop()
  await tearDownPlatform(connection, storage, project ? [project.namespace] : [])
  await t?.drop()
})

const keys = () => `/projects/${project.projectId}/s3-credentials`
const issue = (label: string, headers: Record<string, string> = {}) =>
  call<Schemas['IssuedS3Credential']>(deps, 'POST', keys(), { token, body: { label }, headers })
const live = () => t.db.s3Credential.count({ where: { projectId: project.projectId, revokedAt: null } })
/** The access keys the storage holds for the project's identity. */
const inStorage = async () => (await storage.listAccessKeys(project.namespace)).length

describe('the cap of live S3 keys per project', () => {
  it('issues up to the cap, even when the last keys are asked for at once, then refuses with 409', async () => {
    for (let i = await live(); i < MAX_LIVE_KEYS_PER_PROJECT - 2; i++)
      expect((await issue(`máy ${i}`)).status).toBe(201)
    // Three at once for the last two places: exactly two are issued.
    const racing = await Promise.all(['song song 1', 'song song 2', 'song song 3'].map((label) => issue(label)))
    expect(racing.map((r) => r.status).sort()).toEqual([201, 201, 409])
    expect(await live()).toBe(MAX_LIVE_KEYS_PER_PROJECT)

    const refused = await issue('một khoá nữa')
    const problem = expectProblem(refused, 409, 'api.credential_limit')
    expect(problem.detail).toBe(
      `Dự án đã có ${MAX_LIVE_KEYS_PER_PROJECT} khoá đang dùng, là số tối đa: hãy thu hồi một khoá không còn dùng trước khi cấp khoá mới.`,
    )
    const english = expectProblem(await issue('one more', { 'accept-language': 'en' }), 409, 'api.credential_limit')
    expect(english.detail).toMatch(new RegExp(`^The project already has ${MAX_LIVE_KEYS_PER_PROJECT} live keys`))
    // Nothing was made in the storage for the refused keys (nor left there by the race).
    expect(await inStorage()).toBe(MAX_LIVE_KEYS_PER_PROJECT)
  })

  it('still rotates a key at the cap, and issues again once a key is revoked', async () => {
    const oldest = await t.db.s3Credential.findFirst({
      where: { projectId: project.projectId, revokedAt: null },
      orderBy: { createdAt: 'asc' },
    })
    const rotated = await call(deps, 'POST', `${keys()}/${oldest!.id}/rotate`, { token })
    expect(rotated.status, rotated.text).toBe(201)
    expect(await live()).toBe(MAX_LIVE_KEYS_PER_PROJECT)

    const next = await t.db.s3Credential.findFirst({
      where: { projectId: project.projectId, revokedAt: null },
      orderBy: { createdAt: 'asc' },
    })
    const revoked = await call(deps, 'POST', `${keys()}/${next!.id}/revoke`, { token, body: { reason: 'chỗ trống' } })
    expect(revoked.status, revoked.text).toBe(200)
    expect((await issue('thay thế')).status).toBe(201)
    expect(await live()).toBe(MAX_LIVE_KEYS_PER_PROJECT)
    expectProblem(await issue('vẫn quá'), 409, 'api.credential_limit')
  })
})
