import type { Velero } from '#server/platform/kubernetes/velero'
import { randomBytes } from 'node:crypto'
import type { Db } from '#server/db/client'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { listenForJobs } from '#server/jobs/process'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import { kubernetesPlatform } from '#server/platform/kubernetes/platform'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { DEFAULT_SETTINGS, isProjectBucket } from '#server/provisioning/desired'
import { startKeyLanes } from '#server/provisioning/key-lanes'
import { reconcileProject, type ReconcilerDeps } from '#server/provisioning/reconcile'
import { actOnRequest } from '#server/workflow/act-on-request'
import { operator } from './actors'
import { createSeededDatabase, createTestDatabase, type TestDatabase } from './database'
import { GiB, makeAgency, makePools, makeProject, makeSubmittedRequest, makeUser } from './fixtures'
import { connectAdminKubernetes, connectStackKubernetes, connectStackStorage } from './platform'
import { requireStackSetting } from './stack-env'

// Projects provisioned for real on the local cluster and storage, and the clean-up after them.

/** The reconciler as the worker runs it, on the stack's API server and S3 server. */
export function reconcilerDeps(
  db: Db,
  connection: KubernetesConnection,
  storage: ObjectStorage,
  extra: Partial<ReconcilerDeps> = {},
): ReconcilerDeps {
  return {
    db,
    kube: kubernetesPlatform(connection),
    storage,
    settings: { ...DEFAULT_SETTINGS, storageClasses: ['standard', 'fast'] },
    ...extra,
  }
}

/** Pools no test file fills: whatever its projects ask for fits. */
export const ROOMY_POOLS = {
  cpu: 100_000n,
  memory: 1024n * GiB,
  pods: 1000n,
  objectStorage: 1000n * GiB,
  buckets: 100n,
}

export type OpenPlatform = {
  t: TestDatabase
  /** As the console: the reconciler's identity. */
  connection: KubernetesConnection
  /** The cluster's administrator: what is done behind the console's back. */
  admin: KubernetesConnection
  storage: ObjectStorage
  d: ReconcilerDeps & { leaseHolder: string }
}

/**
 * What a reconciler test file starts from: a database of its own (with `pools`, roomy unless
 * said, or the demo seed's), the reconciler over the stack's cluster and storage as the console
 * (`deps` added; `name` holds its leases), and the cluster's administrator. leavePlatform after.
 */
export async function openPlatform(options: {
  name: string
  seeded?: boolean
  pools?: Record<string, bigint>
  deps?: Partial<ReconcilerDeps>
}): Promise<OpenPlatform> {
  const t = options.seeded ? await createSeededDatabase() : await createTestDatabase()
  if (!options.seeded) await makePools(t.db, options.pools ?? ROOMY_POOLS)
  const connection = await connectStackKubernetes()
  const admin = await connectAdminKubernetes()
  const storage = connectStackStorage()
  const d = { ...reconcilerDeps(t.db, connection, storage, options.deps), leaseHolder: options.name }
  return { t, connection, admin, storage, d }
}

/** Removes what the file made (tearDownPlatform), closes the connections, drops the database. */
export async function leavePlatform(open: Partial<OpenPlatform>, namespaces: readonly string[]): Promise<void> {
  await tearDownPlatform(open.connection, open.storage, namespaces)
  await open.admin?.close()
  await open.t?.drop()
}

/**
 * The worker's S3 key jobs in this process, with the stack's admin keys (`storage`), woken by the
 * queue's NOTIFY like the real worker: what answers the console's key requests in a test whose
 * console holds no storage keys (decision 0032). Given Velero's objects, the same loop answers the
 * console's backup questions too, as the real worker's does (decision 0056), and the restored
 * buckets' copies run in a lane of their own beside them (decision 0086).
 */
export async function startKeyWorker(
  database: { db: Db; url: string },
  storage: ObjectStorage,
  velero: Velero | null = null,
): Promise<{ stop(): Promise<void> }> {
  const worker = startKeyLanes({
    db: database.db,
    storage,
    velero,
    holder: `test-keys:${process.pid}:${randomBytes(3).toString('hex')}`,
    leaseMs: 30_000,
    pollMs: 500,
  })
  const stopListening = await listenForJobs(database.url, worker)
  return {
    async stop() {
      await worker.stop()
      await stopListening()
    },
  }
}

/**
 * A new project of the agency whose first request an operator approved in full: what the
 * reconciler starts from (the approval queued its job).
 */
