// Agency A cannot touch agency B: in Kubernetes as a user of group /agencies/<A> (the group claim
// Keycloak puts in the token; here through impersonation by the admin), and in S3 with the
// project's own access key, issued once, rotated and revoked through the console.
import * as k8s from '@kubernetes/client-node'
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { listS3AccessKeys } from '#server/provisioning/credentials'
import { requestKeyRevocation, requestKeyRotation, requestS3AccessKey } from '#server/provisioning/key-requests'
import { OBJECT_NAMES, bucketName } from '#server/provisioning/desired'
import { reconcileProject, type ReconcilerDeps } from '#server/provisioning/reconcile'
import { rowsContaining, type TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makeUser } from '../../helpers/fixtures'
import { k8sStatusOf, s3ClientWith, s3StatusOf } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { approvedProject, startKeyWorker, leavePlatform, openPlatform } from '../../helpers/provisioning'

let t: TestDatabase
let connection: KubernetesConnection
/** The cluster administrator, who impersonates the agencies' people. */
let administrator: KubernetesConnection
let storage: ObjectStorage
let d: ReconcilerDeps
const namespaces: string[] = []
const tenants: Record<'a' | 'b', { agencyId: string; code: string; projectId: string; namespace: string }> = {} as never
const admin = { id: 'test-admin', label: 'Lý Văn Quang' }
let parentCode: string
let keyWorker: { stop(): Promise<void> } | undefined

beforeAll(async () => {
  ;({ t, connection, admin: administrator, storage, d } = await openPlatform({ name: 'isolation-test' }))
  const requester = await makeUser(t.db, 'Nguyễn Văn An')
  const op = await makeUser(t.db, 'Đặng Minh Đức')
  // A sits under a provincial body whose staff act for it in the console (and so in Kubernetes).
  const parentId = await makeAgency(t.db, 'UBND tỉnh Lạng Sơn')
  parentCode = (await t.db.agency.findUniqueOrThrow({ where: { id: parentId } })).code
  for (const [key, name] of [
    ['a', 'Sở Khoa học và Công nghệ'],
    ['b', 'Sở Tài chính'],
  ] as const) {
    const agencyId = await makeAgency(t.db, name)
    if (key === 'a') await t.db.agency.update({ where: { id: agencyId }, data: { parentId } })
    const { code } = await t.db.agency.findUniqueOrThrow({ where: { id: agencyId } })
    const { projectId, namespace } = await approvedProject(t.db, {
      agencyId,
      requesterId: requester,
      operatorId: op,
      lines: { cpu: 1_000n, memory: GiB, pods: 5n, objectStorage: GiB, buckets: 1n },
    })
    namespaces.push(namespace)
    expect(await reconcileProject(d, projectId)).toMatchObject({ phase: 'ready', error: null })
    tenants[key] = { agencyId, code, projectId, namespace }
  }
  keyWorker = await startKeyWorker(t, storage)
}, 120_000)

afterAll(async () => {
  await keyWorker?.stop()
  await leavePlatform({ t, connection, admin: administrator, storage }, namespaces)
})

/** Calls as a person of agency A: the API server sees user and group as an OIDC token would carry them. */
function asAgencyUser(user: string, group: string) {
  const options = k8s.setHeaderOptions(
    'Impersonate-Group',
    group,
    k8s.setHeaderOptions('Impersonate-User', user, administrator.options),
  )
  return { core: administrator.core, options }
}

describe("one agency cannot reach another's namespace", () => {
  it('gives a user of agency A the tenant role in its own namespace and nothing in B, nor on quotas, nor cluster-wide', async () => {
    const { core, options } = asAgencyUser('an.nguyen', `/agencies/${tenants.a.code}`)
    const a = tenants.a.namespace
    const b = tenants.b.namespace
    expect(
      await k8sStatusOf(
        core.createNamespacedConfigMap(
          { namespace: a, body: { metadata: { name: 'cau-hinh' }, data: { 'ghi-chu': 'Cấu hình ứng dụng' } } },
          options,
        ),
      ),
    ).toBe(200)
    expect(await k8sStatusOf(core.listNamespacedPod({ namespace: a }, options))).toBe(200)
    expect(await k8sStatusOf(core.listNamespacedPod({ namespace: b }, options))).toBe(403)
    expect(
      await k8sStatusOf(
        core.createNamespacedConfigMap({ namespace: b, body: { metadata: { name: 'xam-nhap' } } }, options),
      ),
    ).toBe(403)
    expect(await k8sStatusOf(core.readNamespacedSecret({ namespace: b, name: 'anything' }, options))).toBe(403)
    // Quotas are read-only to the agency: it cannot raise its own.
    expect(
      await k8sStatusOf(core.readNamespacedResourceQuota({ namespace: a, name: OBJECT_NAMES.quota }, options)),
    ).toBe(200)
    expect(
      await k8sStatusOf(
        core.patchNamespacedResourceQuota(
          { namespace: a, name: OBJECT_NAMES.quota, body: { spec: { hard: { 'requests.cpu': '64' } } } },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch, options),
        ),
      ),
    ).toBe(403)
    expect(await k8sStatusOf(core.listNamespace({}, options))).toBe(403)
    expect(await k8sStatusOf(core.createNamespace({ body: { metadata: { name: `${a}-extra` } } }, options))).toBe(403)
    // Agency B's group gets B, not A.
    const other = asAgencyUser('lan.hoang', `/agencies/${tenants.b.code}`)
    expect(await k8sStatusOf(other.core.listNamespacedConfigMap({ namespace: a }, other.options))).toBe(403)
    expect(await k8sStatusOf(other.core.listNamespacedConfigMap({ namespace: b }, other.options))).toBe(200)
  })

  it('gives the staff of the agency above A the same role in A, and nothing in B', async () => {
    const { core, options } = asAgencyUser('quan.ly', `/agencies/${parentCode}`)
    expect(await k8sStatusOf(core.listNamespacedConfigMap({ namespace: tenants.a.namespace }, options))).toBe(200)
    expect(await k8sStatusOf(core.listNamespacedConfigMap({ namespace: tenants.b.namespace }, options))).toBe(403)
    expect(await k8sStatusOf(core.listNamespace({}, options))).toBe(403)
  })
})

