// Worker processes killed with SIGKILL in the middle of provisioning 100 projects, at different
// points, then restarted: every project converges, each decision is moved along exactly once, and
// the platform holds exactly the objects and buckets the ledger asks for (no duplicates, no orphans).
import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import { kubernetesPlatform } from '#server/platform/kubernetes/platform'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { LABELS, MANAGED_SELECTOR, desiredState, isProjectBucket } from '#server/provisioning/desired'
import { loadProjects } from '#server/provisioning/intent'
import { reconcileAll } from '#server/provisioning/reconcile-all'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makePools, makeUser } from '../../helpers/fixtures'
import { connectStackKubernetes, connectStackStorage, storageEnv } from '../../helpers/platform'
import { until } from '../../helpers/poll'
import { approvedProject, tearDownPlatform, reconcilerDeps } from '../../helpers/provisioning'
import { requireStackSetting } from '../../helpers/stack-env'

const PROJECTS = 100
const WITH_BUCKETS = 10
let t: TestDatabase
let connection: KubernetesConnection
let storage: ObjectStorage
const namespaces: string[] = []
const children = new Set<ChildProcess>()
let log = ''

function startWorkerProcess(): ChildProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(import.meta.dirname, '../../../server/provisioning/worker-cli.ts')],
    {
      env: {
        ...process.env,
        DATABASE_URL: t.url,
        KUBECONFIG: requireStackSetting('KUBE_CONSOLE_KUBECONFIG'),
        ...storageEnv(),
        PROVISIONING_CONCURRENCY: '4',
        PROVISIONING_LEASE_SECONDS: '3',
        PROVISIONING_PERIOD_SECONDS: '5',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  child.stdout?.on('data', (b: Buffer) => (log += b.toString()))
  child.stderr?.on('data', (b: Buffer) => (log += b.toString()))
  children.add(child)
  child.on('exit', () => children.delete(child))
  return child
}

async function killAll(signal: NodeJS.Signals): Promise<void> {
  const exits = [...children].map((c) => new Promise((r) => c.once('exit', r)))
  for (const child of children) child.kill(signal)
  await Promise.all(exits)
}

const readyCount = () => t.db.provisioningStatus.count({ where: { phase: 'ready' } })

/** Waits for the workers to get somewhere; a timeout shows the end of their log. */
const waitFor = (what: string, ms: number, check: () => Promise<boolean>) =>
  until(what, ms, check, { everyMs: 50, explain: () => `worker log:\n${log.slice(-3000)}` })

beforeAll(async () => {
  t = await createTestDatabase()
  const agencyId = await makeAgency(t.db, 'Sở Giáo dục và Đào tạo')
  const requester = await makeUser(t.db, 'Phạm Thị Hương')
  const op = await makeUser(t.db, 'Đặng Minh Đức')
  await makePools(t.db, {
    cpu: 10_000_000n,
    memory: 100_000n * GiB,
    pods: 100_000n,
    objectStorage: 100_000n * GiB,
    buckets: 10_000n,
  })
  for (let i = 0; i < PROJECTS; i++) {
    const lines: Record<string, bigint> = { cpu: 500n, memory: GiB, pods: 5n }
    if (i < WITH_BUCKETS) Object.assign(lines, { objectStorage: GiB, buckets: 1n })
    const name = `Cơ sở dữ liệu trường học số ${i + 1}`
    const { namespace } = await approvedProject(t.db, { agencyId, requesterId: requester, operatorId: op, lines, name })
    namespaces.push(namespace)
  }
  connection = await connectStackKubernetes()
  storage = connectStackStorage()
}, 300_000)

afterAll(async () => {
  await killAll('SIGKILL').catch(() => undefined)
  await tearDownPlatform(connection, storage, namespaces)
  await t?.drop()
}, 300_000)

describe('SIGKILL of worker processes mid-provisioning', () => {
  it(
    'converges after kills at several points, with no duplicate decisions and no orphans',
    { timeout: 300_000 },
    async () => {
      const killedAt: number[] = []
      // Two replicas at a time; killed when 10, 40 and 70 projects are ready (whatever is in flight dies with them).
      for (const target of [10, 40, 70]) {
        startWorkerProcess()
        startWorkerProcess()
        await waitFor(`${target} ready projects`, 120_000, async () => (await readyCount()) >= target)
        const running = await t.db.job.count({ where: { state: 'running' } })
        await killAll('SIGKILL')
        killedAt.push(await readyCount())
        expect(running, 'jobs in flight when the workers were killed').toBeGreaterThan(0)
      }
      expect(killedAt[2]!).toBeLessThan(PROJECTS)

      startWorkerProcess()
      startWorkerProcess()
      await waitFor('every project ready', 180_000, async () => (await readyCount()) === PROJECTS)
      await waitFor(
        'every request active',
        60_000,
        async () => (await t.db.quotaRequest.count({ where: { state: 'active' } })) === PROJECTS,
      )
      await killAll('SIGTERM')

      // Each decision moved along exactly once.
      const moves = await t.db.auditEntry.groupBy({
        by: ['action'],
        where: { action: { in: ['request.start_provisioning', 'request.mark_active'] } },
        _count: true,
      })
      expect(Object.fromEntries(moves.map((m) => [m.action, m._count]))).toEqual({
        'request.start_provisioning': PROJECTS,
        'request.mark_active': PROJECTS,
      })
      expect(await t.db.job.count({ where: { state: 'running' } })).toBe(0)

      // The platform holds exactly what the ledger asks for.
      const kube = kubernetesPlatform(connection)
      const projects = await loadProjects(t.db)
      const ids = new Set(projects.map((p) => p.intent.projectId))
      for (const kind of ['Namespace', 'ResourceQuota', 'LimitRange', 'NetworkPolicy', 'RoleBinding'] as const) {
        const ours = (await kube.list(kind, { labelSelector: MANAGED_SELECTOR })).filter((o) =>
          ids.has(o.metadata?.labels?.[LABELS.projectId] ?? ''),
        )
        const expected = projects.reduce(
          (n, p) => n + desiredState(p.intent).objects.filter((o) => o.kind === kind).length,
          0,
        )
        expect(ours.length, kind).toBe(expected)
      }
      const buckets = await storage.listBuckets()
      for (const p of projects) {
        const want = desiredState(p.intent)
          .buckets.map((b) => b.name)
          .sort()
        expect(buckets.filter((b) => isProjectBucket(p.intent.namespace, b)).sort()).toEqual(want)
      }
      for (const status of await t.db.provisioningStatus.findMany())
        expect(status.observedHash).toBe(status.desiredHash)

      // And a full pass over the converged projects writes nothing.
      const pass = await reconcileAll({ ...reconcilerDeps(t.db, connection, storage), leaseHolder: 'crash-test' })
      expect(pass).toMatchObject({ projects: PROJECTS, inSync: PROJECTS, writes: 0, failed: 0 })
    },
  )
})