export async function approvedProject(
  db: Db,
  input: {
    agencyId: string
    requesterId: string
    operatorId: string
    lines: Record<string, bigint>
    name?: string
  },
): Promise<{ projectId: string; namespace: string; requestId: string }> {
  const projectId = await makeProject(db, input.agencyId, input.name === undefined ? {} : { name: input.name })
  const { namespace } = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { namespace: true } })
  const requestId = await makeSubmittedRequest(db, {
    projectId,
    agencyId: input.agencyId,
    requesterId: input.requesterId,
    lines: input.lines,
  })
  const result = await actOnRequest(db, {
    requestId,
    action: 'approve',
    actor: operator(input.operatorId, 'Đặng Minh Đức'),
    expectedVersion: 1,
    policy: DEFAULT_APPROVAL_POLICY,
  })
  if (!result?.ok) throw new Error(`approval refused: ${JSON.stringify(result)}`)
  return { projectId, namespace, requestId }
}

/**
 * How many times the audit log says the requests (every request when `requestIds` is not given)
 * were moved to provisioning and to active: each decision moves along exactly once, whatever
 * failed or restarted on the way.
 */
export async function provisioningMoves(db: Db, requestIds?: readonly string[]): Promise<Record<string, number>> {
  const moves = await db.auditEntry.groupBy({
    by: ['action'],
    where: {
      ...(requestIds ? { entityId: { in: [...requestIds] } } : {}),
      action: { in: ['request.start_provisioning', 'request.mark_active'] },
    },
    _count: true,
  })
  return Object.fromEntries(moves.map((m) => [m.action, m._count]))
}

/**
 * A demo project of the seed, provisioned for real. Its namespace is renamed first to one of this
 * run's own: the seed's names are shared by every seeded database (and by `npm run dev`), and two
 * of them must never own the same namespace or buckets on the one local cluster.
 */
export async function provisionSeeded(
  db: Db,
  connection: KubernetesConnection,
  storage: ObjectStorage,
  projectName: string,
): Promise<{ projectId: string; namespace: string }> {
  const project = await db.project.findFirstOrThrow({ where: { name: projectName }, select: { id: true } })
  const namespace = `t${randomBytes(4).toString('hex')}-de-tai-khcn`
  await db.project.update({ where: { id: project.id }, data: { namespace } })
  const outcome = await reconcileProject(reconcilerDeps(db, connection, storage), project.id)
  if (outcome?.phase !== 'ready') throw new Error(`${projectName} did not provision: ${JSON.stringify(outcome)}`)
  return { projectId: project.id, namespace }
}

/**
 * Removes what a test file made on the platform (namespaces terminate in the background; buckets
 * under an object lock stay until it ends) and closes the connections. Either connection may be
 * missing when the file failed before making it.
 */
export async function tearDownPlatform(
  connection: KubernetesConnection | undefined,
  storage: ObjectStorage | undefined,
  namespaces: readonly string[],
): Promise<void> {
  if (connection && storage) {
    const kube = kubernetesPlatform(connection)
    await Promise.allSettled(namespaces.map((ns) => kube.delete({ kind: 'Namespace', name: ns })))
    const buckets = await storage.listBuckets().catch(() => [] as string[])
    for (const ns of namespaces) {
      await storage.deleteUser(ns, ['project-buckets']).catch(() => undefined)
      for (const bucket of buckets.filter((b) => isProjectBucket(ns, b))) {
        await storage.emptyBucket(bucket).catch(() => undefined)
        await storage.deleteBucket(bucket).catch(() => undefined)
      }
    }
  }
  storage?.close()
  await connection?.close()
}

/**
 * The realm's two demo agencies as tenants, each with a project provisioned for real and its
 * staff's group bound in the namespace: so-khcn (an.nguyen's) first, then so-tc (lan.hoang's). The
 * database needs pools for them.
 */
export async function provisionDemoAgencies(
  db: Db,
  connection: KubernetesConnection,
  storage: ObjectStorage,
): Promise<Array<{ agencyId: string; projectId: string; namespace: string }>> {
  const d = reconcilerDeps(db, connection, storage, {
    settings: { ...DEFAULT_SETTINGS, groupPrefix: requireStackSetting('KUBE_OIDC_GROUPS_PREFIX') },
  })
  const requesterId = await makeUser(db, 'Nguyễn Văn An')
  const operatorId = await makeUser(db, 'Đặng Minh Đức')
  const made = []
  for (const [code, nameVi] of [
    ['so-khcn', 'Sở Khoa học và Công nghệ'],
    ['so-tc', 'Sở Tài chính'],
  ] as const) {
    const agencyId = await makeAgency(db, nameVi, { code })
    const { projectId, namespace } = await approvedProject(db, {
      agencyId,
      requesterId,
      operatorId,
      lines: { cpu: 2_000n, memory: 2n * GiB, pods: 10n },
      name: 'Cổng dịch vụ công của tỉnh',
    })
    const outcome = await reconcileProject(d, projectId)
    if (outcome?.phase !== 'ready') throw new Error(`${code}'s project did not provision: ${JSON.stringify(outcome)}`)
    made.push({ agencyId, projectId, namespace })
  }
  return made
}
