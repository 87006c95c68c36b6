// The periodic full pass over every tenant: converged projects cost no write, a bucket made public
// or a policy deleted behind the console's back is found by the next pass (audited, repaired), and
// a project moved to another agency by a merger follows it (labels, RoleBinding) without drift.
import * as k8s from '@kubernetes/client-node'
import { DeletePublicAccessBlockCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { OBJECT_NAMES, bucketName } from '#server/provisioning/desired'
import type { ReconcilerDeps } from '#server/provisioning/reconcile'
import { reconcileAll } from '#server/provisioning/reconcile-all'
import type { TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makeUser } from '../../helpers/fixtures'
import { adminS3Client } from '../../helpers/platform'
import { approvedProject, leavePlatform, openPlatform } from '../../helpers/provisioning'

let t: TestDatabase
let connection: KubernetesConnection
/** The cluster administrator, who makes the drift by hand. */
let clusterAdmin: KubernetesConnection
let storage: ObjectStorage
let d: ReconcilerDeps & { leaseHolder: string }
const namespaces: string[] = []
const p: { withBuckets: { id: string; ns: string }; computeOnly: { id: string; ns: string } } = {} as never
let agencyA: string
let agencyB: string

beforeAll(async () => {
  ;({ t, connection, admin: clusterAdmin, storage, d } = await openPlatform({ name: 'periodic-test' }))
  agencyA = await makeAgency(t.db, 'UBND huyện Cao Lộc')
  agencyB = await makeAgency(t.db, 'UBND thành phố Lạng Sơn')
  const requester = await makeUser(t.db)
  const op = await makeUser(t.db, 'Bế Văn Tuấn')
  for (const [key, lines] of [
    ['withBuckets', { cpu: 1_000n, objectStorage: GiB, buckets: 1n }],
    ['computeOnly', { cpu: 1_000n, memory: GiB }],
  ] as const) {
    const approved = await approvedProject(t.db, { agencyId: agencyA, requesterId: requester, operatorId: op, lines })
    namespaces.push(approved.namespace)
    p[key] = { id: approved.projectId, ns: approved.namespace }
  }
})

afterAll(async () => {
  await leavePlatform({ t, connection, admin: clusterAdmin, storage }, namespaces)
})

const ids = () => [p.withBuckets.id, p.computeOnly.id]

describe('periodic full pass', () => {
  it('provisions, then finds everything in sync with no write', { timeout: 60_000 }, async () => {
    expect(await reconcileAll(d, { projectIds: ids() })).toMatchObject({ projects: 2, reconciled: 2, failed: 0 })
    expect(await reconcileAll(d, { projectIds: ids() })).toMatchObject({
      projects: 2,
      inSync: 2,
      reconciled: 0,
      writes: 0,
    })
  })

  it(
    'finds a bucket made unversioned and open, and a deleted policy, on the next pass; repairs and audits them',
    { timeout: 60_000 },
    async () => {
      const admin = adminS3Client()
      const bucket = bucketName(p.withBuckets.ns, 'data')
      await admin.send(
        new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Suspended' } }),
      )
      await admin.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }))
      admin.destroy()
      await clusterAdmin.networking.deleteNamespacedNetworkPolicy({
        name: OBJECT_NAMES.dns,
        namespace: p.computeOnly.ns,
      })

      const pass = await reconcileAll(d, { projectIds: ids() })
      expect(pass).toMatchObject({ reconciled: 2, failed: 0 })
      expect(pass.drift).toBeGreaterThanOrEqual(2)
      expect(await storage.readBucket(bucket)).toMatchObject({
        versioning: 'Enabled',
        publicAccessBlock: { BlockPublicPolicy: true },
      })
      expect(
        await connection.networking.readNamespacedNetworkPolicy({
          name: OBJECT_NAMES.dns,
          namespace: p.computeOnly.ns,
        }),
      ).toBeTruthy()
      const audited = await t.db.auditEntry.findMany({ where: { action: 'provisioning.drift_repaired' } })
      expect(audited.map((a) => a.entityId).sort()).toEqual(ids().sort())
      expect(await reconcileAll(d, { projectIds: ids() })).toMatchObject({ inSync: 2, writes: 0 })
    },
  )

  it(
    'follows a project moved to another agency by a merger: queued at once, labels and RoleBinding updated, not drift',
    { timeout: 60_000 },
    async () => {
      await t.db.job.deleteMany({})
      await t.db.project.update({ where: { id: p.computeOnly.id }, data: { agencyId: agencyB } })
      expect(await t.db.job.findFirst({ where: { key: p.computeOnly.id } })).toMatchObject({
        state: 'queued',
        payload: { reason: 'project.changed' },
      })
      const pass = await reconcileAll(d, { projectIds: ids() })
      expect(pass).toMatchObject({ reconciled: 1, inSync: 1, drift: 0 })
      const codeB = (await t.db.agency.findUniqueOrThrow({ where: { id: agencyB } })).code
      const ns = await connection.core.readNamespace({ name: p.computeOnly.ns })
      expect(ns.metadata?.labels?.['govcloud.langson.gov.vn/agency']).toBe(codeB)
      expect(ns.metadata?.annotations?.['govcloud.langson.gov.vn/agency-name']).toBe('UBND thành phố Lạng Sơn')
      const binding: k8s.V1RoleBinding = await connection.rbac.readNamespacedRoleBinding({
        name: OBJECT_NAMES.agencyEdit,
        namespace: p.computeOnly.ns,
      })
      expect(binding.subjects?.map((s) => s.name)).toEqual([`/agencies/${codeB}`])
    },
  )

  it(
    'stops on an object the API server refuses (terminal), says why, and leaves it alone until the intent changes',
    { timeout: 60_000 },
    async () => {
      // An agency code too long for a label value (the domain refuses such codes; the database does not).
      const requester = await makeUser(t.db)
      const op = await makeUser(t.db)
      const agency = await t.db.agency.create({
        data: { code: `bad-${'x'.repeat(64)}`, nameVi: 'Cơ quan mã sai', nameEn: 'Bad code', kind: 'department' },
        select: { id: true },
      })
      const { projectId: id, namespace } = await approvedProject(t.db, {
        agencyId: agency.id,
        requesterId: requester,
        operatorId: op,
        lines: { cpu: 500n },
      })
      namespaces.push(namespace)
      const first = await reconcileAll(d, { projectIds: [id] })
      expect(first).toMatchObject({ reconciled: 1, failed: 1 })
      const status = await t.db.provisioningStatus.findUniqueOrThrow({ where: { projectId: id } })
      expect(status.phase).toBe('failed')
      expect(status.conditions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'Degraded', status: 'True', reason: 'InvalidObject' }),
          expect.objectContaining({ type: 'Progressing', status: 'False', reason: 'Stopped' }),
        ]),
      )
      expect(status.lastError).toMatch(/must be no more than 63 characters/)
      expect(await reconcileAll(d, { projectIds: [id] })).toMatchObject({ stopped: 1, reconciled: 0, writes: 0 })
      // Fixing the intent (the code) makes it go again.
      await t.db.agency.update({ where: { id: agency.id }, data: { code: `fixed-${Date.now().toString(36)}` } })
      expect(await reconcileAll(d, { projectIds: [id] })).toMatchObject({ reconciled: 1, failed: 0 })
      expect((await t.db.provisioningStatus.findUniqueOrThrow({ where: { projectId: id } })).phase).toBe('ready')
    },
  )
})