describe("one agency's S3 keys cannot reach another's buckets", () => {
  it(
    'issues a project key once (secret not stored) that works on its own bucket only and cannot change bucket settings',
    { timeout: 60_000 },
    async () => {
      // As the console asks for it: through the job queue, made by the worker (decision 0032).
      const issued = await requestS3AccessKey(t.db, {
        projectId: tenants.a.projectId,
        actor: admin,
        label: 'máy chủ ứng dụng',
      })
      expect(issued.secretAccessKey.length).toBeGreaterThanOrEqual(20)
      const stored = await t.db.s3Credential.findUniqueOrThrow({ where: { id: issued.credentialId } })
      expect(JSON.stringify(stored)).not.toContain(issued.secretAccessKey)
      expect(await rowsContaining(t.db, issued.secretAccessKey, ['Job'])).toBe(0)
      const audit = await t.db.auditEntry.findFirstOrThrow({
        where: { action: 's3_credential.issued', entityId: tenants.a.projectId },
      })
      expect(JSON.stringify(audit, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).not.toContain(
        issued.secretAccessKey,
      )

      const mine = bucketName(tenants.a.namespace, 'data')
      const theirs = bucketName(tenants.b.namespace, 'data')
      const s3 = s3ClientWith(issued)
      await eventually('the new key to work', 20_000, async () => {
        await s3.send(new PutObjectCommand({ Bucket: mine, Key: 'bao-cao.txt', Body: 'Báo cáo quý' }))
        return true
      })
      expect(
        await (await s3.send(new GetObjectCommand({ Bucket: mine, Key: 'bao-cao.txt' }))).Body?.transformToString(),
      ).toBe('Báo cáo quý')
      expect(await s3StatusOf(s3.send(new ListObjectsV2Command({ Bucket: theirs })))).toBe(403)
      expect(await s3StatusOf(s3.send(new PutObjectCommand({ Bucket: theirs, Key: 'x', Body: 'x' })))).toBe(403)
      expect(
        await s3StatusOf(
          s3.send(new PutBucketVersioningCommand({ Bucket: mine, VersioningConfiguration: { Status: 'Suspended' } })),
        ),
      ).toBe(403)
      expect(
        await s3StatusOf(
          s3.send(
            new PutBucketPolicyCommand({
              Bucket: mine,
              Policy: JSON.stringify({
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${mine}/*`] },
                ],
              }),
            }),
          ),
        ),
      ).toBe(403)

      // Rotation: the new key works, the old one stops.
      const rotated = await requestKeyRotation(t.db, { credentialId: issued.credentialId, actor: admin })
      const fresh = s3ClientWith(rotated)
      await eventually(
        'the rotated key to work',
        20_000,
        async () => (await fresh.send(new ListObjectsV2Command({ Bucket: mine })), true),
      )
      await eventually('the old key to stop working', 20_000, async () =>
        (await s3StatusOf(s3.send(new ListObjectsV2Command({ Bucket: mine })))) === 403 ? true : undefined,
      )
      const keys = await listS3AccessKeys(t.db, tenants.a.projectId)
      expect(keys.map((k) => [k.accessKeyId, k.revokedAt === null])).toEqual(
        expect.arrayContaining([
          [rotated.accessKeyId, true],
          [issued.accessKeyId, false],
        ]),
      )

      await requestKeyRevocation(t.db, {
        credentialId: rotated.credentialId,
        actor: admin,
        reason: 'nhân viên nghỉ việc',
      })
      await eventually('the revoked key to stop working', 20_000, async () =>
        (await s3StatusOf(fresh.send(new ListObjectsV2Command({ Bucket: mine })))) === 403 ? true : undefined,
      )
      expect(
        (
          await t.db.auditEntry.findMany({
            where: { entityId: tenants.a.projectId, action: { startsWith: 's3_credential.' } },
            orderBy: { seq: 'asc' },
          })
        ).map((e) => e.action),
      ).toEqual(['s3_credential.issued', 's3_credential.issued', 's3_credential.revoked', 's3_credential.revoked'])
      s3.destroy()
      fresh.destroy()
    },
  )
})
