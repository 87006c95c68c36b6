// Tenants provisioned before decision 0025 have their agency's group bound to the built-in `edit`
// role. The API server will not change a RoleBinding's roleRef in place, so the reconciler's next
// pass deletes that binding and makes it again on govcloud-tenant, with the same subjects, as the
// console's own identity (against the real API server and its admission policies).
import * as k8s from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { LABELS, OBJECT_NAMES } from '#server/provisioning/desired'
import { TENANT_ROLE } from '#server/provisioning/desired/role-binding'
import type { ReconcilerDeps } from '#server/provisioning/reconcile'
import { reconcileProject } from '#server/provisioning/reconcile'
import { reconcileAll } from '#server/provisioning/reconcile-all'
import type { TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makeUser } from '../../helpers/fixtures'
import { approvedProject, leavePlatform, openPlatform } from '../../helpers/provisioning'

let t: TestDatabase
let connection: KubernetesConnection
/** The cluster administrator, who puts back the binding as the code before decision 0025 made it. */
let admin: KubernetesConnection
let storage: ObjectStorage
let d: ReconcilerDeps & { leaseHolder: string }
let agencyCode: string
const namespaces: string[] = []

beforeAll(async () => {
  ;({ t, connection, admin, storage, d } = await openPlatform({ name: 'tenant-role-test' }))
  const agencyId = await makeAgency(t.db, 'Sở Nông nghiệp và Môi trường')
  agencyCode = (await t.db.agency.findUniqueOrThrow({ where: { id: agencyId } })).code
}, 60_000)

afterAll(async () => {
  await leavePlatform({ t, connection, admin, storage }, namespaces)
})

/** A project provisioned today, then made to look as the code before decision 0025 left it. */
async function tenantBoundToEdit(): Promise<{ projectId: string; namespace: string }> {
  const project = await approvedProject(t.db, {
    agencyId: (await t.db.agency.findFirstOrThrow({ where: { code: agencyCode } })).id,
    requesterId: await makeUser(t.db, 'Hoàng Thị Lan'),
    operatorId: await makeUser(t.db, 'Đặng Minh Đức'),
    lines: { cpu: 1_000n, memory: GiB, pods: 5n },
  })
  namespaces.push(project.namespace)
  expect(await reconcileProject(d, project.projectId)).toMatchObject({ phase: 'ready', error: null })
  await admin.rbac.deleteNamespacedRoleBinding({ name: OBJECT_NAMES.agencyEdit, namespace: project.namespace })
  await admin.rbac.createNamespacedRoleBinding({
    namespace: project.namespace,
    body: {
      metadata: {
        name: OBJECT_NAMES.agencyEdit,
        labels: { [LABELS.managedBy]: 'govcloud-console', [LABELS.projectId]: project.projectId },
      },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `/agencies/${agencyCode}` }],
    },
  })
  // The hash the old desired state had: the next pass sees a new intent, not drift.
  await t.db.provisioningStatus.update({
    where: { projectId: project.projectId },
    data: { observedHash: 'before-decision-0025', desiredHash: 'before-decision-0025' },
  })
  return project
}

async function bindingOf(namespace: string): Promise<k8s.V1RoleBinding> {
  return connection.rbac.readNamespacedRoleBinding({ name: OBJECT_NAMES.agencyEdit, namespace })
}

/** Whether the agency's group may do this in the namespace (asked as the administrator). */
async function agencyMay(namespace: string, verb: string, group: string, resource: string): Promise<boolean> {
  const review = await admin.kubeConfig.makeApiClient(k8s.AuthorizationV1Api).createSubjectAccessReview({
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user: 'lan.hoang',
        groups: [`/agencies/${agencyCode}`],
        resourceAttributes: { namespace, verb, group, resource },
      },
    },
  })
  return review.status?.allowed ?? false
}

describe("tenants bound to the built-in edit move to the console's tenant role", () => {
  it(
    'in the periodic pass: the binding is made again on govcloud-tenant with the same group',
    { timeout: 60_000 },
    async () => {
      const { projectId, namespace } = await tenantBoundToEdit()
      expect(await agencyMay(namespace, 'create', 'apps', 'daemonsets')).toBe(true) // what edit allowed

      const pass = await reconcileAll(d, { projectIds: [projectId] })
      expect(pass).toMatchObject({ reconciled: 1, failed: 0 })
      const binding = await bindingOf(namespace)
      expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: TENANT_ROLE })
      expect(binding.subjects).toEqual([
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `/agencies/${agencyCode}` },
      ])
      expect(await agencyMay(namespace, 'create', 'apps', 'daemonsets')).toBe(false)
      expect(await agencyMay(namespace, 'create', 'apps', 'deployments')).toBe(true)
      const status = await t.db.provisioningStatus.findUniqueOrThrow({ where: { projectId } })
      expect(status).toMatchObject({ phase: 'ready', lastError: null })
    },
  )

  it('in one project’s pass too, and the pass after writes nothing', { timeout: 60_000 }, async () => {
    const { projectId, namespace } = await tenantBoundToEdit()
    const outcome = await reconcileProject(d, projectId)
    expect(outcome).toMatchObject({ phase: 'ready', error: null, drift: [] })
    expect((await bindingOf(namespace)).roleRef.name).toBe(TENANT_ROLE)
    expect(await reconcileProject(d, projectId)).toMatchObject({ phase: 'ready', writes: 0 })
  })
})
