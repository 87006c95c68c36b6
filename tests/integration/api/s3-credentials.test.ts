// The provisioning status and S3 keys over the REST API, against the real PostgreSQL, SeaweedFS,
// Kubernetes and Keycloak: the secret once (201) and never again, another agency's project a 404,
// an operator may list and revoke but never issue, and a revoked key refused by the storage.
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { bucketName } from '#server/provisioning/desired'
import { createSeededDatabase, rowsContaining, type TestDatabase } from '../../helpers/database'
import { like } from '../../helpers/matchers'
import { connectStackKubernetes, connectStackStorage, s3ClientWith, s3StatusOf } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { tearDownPlatform, provisionSeeded, startKeyWorker } from '../../helpers/provisioning'
import { automationToken, consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import {
  apiDeps,
  call,
  expectProblem,
  fieldCodes,
  pageThrough,
  projectId as projectIdOf,
  type Schemas,
} from './support'

let t: TestDatabase
let deps: ApiDeps
let connection: KubernetesConnection
let storage: ObjectStorage
let project: { projectId: string; namespace: string }
let unprovisioned: string
let keyWorker: { stop(): Promise<void> } | undefined
const tokens: Record<'an' | 'lan' | 'duc' | 'automation', string> = {} as never

beforeAll(async () => {
  t = await createSeededDatabase()
  connection = await connectStackKubernetes()
  storage = connectStackStorage()
  project = await provisionSeeded(t.db, connection, storage, 'Hệ thống quản lý đề tài khoa học')
  unprovisioned = await projectIdOf(t.db, 'Cổng thông tin điện tử Sở Khoa học và Công nghệ')
  // Console users' tokens are accepted here as the operators' API tests accept them (decision 0008).
  // The API holds no storage keys: the worker (here in-process) makes and revokes keys (decision 0032).
  deps = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  keyWorker = await startKeyWorker(t, storage)
  tokens.an = await consoleUserToken('an.nguyen')
  tokens.lan = await consoleUserToken('lan.hoang')
  tokens.duc = await consoleUserToken('duc.dang')
  tokens.automation = await automationToken()
}, 180_000)

afterAll(async () => {
  await keyWorker?.stop()
  await tearDownPlatform(connection, storage, project ? [project.namespace] : [])
  await t?.drop()
})

describe('provisioning status over the API', () => {
  it("shows the project's own agency and the data centre the status, and another agency a 404", async () => {
    const path = `/projects/${project.projectId}/provisioning`
    const mine = await call<Schemas['ProvisioningStatus']>(deps, 'GET', path, { token: tokens.an })
    expect(mine.status, mine.text).toBe(200)
    expect(mine.json).toMatchObject({
      projectId: project.projectId,
      phase: 'ready',
      driftDetected: false,
      quotaBelowUsage: [],
      job: null,
      deleteAfter: null,
    })
    expect(mine.json.conditions.map((c) => `${c.type}=${c.status}`)).toEqual([
      'Ready=True',
      'Progressing=False',
      'Degraded=False',
    ])
    expect((await call(deps, 'GET', path, { token: tokens.duc })).status).toBe(200)
    const missing = expectProblem(
      await call(deps, 'GET', `/projects/00000000-0000-7000-8000-000000000000/provisioning`, { token: tokens.lan }),
      404,
      'api.not_found',
    )
    const hidden = expectProblem(await call(deps, 'GET', path, { token: tokens.lan }), 404, 'api.not_found')
    expect(hidden.detail).toBe(missing.detail)
    expectProblem(
      await call(deps, 'GET', `/projects/${unprovisioned}/provisioning`, { token: tokens.an }),
      404,
      'api.provisioning_not_found',
    )
  })
})

describe('S3 keys over the API', () => {
  const keys = () => `/projects/${project.projectId}/s3-credentials`

  it(
    "issues a key with its secret once (201), lists it without, and the key works on the project's bucket only",
    { timeout: 60_000 },
    async () => {
      const created = await call<Schemas['IssuedS3Credential']>(deps, 'POST', keys(), {
        token: tokens.an,
        body: { label: 'Máy chủ ứng dụng đề tài' },
        headers: { 'user-agent': 'terraform-provider-govcloud/0.3' },
      })
      expect(created.status, created.text).toBe(201)
      expect(
        await t.db.auditEntry.findFirstOrThrow({ where: { action: 's3_credential.issued' }, orderBy: { seq: 'desc' } }),
      ).toMatchObject({ userAgent: 'terraform-provider-govcloud/0.3' })
      expect(created.headers.get('cache-control')).toBe('no-store')
      expect(created.json).toMatchObject({
        label: 'Máy chủ ứng dụng đề tài',
        revokedAt: null,
        createdBy: { displayName: 'Nguyễn Văn An' },
        secretAccessKey: like.any(String),
      })
      expect(created.headers.get('location')).toBe(`/api/v1${keys()}/${created.json.id}`)
      const secret = created.json.secretAccessKey

      const listed = await call<Schemas['S3CredentialPage']>(deps, 'GET', keys(), { token: tokens.an })
      expect(listed.status).toBe(200)
      expect(listed.json.items[0]).toMatchObject({ id: created.json.id, accessKeyId: created.json.accessKeyId })
      expect(listed.json.items[0]).not.toHaveProperty('secretAccessKey')
      expect(listed.text).not.toContain(secret)
      // Nor is it anywhere in the database: not the key's row, not the audit log, not the key job.
      expect(await rowsContaining(t.db, secret, ['S3Credential', 'AuditEntry', 'Job'])).toBe(0)

      const client = s3ClientWith(created.json)
      const bucket = bucketName(project.namespace, 'data')
      await eventually(
        'the key to work',
        20_000,
        async () => (
          await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'de-tai.txt', Body: 'Đề tài khoa học' })),
          true
        ),
      )
      client.destroy()
    },
  )

  it("answers another agency's caller exactly as for a missing project, and writes nothing", async () => {
    const before = await t.db.s3Credential.count()
    for (const token of [tokens.lan, tokens.automation]) {
      expectProblem(await call(deps, 'GET', keys(), { token }), 404, 'api.not_found')
      expectProblem(await call(deps, 'POST', keys(), { token, body: { label: 'xâm nhập' } }), 404, 'api.not_found')
    }
    const someKey = await t.db.s3Credential.findFirstOrThrow({ where: { projectId: project.projectId } })
    expectProblem(
      await call(deps, 'POST', `${keys()}/${someKey.id}/revoke`, { token: tokens.lan }),
      404,
      'api.not_found',
    )
    expect(await t.db.s3Credential.count()).toBe(before)
    expect((await t.db.s3Credential.findUniqueOrThrow({ where: { id: someKey.id } })).revokedAt).toBeNull()
  })

  it('refuses bad input with problem+json and a key for an unprovisioned project with 409', async () => {
    const bad = expectProblem(
      await call(deps, 'POST', keys(), { token: tokens.an, body: { label: '', extra: 1 } }),
      422,
      'api.invalid_input',
    )
    expect(fieldCodes(bad).map(([path]) => path)).toEqual(['/extra'])
    const empty = expectProblem(
      await call(deps, 'POST', keys(), { token: tokens.an, body: { label: '  ' } }),
      422,
      'api.invalid_input',
    )
    expect(empty.errors).toEqual([like.objectContaining({ path: '/label', code: 'api.label_required' })])
    expectProblem(
      await call(deps, 'POST', `/projects/${unprovisioned}/s3-credentials`, {
        token: tokens.an,
        body: { label: 'cổng' },
        headers: { 'accept-language': 'en' },
      }),
      409,
      'api.not_provisioned',
    )
    expectProblem(await call(deps, 'GET', `${keys()}?cursor=abc`, { token: tokens.an }), 400, 'api.invalid_cursor')
  })

  it(
    'lets an operator list and revoke but never issue or rotate; a revoked key stops working',
    { timeout: 60_000 },
    async () => {
      const issued = await call<Schemas['IssuedS3Credential']>(deps, 'POST', keys(), {
        token: tokens.an,
        body: { label: 'Sao lưu' },
      })
      expect(issued.status).toBe(201)
      expectProblem(
        await call(deps, 'POST', keys(), { token: tokens.duc, body: { label: 'vận hành' } }),
        403,
        'api.forbidden',
      )
      expectProblem(
        await call(deps, 'POST', `${keys()}/${issued.json.id}/rotate`, { token: tokens.duc }),
        403,
        'api.forbidden',
      )
      const listed = await call(deps, 'GET', keys(), { token: tokens.duc })
      expect(listed.status).toBe(200)
      expect(listed.text).not.toContain(issued.json.secretAccessKey)

      const client = s3ClientWith(issued.json)
      const bucket = bucketName(project.namespace, 'data')
      await eventually(
        'the key to work',
        20_000,
        async () => (await client.send(new ListObjectsV2Command({ Bucket: bucket })), true),
      )
      const revoked = await call<Schemas['S3Credential']>(deps, 'POST', `${keys()}/${issued.json.id}/revoke`, {
        token: tokens.duc,
        body: { reason: 'Khoá bị lộ trên kho mã nguồn' },
      })
      expect(revoked.status, revoked.text).toBe(200)
      expect(revoked.json).toMatchObject({ id: issued.json.id, revokedAt: like.any(String) })
      await eventually('the revoked key to be refused', 20_000, async () =>
        (await s3StatusOf(client.send(new ListObjectsV2Command({ Bucket: bucket })))) === 403 ? true : undefined,
      )
      expectProblem(
        await call(deps, 'POST', `${keys()}/${issued.json.id}/revoke`, { token: tokens.an }),
        409,
        'api.credential_revoked',
      )
      client.destroy()
    },
  )

  it('rotates: a new secret once, the old key revoked', { timeout: 60_000 }, async () => {
    const first = await call<Schemas['IssuedS3Credential']>(deps, 'POST', keys(), {
      token: tokens.an,
      body: { label: 'Đồng bộ' },
    })
    const rotated = await call<Schemas['IssuedS3Credential']>(deps, 'POST', `${keys()}/${first.json.id}/rotate`, {
      token: tokens.an,
    })
    expect(rotated.status, rotated.text).toBe(201)
    expect(rotated.json).toMatchObject({ label: 'Đồng bộ', secretAccessKey: like.any(String) })
    expect(rotated.json.accessKeyId).not.toBe(first.json.accessKeyId)
    expect((await t.db.s3Credential.findUniqueOrThrow({ where: { id: first.json.id } })).revokedAt).not.toBeNull()
    expectProblem(
      await call(deps, 'POST', `${keys()}/${first.json.id}/rotate`, { token: tokens.an }),
      409,
      'api.credential_revoked',
    )
  })

  it('pages newest first with cursors, each key once', async () => {
    const all = await call<Schemas['S3CredentialPage']>(deps, 'GET', keys(), { token: tokens.an })
    const paged = await pageThrough<Schemas['S3Credential']>(deps, tokens.an, keys(), { limit: 2 })
    const seen = paged.map((k) => k.id)
    expect(seen).toEqual(all.json.items.map((k) => k.id))
    expect(seen.length).toBeGreaterThanOrEqual(4)
    const created = all.json.items.map((k) => k.createdAt)
    expect([...created].sort().reverse()).toEqual(created)
  })
})
