// Attacks on the security checks from inside an agency (issue 13, decision 0038), the way its
// staff reach the cluster: the kubectl token of a demo user (an.nguyen, agency so-khcn) against the
// real API server, in projects the console provisioned at levels 4 and 1. At level 4 the API server
// refuses what the catalogue refuses there, with the check's message (infra/platform/
// security-checks.yaml, generated from the CEL rules); at level 1 it only warns where the catalogue
// warns and lets in what it only detects. Before those policies, Pod Security admission alone
// judged workloads, and it only warns about a Deployment, whatever the namespace.
// The console's own identity still makes and repairs a level 4 project under the same policies.
import * as k8s from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { DEFAULT_SETTINGS, OBJECT_NAMES } from '#server/provisioning/desired'
import { reconcileProject } from '#server/provisioning/reconcile'
import { container, podSpec, workload } from '#server/security/corpus'
import { applySecurityChecks, policyWarnings, refusalOf, sendToApiServer } from '../../helpers/admission'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makePools, makeUser } from '../../helpers/fixtures'
import {
  adminKubeConfig,
  connectAdminKubernetes,
  connectStackKubernetes,
  connectStackStorage,
} from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { approvedProject, reconcilerDeps, tearDownPlatform } from '../../helpers/provisioning'
import { requireStackSetting } from '../../helpers/stack-env'
import { clientsOf, kubeConfigWithToken, kubectlToken, outcomeOf, type Clients } from './agency-kubectl'

let t: TestDatabase
let connection: KubernetesConnection
let admin: KubernetesConnection
let storage: ObjectStorage
let agencyKc: k8s.KubeConfig
let agency: Clients
/** The agency's project at level 4, and another of the same agency at level 1. */
const ns: Record<4 | 1, string> = { 4: '', 1: '' }
let deps: ReturnType<typeof reconcilerDeps>
let level4Project = ''

/** A pod every level admits (the corpus's: pinned, from the data centre's registry), but for what `overrides` change. */
const spec = (overrides: Record<string, unknown> = {}) => podSpec({ containers: [container(overrides)] })
const deployment = (name: string, pod: Record<string, unknown>) => workload('Deployment', name, pod)
const pod = (name: string, pod: Record<string, unknown>) => workload('Pod', name, pod) as k8s.V1Pod
const PRIVILEGED = { securityContext: { privileged: true, capabilities: { drop: ['ALL'] } } }
/** A registry no level 4 project may pull from (level 1 and 2 allow Docker Hub). */
const FOREIGN = { image: 'docker.io/library/nginx:1.27.3' }

beforeAll(async () => {
  t = await createTestDatabase()
  await makePools(t.db, { cpu: 100_000n, memory: 1024n * GiB, pods: 1000n })
  connection = await connectStackKubernetes()
  admin = await connectAdminKubernetes()
  storage = connectStackStorage()
  deps = reconcilerDeps(t.db, connection, storage, {
    settings: { ...DEFAULT_SETTINGS, groupPrefix: requireStackSetting('KUBE_OIDC_GROUPS_PREFIX') },
  })
  const requester = await makeUser(t.db, 'Nguyễn Văn An')
  const op = await makeUser(t.db, 'Đặng Minh Đức')
  // an.nguyen is in the realm's group /agencies/so-khcn.
  const agencyId = await makeAgency(t.db, 'Sở Khoa học và Công nghệ', { code: 'so-khcn' })
  for (const level of [4, 1] as const) {
    const project = await approvedProject(t.db, {
      agencyId,
      requesterId: requester,
      operatorId: op,
      lines: { cpu: 4_000n, memory: 4n * GiB, pods: 20n },
      name: `Cổng dịch vụ công cấp độ ${level}`,
    })
    // The level is the project's fact; the operator's approval above is what provisions it.
    await t.db.project.update({ where: { id: project.projectId }, data: { securityLevel: level } })
    expect(await reconcileProject(deps, project.projectId)).toMatchObject({ phase: 'ready', error: null })
    ns[level] = project.namespace
    if (level === 4) level4Project = project.projectId
  }
  await applySecurityChecks(adminKubeConfig(), ns[4])
  agencyKc = kubeConfigWithToken(await kubectlToken('an.nguyen'))
  agency = clientsOf(agencyKc)
  await eventually('the API server to accept the realm token', 30_000, async () =>
    (await outcomeOf(agency.core.listNamespacedConfigMap({ namespace: ns[4] }))).status === 200 ? true : undefined,
  )
}, 180_000)

