// S3 keys belong to the identity they were made for. Revoking must delete the key from that
// identity: SeaweedFS answers a DeleteAccessKey that names another user with success and keeps
// the key, so a revocation that looked the user up by the project's namespace while issuing used
// the identity recorded in the status would mark a working key revoked. This file names the
// identity differently from the namespace to prove the two paths agree.
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import {
  CredentialError,
  findCredential,
  issueS3AccessKey,
  listS3AccessKeys,
  revokeS3AccessKey,
} from '#server/provisioning/credentials'
import { S3_POLICY_NAME, bucketName, tenantPolicy } from '#server/provisioning/desired'
import { reconcileProject } from '#server/provisioning/reconcile'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makePools, makeUser } from '../../helpers/fixtures'
import { connectStackKubernetes, connectStackStorage, s3ClientWith, s3StatusOf } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { approvedProject, tearDownPlatform, reconcilerDeps } from '../../helpers/provisioning'

let t: TestDatabase
let connection: KubernetesConnection
let storage: ObjectStorage
let projectId: string
let otherProjectId: string
let namespace: string
let identity: string
const namespaces: string[] = []
let actor: { id: string; label: string }

beforeAll(async () => {
  t = await createTestDatabase()
  await makePools(t.db, { cpu: 100_000n, memory: 1024n * GiB, pods: 1000n, objectStorage: 1000n * GiB, buckets: 100n })
  connection = await connectStackKubernetes()
  storage = connectStackStorage()
  const requester = await makeUser(t.db, 'Nguyễn Văn An')
  const op = await makeUser(t.db, 'Đặng Minh Đức')
  actor = { id: requester, label: 'Nguyễn Văn An' }
  const agencyId = await makeAgency(t.db, 'UBND xã Đồng Đăng')
  for (const which of ['mine', 'other'] as const) {
    const { projectId: id, namespace } = await approvedProject(t.db, {
      agencyId,
      requesterId: requester,
      operatorId: op,
      lines: { cpu: 1_000n, memory: GiB, pods: 5n, objectStorage: GiB, buckets: 1n },
    })
    namespaces.push(namespace)
    expect(await reconcileProject(reconcilerDeps(t.db, connection, storage), id)).toMatchObject({
      phase: 'ready',
      error: null,
    })
    if (which === 'mine') projectId = id
    else otherProjectId = id
  }
  namespace = namespaces[0]!
  // The identity under another name than the namespace, scoped to the same bucket, as a future
  // naming rule (or an operator's migration) could record it.
  identity = `${namespace}-s3`
  await storage.ensureUser(identity)
  await storage.putUserPolicy(identity, S3_POLICY_NAME, tenantPolicy([bucketName(namespace, 'data')]))
  const status = await t.db.provisioningStatus.findUniqueOrThrow({ where: { projectId } })
  await t.db.provisioningStatus.update({
    where: { projectId },
    data: { details: { ...(status.details as object), identity } },
  })
}, 120_000)

afterAll(async () => {
  await storage?.deleteUser(identity, [S3_POLICY_NAME]).catch(() => undefined)
  await tearDownPlatform(connection, storage, namespaces)
  await t?.drop()
})

describe('S3 keys and the identity they belong to', () => {
  it(
    'revokes a key from the identity it was issued to, even when that is not named after the namespace',
    { timeout: 60_000 },
    async () => {
      const issued = await issueS3AccessKey({ db: t.db, storage }, { projectId, actor, label: 'Sao lưu hồ sơ một cửa' })
      expect(await storage.listAccessKeys(identity)).toContain(issued.accessKeyId)
      expect((await t.db.s3Credential.findUniqueOrThrow({ where: { id: issued.credentialId } })).iamUser).toBe(identity)
      const s3 = s3ClientWith(issued)
      const bucket = bucketName(namespace, 'data')
      await eventually(
        'the new key to work',
        20_000,
        async () => (await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'ho-so.txt', Body: 'Hồ sơ' })), true),
      )

      await revokeS3AccessKey({ db: t.db, storage }, { credentialId: issued.credentialId, projectId, actor })
      expect(await storage.listAccessKeys(identity)).not.toContain(issued.accessKeyId)
      await eventually('the revoked key to stop working', 20_000, async () =>
        (await s3StatusOf(s3.send(new ListObjectsV2Command({ Bucket: bucket })))) === 403 ? true : undefined,
      )
      s3.destroy()
    },
  )

  it(
    "refuses another project's key id as if it did not exist, and a revoked one as revoked",
    { timeout: 60_000 },
    async () => {
      const theirs = await issueS3AccessKey(
        { db: t.db, storage },
        { projectId: otherProjectId, actor, label: 'máy chủ báo cáo' },
      )
      await expect(
        revokeS3AccessKey({ db: t.db, storage }, { credentialId: theirs.credentialId, projectId, actor }),
      ).rejects.toMatchObject({ code: 'credential.not_found' })
      // Rotating looks the key up this way before it asks for a new one.
      await expect(findCredential(t.db, theirs.credentialId, projectId)).rejects.toBeInstanceOf(CredentialError)
      expect((await t.db.s3Credential.findUniqueOrThrow({ where: { id: theirs.credentialId } })).revokedAt).toBeNull()
      await revokeS3AccessKey(
        { db: t.db, storage },
        { credentialId: theirs.credentialId, projectId: otherProjectId, actor },
      )
      await expect(
        revokeS3AccessKey(
          { db: t.db, storage },
          { credentialId: theirs.credentialId, projectId: otherProjectId, actor },
        ),
      ).rejects.toMatchObject({ code: 'credential.revoked' })
    },
  )

  it(
    'lists keys newest first with who issued them, page by page, and never a secret',
    { timeout: 60_000 },
    async () => {
      const a = await issueS3AccessKey({ db: t.db, storage }, { projectId, actor, label: 'một' })
      const b = await issueS3AccessKey({ db: t.db, storage }, { projectId, actor, label: 'hai' })
      const all = await listS3AccessKeys(t.db, projectId)
      expect(all.slice(0, 2).map((k) => k.id)).toEqual([b.credentialId, a.credentialId])
      expect(all[0]).toMatchObject({ label: 'hai', createdBy: { displayName: 'Nguyễn Văn An' }, revokedAt: null })
      const first = await listS3AccessKeys(t.db, projectId, { limit: 1 })
      const second = await listS3AccessKeys(t.db, projectId, { limit: 1, after: first[0]! })
      expect([...first, ...second].map((k) => k.id)).toEqual([b.credentialId, a.credentialId])
      const text = JSON.stringify(all)
      expect(text).not.toContain(a.secretAccessKey)
      expect(text).not.toContain(b.secretAccessKey)
    },
  )
})
