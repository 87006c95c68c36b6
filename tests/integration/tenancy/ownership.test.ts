// The reconciler owns only what it made (decision 0034), against the real API server, SeaweedFS
// and PostgreSQL, as the console's own identity. Agency `kube` with project `system` would get the
// namespace `kube-system`: the request form and the API refuse it with a message that says why,
// and the reconciler makes nothing for it. A namespace and a bucket that already carry a project's
// name, made by someone else, are neither adopted nor deleted: the project's conditions say so.
import {
  CreateBucketCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseRequestForm } from '#app/utils/request-form.server'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { namespaceName } from '#server/domain/slug'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { OBJECT_NAMES, bucketName } from '#server/provisioning/desired'
import { reconcileProject, type ReconcilerDeps } from '#server/provisioning/reconcile'
import { actOnRequest } from '#server/workflow/act-on-request'
import { call, expectProblem, fieldCodes, apiDeps } from '../api/support'
import { operator } from '../../helpers/actors'
import type { TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makeUser } from '../../helpers/fixtures'
import { adminS3Client, k8sStatusOf, s3StatusOf } from '../../helpers/platform'
import { approvedProject, leavePlatform, openPlatform } from '../../helpers/provisioning'
import { automationToken } from '../../helpers/sign-in'

let t: TestDatabase
let connection: KubernetesConnection
/** The cluster administrator: someone else, who made a namespace before the project existed. */
let admin: KubernetesConnection
let storage: ObjectStorage
let d: ReconcilerDeps
let requester: string
let op: string
/** so-tc, whose automation client signs in to the API; agency `kube` is one of its units. */
let parentId: string
const namespaces: string[] = []
const lines = { cpu: 1_000n, memory: GiB, pods: 5n, objectStorage: GiB, buckets: 1n }

beforeAll(async () => {
  ;({ t, connection, admin, storage, d } = await openPlatform({
    name: 'ownership-test',
    seeded: true,
    deps: { retentionGraceMs: 0 },
  }))
  requester = await makeUser(t.db, 'Hoàng Thị Lan')
  op = await makeUser(t.db, 'Đặng Minh Đức')
  parentId = (await t.db.agency.findUniqueOrThrow({ where: { code: 'so-tc' } })).id
}, 60_000)

afterAll(async () => {
  // Namespaces made by hand are not the console's to delete: the administrator removes them.
  await Promise.allSettled(namespaces.map((name) => admin?.core.deleteNamespace({ name })))
  await leavePlatform({ t, connection, admin, storage }, namespaces)
})

/** Agency `kube` (a unit of so-tc) with an approved project named `system`. */
async function kubeSystemProject(): Promise<{ projectId: string; namespace: string; requestId: string }> {
  const agencyId = await makeAgency(t.db, 'Ban Kube', { code: 'kube' })
  await t.db.agency.update({ where: { id: agencyId }, data: { parentId } })
  const project = await approvedProject(t.db, { agencyId, requesterId: requester, operatorId: op, lines })
  const namespace = namespaceName('kube', 'system')
  await t.db.project.update({ where: { id: project.projectId }, data: { slug: 'system', namespace } })
  return { ...project, namespace }
}

async function endAllocation(requestId: string): Promise<void> {
  const revoked = await actOnRequest(t.db, {
    requestId,
    action: 'revoke',
    actor: operator(op),
    payload: { reason: 'Kiểm tra quyền sở hữu' },
    policy: DEFAULT_APPROVAL_POLICY,
  })
  expect(revoked).toMatchObject({ ok: true })
}

const conditionsOf = async (projectId: string) =>
  (await t.db.provisioningStatus.findUniqueOrThrow({ where: { projectId } })).conditions as {
    type: string
    status: string
    reason: string
    message: string
  }[]