afterAll(async () => {
  await tearDownPlatform(connection, storage, Object.values(ns).filter(Boolean))
  await admin?.close()
  await t?.drop()
})

describe('at level 4 the API server refuses what the catalogue refuses, saying which check', () => {
  it('refuses a privileged Deployment (GC-WL-04), which Pod Security admission alone would only warn about', async () => {
    const outcome = await outcomeOf(
      agency.apps.createNamespacedDeployment({
        namespace: ns[4],
        body: deployment('privileged', spec(PRIVILEGED)),
      }),
    )
    expect(outcome.status).toBe(403)
    expect(outcome.message).toContain("ValidatingAdmissionPolicy 'govcloud-check-gc-wl-04'")
    expect(outcome.message).toContain('vượt mức Pod Security "restricted" của namespace: app: privileged')
    expect(outcome.message).toContain('Asks more than the namespace’s Pod Security level')
  })

  it('refuses a privileged Pod (Pod Security admission answers first, as GC-WL-04 would)', async () => {
    const outcome = await outcomeOf(
      agency.core.createNamespacedPod({ namespace: ns[4], body: pod('privileged', spec(PRIVILEGED)) }),
    )
    expect(outcome.status).toBe(403)
    expect(outcome.message).toContain('privileged')
  })

  it('refuses a Pod and a Deployment with an image from a registry level 4 does not allow (GC-WL-02)', async () => {
    // Each call is made only when its turn comes: both made at once, the Deployment's refusal
    // arrived while the Pod's was awaited, unhandled (Vitest's "unhandled rejection" in a full run).
    for (const call of [
      () => agency.core.createNamespacedPod({ namespace: ns[4], body: pod('nginx', spec(FOREIGN)) }),
      () => agency.apps.createNamespacedDeployment({ namespace: ns[4], body: deployment('nginx', spec(FOREIGN)) }),
    ]) {
      const outcome = await outcomeOf(call())
      expect(outcome.status).toBe(403)
      expect(outcome.message).toContain("ValidatingAdmissionPolicy 'govcloud-check-gc-wl-02' with binding")
      expect(outcome.message).toContain('không thuộc các kho được phép ở cấp độ 4')
      expect(outcome.message).toContain('app (docker.io/library/nginx:1.27.3)')
    }
    expect((await agency.core.listNamespacedPod({ namespace: ns[4] })).items).toEqual([])
  })

  it('admits the same workload from the data centre’s registry, pinned and unprivileged', async () => {
    const created = await sendToApiServer(agencyKc, deployment('web', spec()), ns[4])
    expect(created.status, created.message).toBe(201)
    expect(policyWarnings(created)).toEqual([])
  })
})

describe('at level 1 the API server only warns where the catalogue warns', () => {
  it('admits a privileged Deployment with GC-WL-04’s warning', async () => {
    const answer = await sendToApiServer(agencyKc, deployment('privileged', spec(PRIVILEGED)), ns[1])
    expect(answer.status, answer.message).toBe(201)
    expect(policyWarnings(answer)).toEqual([
      expect.objectContaining({ checkId: 'GC-WL-04', binding: 'govcloud-check-gc-wl-04-level-1' }),
    ])
  })

  it('admits an image from outside every list without a word: level 1 only detects GC-WL-02', async () => {
    const body = deployment('elsewhere', spec({ image: 'example.com/app:1.0' }))
    const answer = await sendToApiServer(agencyKc, body, ns[1])
    expect(answer.status, answer.message).toBe(201)
    expect(refusalOf(answer)).toBeNull()
    expect(policyWarnings(answer)).toEqual([])
  })
})

describe("the console's own identity works under the policies", () => {
  it('repairs a level 4 project’s RoleBinding and a NetworkPolicy deleted behind its back', async () => {
    await admin.rbac.deleteNamespacedRoleBinding({ name: OBJECT_NAMES.agencyEdit, namespace: ns[4] })
    await admin.networking.deleteNamespacedNetworkPolicy({ name: OBJECT_NAMES.dns, namespace: ns[4] })
    expect(await reconcileProject(deps, level4Project)).toMatchObject({ phase: 'ready', error: null })
    const binding = await admin.rbac.readNamespacedRoleBinding({ name: OBJECT_NAMES.agencyEdit, namespace: ns[4] })
    expect(binding.subjects?.map((s) => s.name)).toContain(
      `${requireStackSetting('KUBE_OIDC_GROUPS_PREFIX')}/agencies/so-khcn`,
    )
    await admin.networking.readNamespacedNetworkPolicy({ name: OBJECT_NAMES.dns, namespace: ns[4] })
  })
})
