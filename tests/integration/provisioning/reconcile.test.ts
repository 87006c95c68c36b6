// The reconciler against the real API server, SeaweedFS and PostgreSQL: an approval becomes a
// namespace and buckets, a second pass writes nothing, drift made by hand is reported (audited)
// and repaired, a decrease below usage is applied and said, a revocation keeps data for the grace
// period and then removes it (backups only once their lock ends).
import * as k8s from '@kubernetes/client-node'
import {
  DeletePublicAccessBlockCommand,
  GetObjectCommand,
  PutBucketAclCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { OBJECT_NAMES, bucketName } from '#server/provisioning/desired'
import { reconcileProject, type ReconcilerDeps } from '#server/provisioning/reconcile'
import { reconcileAll } from '#server/provisioning/reconcile-all'
import { actOnRequest } from '#server/workflow/act-on-request'
import type { TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makeSubmittedRequest, makeUser } from '../../helpers/fixtures'
import { stackEnv } from '../../helpers/stack-env'
import { operator } from '../../helpers/actors'
import { adminS3Client } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { approvedProject, leavePlatform, openPlatform } from '../../helpers/provisioning'

let t: TestDatabase
let connection: KubernetesConnection
/** The cluster administrator: drift made by hand, and the tenant's pods. */
let clusterAdmin: KubernetesConnection
let storage: ObjectStorage
let d: ReconcilerDeps
let agencyId: string
let requester: string
let opA: string
let opB: string
const namespaces: string[] = []

const lines = {
  cpu: 2_000n,
  memory: 4n * GiB,
  pods: 20n,
  'volume:standard': 10n * GiB,
  objectStorage: 5n * GiB,
  buckets: 1n,
  backupStorage: 2n * GiB,
}

async function newProject(
  name = 'Hệ thống một cửa điện tử xã Đồng Đăng',
): Promise<{ projectId: string; namespace: string; requestId: string }> {
  const project = await approvedProject(t.db, { agencyId, requesterId: requester, operatorId: opA, lines, name })
  namespaces.push(project.namespace)
  return project
}

beforeAll(async () => {
  ;({
    t,
    connection,
    admin: clusterAdmin,
    storage,
    d,
  } = await openPlatform({
    name: 'reconcile-test',
    pools: {
      cpu: 1_000_000n,
      memory: 4096n * GiB,
      pods: 10_000n,
      'volume:standard': 100_000n * GiB,
      objectStorage: 100_000n * GiB,
      buckets: 10_000n,
      backupStorage: 100_000n * GiB,
    },
  }))
  agencyId = await makeAgency(t.db, 'UBND xã Đồng Đăng')
  requester = await makeUser(t.db, 'Vi Thị Thu')
  opA = await makeUser(t.db, 'Đặng Minh Đức')
  opB = await makeUser(t.db, 'Bế Văn Tuấn')
})

afterAll(async () => {
  await leavePlatform({ t, connection, admin: clusterAdmin, storage }, namespaces)
})

describe('reconciler (real API server, SeaweedFS and PostgreSQL)', () => {
  let project: Awaited<ReturnType<typeof newProject>>

  it('queues the reconcile in the same transaction as the approval', async () => {
    project = await newProject()
    const jobs = await t.db.job.findMany({ where: { key: project.projectId } })
    expect(jobs).toMatchObject([
      { kind: 'provisioning.reconcile', state: 'queued', payload: { reason: 'request.approved' } },
    ])
  })

  it(
    'turns the approval into a namespace, quota, limits, network policies, a RoleBinding, buckets and an identity',
    { timeout: 60_000 },
    async () => {
      const outcome = await reconcileProject(d, project.projectId)
      expect(outcome).toMatchObject({ phase: 'ready', error: null, drift: [] })
      expect(outcome!.writes).toBeGreaterThanOrEqual(9)

      const ns = await connection.core.readNamespace({ name: project.namespace })
      const agency = await t.db.agency.findUniqueOrThrow({ where: { id: agencyId } })
      expect(ns.metadata?.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'restricted',
        'govcloud.langson.gov.vn/agency': agency.code,
        'govcloud.langson.gov.vn/security-level': '2',
        'app.kubernetes.io/managed-by': 'govcloud-console',
      })
      expect(ns.metadata?.annotations?.['govcloud.langson.gov.vn/project-name']).toBe(
        'Hệ thống một cửa điện tử xã Đồng Đăng',
      )
      expect(ns.metadata?.annotations?.['govcloud.langson.gov.vn/agency-name']).toBe('UBND xã Đồng Đăng')

      const quota = await connection.core.readNamespacedResourceQuota({
        name: OBJECT_NAMES.quota,
        namespace: project.namespace,
      })
      expect(quota.spec?.hard).toMatchObject({
        'requests.cpu': '2',
        'limits.cpu': '2',
        'requests.memory': '4Gi',
        'limits.memory': '4Gi',
        pods: '20',
        'requests.nvidia.com/gpu': '0',
        'services.loadbalancers': '0',
        'services.nodeports': '0',
        'standard.storageclass.storage.k8s.io/requests.storage': '10Gi',
        'fast.storageclass.storage.k8s.io/requests.storage': '0',
      })
      const policies = await connection.networking.listNamespacedNetworkPolicy({ namespace: project.namespace })
      expect(policies.items.map((p) => p.metadata?.name).sort()).toEqual(
        [OBJECT_NAMES.dns, OBJECT_NAMES.ingress, OBJECT_NAMES.sameNamespace, OBJECT_NAMES.denyAll].sort(),
      )
      const binding = await connection.rbac.readNamespacedRoleBinding({
        name: OBJECT_NAMES.agencyEdit,
        namespace: project.namespace,
      })
      expect(binding.roleRef).toMatchObject({ kind: 'ClusterRole', name: 'govcloud-tenant' })
      expect(binding.subjects).toEqual([expect.objectContaining({ kind: 'Group', name: `/agencies/${agency.code}` })])
      const limits = await connection.core.readNamespacedLimitRange({
        name: OBJECT_NAMES.limits,
        namespace: project.namespace,
      })
      expect(limits.spec?.limits[0]).toMatchObject({
        type: 'Container',
        _default: { cpu: '500m', memory: '512Mi' },
        defaultRequest: { cpu: '100m', memory: '128Mi' },
      })

      const data = await storage.readBucket(bucketName(project.namespace, 'data'))
      expect(data).toMatchObject({
        versioning: 'Enabled',
        encryption: 'AES256',
        quotaBytes: 5n * GiB,
        publicGrants: [],
        policy: null,
      })
      const backup = await storage.readBucket(bucketName(project.namespace, 'backup'))
      expect(backup).toMatchObject({
        versioning: 'Enabled',
        quotaBytes: 2n * GiB,
        objectLock: { enabled: true, mode: 'COMPLIANCE', days: 30 },
      })

      const request = await t.db.quotaRequest.findUniqueOrThrow({ where: { id: project.requestId } })
      expect(request.state).toBe('active')
      const status = await t.db.provisioningStatus.findUniqueOrThrow({ where: { projectId: project.projectId } })
      expect(status.phase).toBe('ready')
      expect(status.observedHash).toBe(status.desiredHash)
      expect(status.conditions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'Ready', status: 'True', reason: 'Provisioned' }),
          expect.objectContaining({ type: 'Degraded', status: 'False' }),
        ]),
      )
    },
  )

  it('writes nothing on a second pass', async () => {
    const outcome = await reconcileProject(d, project.projectId)
    expect(outcome).toMatchObject({ writes: 0, drift: [], error: null, phase: 'ready' })
  })

  it(
    'reports drift made by hand (audited) and repairs it, then writes nothing again',
    { timeout: 60_000 },
    async () => {
      // A ResourceQuota raised with kubectl edit, a deleted NetworkPolicy, an extra quota key.
      await clusterAdmin.core.patchNamespacedResourceQuota(
        {
          name: OBJECT_NAMES.quota,
          namespace: project.namespace,
          body: { spec: { hard: { 'requests.cpu': '64', 'count/secrets': '1000' } } },
          fieldManager: 'kubectl-edit',
        },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      )
      await clusterAdmin.networking.deleteNamespacedNetworkPolicy({
        name: OBJECT_NAMES.denyAll,
        namespace: project.namespace,
      })
      // A bucket made public and its versioning suspended, with the admin's keys.
      const env = stackEnv()
      const admin = adminS3Client()
      const data = bucketName(project.namespace, 'data')
      await admin.send(new PutObjectCommand({ Bucket: data, Key: 'công-văn.pdf', Body: 'nội dung' }))
      // The public access block refuses a public policy, so someone making it public lifts it first.
      await admin.send(new DeletePublicAccessBlockCommand({ Bucket: data }))
      await admin.send(new PutBucketAclCommand({ Bucket: data, ACL: 'public-read' }))
      await admin.send(
        new PutBucketPolicyCommand({
          Bucket: data,
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${data}/*`] },
            ],
          }),
        }),
      )
      await admin.send(
        new PutBucketVersioningCommand({ Bucket: data, VersioningConfiguration: { Status: 'Suspended' } }),
      )
      expect((await fetch(`${env.S3_ENDPOINT}/${data}/c%C3%B4ng-v%C4%83n.pdf`)).status).toBe(200)

      const outcome = await reconcileProject(d, project.projectId)
      expect(outcome?.error).toBeNull()
      const targets = Object.fromEntries(outcome!.drift.map((x) => [x.target, x.fields]))
      expect(targets[`ResourceQuota/${OBJECT_NAMES.quota}`]).toEqual(
        expect.arrayContaining(['spec.hard.requests.cpu', 'spec.hard.count/secrets']),
      )
      expect(targets[`NetworkPolicy/${OBJECT_NAMES.denyAll}`]).toEqual(['(absent)'])
      expect(targets[`Bucket/${data}`]).toEqual(
        expect.arrayContaining(['versioning', 'publicAccessBlock', 'policy', 'acl']),
      )

      const quota = await connection.core.readNamespacedResourceQuota({
        name: OBJECT_NAMES.quota,
        namespace: project.namespace,
      })
      expect(quota.spec?.hard?.['requests.cpu']).toBe('2')
      expect(quota.spec?.hard?.['count/secrets']).toBeUndefined()
      expect(
        await connection.networking.readNamespacedNetworkPolicy({
          name: OBJECT_NAMES.denyAll,
          namespace: project.namespace,
        }),
      ).toBeTruthy()
      expect(await storage.readBucket(data)).toMatchObject({ versioning: 'Enabled', policy: null, publicGrants: [] })
      expect((await fetch(`${env.S3_ENDPOINT}/${data}/c%C3%B4ng-v%C4%83n.pdf`)).status).toBe(403)
      const stillThere = await admin.send(new GetObjectCommand({ Bucket: data, Key: 'công-văn.pdf' }))
      expect(await stillThere.Body?.transformToString()).toBe('nội dung')
      admin.destroy()

      const audit = await t.db.auditEntry.findFirstOrThrow({
        where: { action: 'provisioning.drift_repaired', entityId: project.projectId },
      })
      expect(audit).toMatchObject({ actorId: 'system:provisioning', agencyId, outcome: 'ok' })
      const status = await t.db.provisioningStatus.findUniqueOrThrow({ where: { projectId: project.projectId } })
      expect(status.driftDetected).toBe(true)
      expect(status.conditions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'Degraded', status: 'False', reason: 'DriftRepaired' }),
        ]),
      )

      expect(await reconcileProject(d, project.projectId)).toMatchObject({ writes: 0, drift: [] })
    },
  )

  it('applies a decrease below current use and says so', { timeout: 120_000 }, async () => {
    // A pod using 1.5 CPU, admitted under the 2 CPU quota (restricted Pod Security profile).
    await clusterAdmin.core.createNamespacedPod({
      namespace: project.namespace,
      body: {
        metadata: { name: 'busy' },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'app',
              image: 'registry.k8s.io/pause:3.10',
              resources: { requests: { cpu: '1500m', memory: '256Mi' }, limits: { cpu: '1500m', memory: '256Mi' } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            },
          ],
        },
      },
    })
    await eventually('quota usage of 1500m', 30_000, async () => {
      const q = await connection.core.readNamespacedResourceQuota({
        name: OBJECT_NAMES.quota,
        namespace: project.namespace,
      })
      return q.status?.used?.['requests.cpu'] === '1500m' ? true : undefined
    })
    // A periodic pass records what the quota says is used, for the headroom pages, writing
    // nothing to the platform.
    const observed = await reconcileAll({ ...d, leaseHolder: 'usage-test' }, { projectIds: [project.projectId] })
    expect(observed).toMatchObject({ writes: 0 })
    const usage = await t.db.quotaUsage.findMany({
      where: { projectId: project.projectId },
      select: { resource: true, used: true },
    })
    expect(Object.fromEntries(usage.map((u) => [u.resource, u.used]))).toMatchObject({
      cpu: 1_500n,
      memory: 256n * 1024n ** 2n,
      pods: 1n,
    })
    const decrease = await makeSubmittedRequest(t.db, {
      projectId: project.projectId,
      agencyId,
      requesterId: requester,
      lines: { cpu: 1_500n },
      kind: 'decrease',
    })
    expect(
      await actOnRequest(t.db, {
        requestId: decrease,
        action: 'approve',
        actor: operator(opB),
        expectedVersion: 1,
        policy: DEFAULT_APPROVAL_POLICY,
      }),
    ).toMatchObject({ ok: true })

    const outcome = await reconcileProject(d, project.projectId)
    expect(outcome).toMatchObject({ error: null, phase: 'ready', drift: [] })
    const quota = await connection.core.readNamespacedResourceQuota({
      name: OBJECT_NAMES.quota,
      namespace: project.namespace,
    })
    expect(quota.spec?.hard?.['requests.cpu']).toBe('500m')
    const status = await t.db.provisioningStatus.findUniqueOrThrow({ where: { projectId: project.projectId } })
    expect(status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Degraded', status: 'True', reason: 'QuotaBelowUsage' }),
      ]),
    )
    expect(
      (status.conditions as { message: string }[]).find((c) => (c as { type?: string }).type === 'Degraded')?.message,
    ).toContain('requests.cpu 1500m > 500m')
    expect((await t.db.quotaRequest.findUniqueOrThrow({ where: { id: decrease } })).state).toBe('active')
    // Kubernetes now refuses a new pod.
    const refused = await clusterAdmin.core
      .createNamespacedPod({
        namespace: project.namespace,
        body: {
          metadata: { name: 'more' },
          spec: {
            securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'app',
                image: 'registry.k8s.io/pause:3.10',
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              },
            ],
          },
        },
      })
      .catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(k8s.ApiException)
    expect((refused as k8s.ApiException<unknown>).code).toBe(403)
  })

  it(
    'keeps a revoked project for the grace period, then deletes the namespace and data bucket, audited; the locked backup bucket stays',
    { timeout: 120_000 },
    async () => {
      const admin = adminS3Client()
      const backup = bucketName(project.namespace, 'backup')
      await admin.send(new PutObjectCommand({ Bucket: backup, Key: 'sao-luu.tar', Body: 'bản sao lưu' }))
      admin.destroy()
      const revoked = await actOnRequest(t.db, {
        requestId: project.requestId,
        action: 'revoke',
        actor: operator(opA),
        payload: { reason: 'Hệ thống ngừng hoạt động' },
        policy: DEFAULT_APPROVAL_POLICY,
      })
      expect(revoked).toMatchObject({ ok: true })

      const start = new Date()
      const grace = { ...d, retentionGraceMs: 3_600_000, now: () => start }
      expect(await reconcileProject(grace, project.projectId)).toMatchObject({ phase: 'retained', writes: 0 })
      expect(await connection.core.readNamespace({ name: project.namespace })).toBeTruthy()

      const later = { ...d, retentionGraceMs: 3_600_000, now: () => new Date(start.getTime() + 2 * 3_600_000) }
      const outcome = await reconcileProject(later, project.projectId)
      expect(outcome).toMatchObject({ phase: 'deleting', error: null })
      expect(await storage.bucketExists(bucketName(project.namespace, 'data'))).toBe(false)
      expect(await storage.bucketExists(backup)).toBe(true) // compliance lock: 30 days
      const ns = await connection.core.readNamespace({ name: project.namespace }).catch(() => null)
      expect(ns === null || ns.metadata?.deletionTimestamp !== undefined).toBe(true)
      const actions = (
        await t.db.auditEntry.findMany({
          where: { entityId: project.projectId, action: { startsWith: 'provisioning.' } },
        })
      ).map((a) => a.action)
      expect(actions).toEqual(
        expect.arrayContaining([
          'provisioning.namespace_deleted',
          'provisioning.bucket_deleted',
          'provisioning.identity_deleted',
        ]),
      )
      const status = await t.db.provisioningStatus.findUniqueOrThrow({ where: { projectId: project.projectId } })
      expect(status.conditions).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'Ready', status: 'False', reason: 'Deleting' })]),
      )
    },
  )
})