describe('agency kube with project system: kube-system is the platform’s', () => {
  let project: Awaited<ReturnType<typeof kubeSystemProject>>

  it('is refused by the API with a translated reason at /projectId', async () => {
    project = await kubeSystemProject()
    expect(project.namespace).toBe('kube-system')
    const deps = apiDeps(t.db)
    const token = await automationToken()
    const body = { projectId: project.projectId, kind: 'new', lines: [{ resource: 'cpu', amount: '1' }] }
    const before = await t.db.quotaRequest.count()
    for (const [language, text] of [
      ['vi', 'Tên trên nền tảng “kube-system” của hệ thống trùng với tên dành riêng cho nền tảng'],
      ['en', 'The system’s platform name “kube-system” is reserved for the platform'],
    ] as const) {
      const problem = expectProblem(
        await call(deps, 'POST', '/requests', { token, body, headers: { 'accept-language': language } }),
        422,
        'api.invalid_input',
      )
      expect(fieldCodes(problem)).toEqual([['/projectId', 'project.namespace_reserved']])
      expect(problem.errors?.[0]?.message).toContain(text)
    }
    expect(await t.db.quotaRequest.count()).toBe(before)
  })

  it('is refused by the request form, in the reader’s language', async () => {
    const form = new FormData()
    form.set('kind', 'new')
    form.set('intent', 'submit')
    for (const [locale, text] of [
      ['vi', 'trùng với tên dành riêng cho nền tảng'],
      ['en', 'is reserved for the platform'],
    ] as const) {
      const parsed = await parseRequestForm(t.db, form, { projectId: project.projectId, locale })
      expect(parsed.ok).toBe(false)
      if (parsed.ok) return
      expect(parsed.reply.error?.['']?.[0]).toContain(text)
    }
  })

  it(
    'is never provisioned: kube-system is left as it was, and no bucket is made under its name',
    { timeout: 60_000 },
    async () => {
      const before = await admin.core.readNamespace({ name: 'kube-system' })
      const outcome = await reconcileProject(d, project.projectId)
      expect(outcome).toMatchObject({ phase: 'failed', writes: 0, error: { kind: 'not_owned' } })
      expect(outcome?.error?.message).toContain("Namespace kube-system is not the console's to change")
      expect(outcome?.error?.message).toContain('reserved for the platform')
      expect(await conditionsOf(project.projectId)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'Ready', status: 'False', reason: 'KubernetesNotOwned' }),
        ]),
      )
      const after = await admin.core.readNamespace({ name: 'kube-system' })
      expect(after.metadata?.labels).toEqual(before.metadata?.labels)
      expect(
        await k8sStatusOf(
          admin.core.readNamespacedResourceQuota({ namespace: 'kube-system', name: OBJECT_NAMES.quota }),
        ),
      ).toBe(404)
      expect(await storage.bucketExists(bucketName('kube-system', 'data'))).toBe(false)
    },
  )

  it('is not deleted when the allocation ends', { timeout: 60_000 }, async () => {
    await endAllocation(project.requestId)
    const outcome = await reconcileProject(d, project.projectId)
    expect(outcome?.phase).toBe('deleted')
    const namespace = await admin.core.readNamespace({ name: 'kube-system' })
    expect(namespace.metadata?.deletionTimestamp).toBeUndefined()
  })
})

describe('a namespace and a bucket with a project’s name that someone else made', () => {
  let project: { projectId: string; namespace: string; requestId: string }
  let bucket: string

  it('are neither adopted nor changed: the conditions say whose they are not', { timeout: 60_000 }, async () => {
    project = await approvedProject(t.db, { agencyId: parentId, requesterId: requester, operatorId: op, lines })
    namespaces.push(project.namespace)
    bucket = bucketName(project.namespace, 'data')
    // Made by hand before the project, without the console's labels or tags.
    await admin.core.createNamespace({ body: { metadata: { name: project.namespace, labels: { owner: 'someone' } } } })
    const s3 = adminS3Client()
    await s3.send(new CreateBucketCommand({ Bucket: bucket }))
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'du-lieu.csv', Body: 'dữ liệu của người khác' }))

    const outcome = await reconcileProject(d, project.projectId)
    expect(outcome).toMatchObject({ phase: 'failed', error: { kind: 'not_owned' } })
    const reasons = (await conditionsOf(project.projectId)).map((c) => c.reason)
    expect(reasons).toContain('KubernetesNotOwned')
    const degraded = (await conditionsOf(project.projectId)).find((c) => c.type === 'Degraded')!
    expect(degraded.message).toContain(`Namespace ${project.namespace} is not the console's to change`)
    expect(degraded.message).toContain(`Bucket ${bucket} is not the console's to change`)

    const namespace = await admin.core.readNamespace({ name: project.namespace })
    expect(namespace.metadata?.labels?.['app.kubernetes.io/managed-by']).toBeUndefined()
    expect(
      await k8sStatusOf(
        admin.core.readNamespacedResourceQuota({ namespace: project.namespace, name: OBJECT_NAMES.quota }),
      ),
    ).toBe(404)
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBeUndefined()
    expect(await s3StatusOf(s3.send(new GetBucketTaggingCommand({ Bucket: bucket })))).toBe(404) // no tags
    s3.destroy()
  })

  it('are not deleted when the allocation ends, and the conditions name them', { timeout: 60_000 }, async () => {
    await endAllocation(project.requestId)
    const outcome = await reconcileProject(d, project.projectId)
    expect(outcome).toMatchObject({ phase: 'deleted', error: null })
    expect((await admin.core.readNamespace({ name: project.namespace })).metadata?.deletionTimestamp).toBeUndefined()
    const s3 = adminS3Client()
    expect(await s3StatusOf(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'du-lieu.csv' })))).toBe(200)
    s3.destroy()
    const degraded = (await conditionsOf(project.projectId)).find((c) => c.type === 'Degraded')!
    expect(degraded).toMatchObject({ status: 'True', reason: 'NotOwnedLeftAlone' })
    expect(degraded.message).toContain(`Namespace/${project.namespace}`)
    expect(degraded.message).toContain(`Bucket/${bucket}`)
    expect(
      await t.db.auditEntry.count({
        where: {
          entityId: project.projectId,
          action: { in: ['provisioning.namespace_deleted', 'provisioning.bucket_deleted'] },
        },
      }),
    ).toBe(0)
  })
})
