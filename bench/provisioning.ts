// Benchmark (issue 6): provision N projects (8 Kubernetes objects each: Namespace, ResourceQuota,
// LimitRange, four NetworkPolicies, RoleBinding) through the reconciler against the local API
// server, and compare with a bare @kubernetes/client-node loop applying the same objects at the
// same concurrency in the same run. Then a no-op pass over the converged projects.
//
//   npx tsx bench/provisioning.ts [--projects 1000] [--concurrency 16] [--rounds 10] [--keep]
//
// Two bare loops are timed: the library as it comes (it opens a new TLS connection per request,
// see server/platform/kubernetes/connection.ts) and the library with the one shared connection
// pool the console's adapter uses, so the ratio against each is printed.
// Needs the local stack's PostgreSQL, Kubernetes and SeaweedFS (infra/local/stack up).
import { cpus, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import * as k8s from '@kubernetes/client-node'
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js'
import pg from 'pg'
import { eachConcurrently } from '#server/jobs/each-concurrently'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { DesiredObject } from '#server/platform/kubernetes/objects'
import { kubernetesPlatform, type KubernetesPlatform } from '#server/platform/kubernetes/platform'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { DEFAULT_SETTINGS, desiredState } from '#server/provisioning/desired'
import { loadProjects, type LoadedProject } from '#server/provisioning/intent'
import { reconcileAll } from '#server/provisioning/reconcile-all'
import { createTestDatabase, ensureTemplateDatabase, type TestDatabase } from '../tests/helpers/database'
import { connectStackKubernetes, connectStackStorage } from '../tests/helpers/platform'

const { values } = parseArgs({
  options: {
    projects: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
  },
})
const N = Number(values.projects)
const C = Number(values.concurrency)
const run = Date.now().toString(36)
const GiB = 1024n ** 3n

const MODEL: Record<string, string> = {
  Namespace: 'V1Namespace',
  ResourceQuota: 'V1ResourceQuota',
  LimitRange: 'V1LimitRange',
  NetworkPolicy: 'V1NetworkPolicy',
  RoleBinding: 'V1RoleBinding',
}

/** The plainest loop: typed clients, server-side apply, nothing else. */
function bareApplier(kc: k8s.KubeConfig, options: k8s.ConfigurationOptions | undefined) {
  const core = kc.makeApiClient(k8s.CoreV1Api)
  const net = kc.makeApiClient(k8s.NetworkingV1Api)
  const rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api)
  const ssa = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply, options)
  const common = { fieldManager: 'govcloud-console', force: true }
  return (o: DesiredObject): Promise<unknown> => {
    // The wire form (`from`, `default`): the generated clients send a patch body as it is.
    const body: unknown = ObjectSerializer.serialize(o, MODEL[o.kind]!, '')
    const name = o.metadata.name
    const namespace = o.metadata.namespace ?? ''
    switch (o.kind) {
      case 'Namespace':
        return core.patchNamespace({ name, body, ...common }, ssa)
      case 'ResourceQuota':
        return core.patchNamespacedResourceQuota({ name, namespace, body, ...common }, ssa)
      case 'LimitRange':
        return core.patchNamespacedLimitRange({ name, namespace, body, ...common }, ssa)
      case 'NetworkPolicy':
        return net.patchNamespacedNetworkPolicy({ name, namespace, body, ...common }, ssa)
      case 'RoleBinding':
        return rbac.patchNamespacedRoleBinding({ name, namespace, body, ...common }, ssa)
    }
  }
}

/** Same objects under another namespace name (each loop needs namespaces of its own). */
function renamed(objects: readonly DesiredObject[], namespace: string): DesiredObject[] {
  return objects.map((o) => {
    const copy = structuredClone(o)
    if (copy.kind === 'Namespace') copy.metadata.name = namespace
    else copy.metadata.namespace = namespace
    return copy
  })
}

/**
 * Waits until the controller-manager has caught up with the namespaces just made (service account
 * token CA ConfigMap in each, quota status computed), so the work one phase leaves behind in the
 * background does not slow the next phase down.
 */
async function settle(
  core: k8s.CoreV1Api,
  options: k8s.ConfigurationOptions,
  prefix: string,
  count: number,
): Promise<number> {
  const started = performance.now()
  for (;;) {
    const [maps, quotas] = await Promise.all([
      core.listConfigMapForAllNamespaces({ fieldSelector: 'metadata.name=kube-root-ca.crt' }, options),
      core.listResourceQuotaForAllNamespaces(
        { labelSelector: 'app.kubernetes.io/managed-by=govcloud-console' },
        options,
      ),
    ])
    const caught = maps.items.filter((m) => m.metadata?.namespace?.startsWith(prefix)).length
    const computed = quotas.items.filter((q) => q.metadata?.namespace?.startsWith(prefix) && q.status?.hard).length
    if ((caught >= count && computed >= count) || performance.now() - started > 120_000)
      return (performance.now() - started) / 1000
    await new Promise((r) => setTimeout(r, 1_000))
  }
}

async function bareLoop(sets: DesiredObject[][], apply: (o: DesiredObject) => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await eachConcurrently(sets, C, async (objects) => {
    const [ns, ...rest] = objects
    await apply(ns!)
    await Promise.all(rest.map(apply)) // the reconciler applies a project's objects the same way
  })
  return (performance.now() - started) / 1000
}

async function main(): Promise<void> {
  console.log(
    `provisioning benchmark: ${N} projects, concurrency ${C}; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString()}`,
  )
  await ensureTemplateDatabase()
  const t = await createTestDatabase({ poolSize: C + 4 })
  await seedProjects(t.url)
  const projects = await loadProjects(t.db)
  const sets = projects.map((p) => desiredState(p.intent, DEFAULT_SETTINGS).objects as DesiredObject[])
  console.log(`${sets[0]!.length} objects per project, ${sets.length * sets[0]!.length} in all per loop`)

  const connection = await connectStackKubernetes()
  const storage = connectStackStorage()
  const kube = kubernetesPlatform(connection)
  const bench: Bench = { t, projects, sets, connection, kube, storage, cleanup: [] }
  const first = await timeInRounds(bench)
  report(first, sets[0]!.length)
  await noOpPass(bench, first)

  if (!values.keep) {
    await eachConcurrently(bench.cleanup, C, async (name) => {
      await kube.delete({ kind: 'Namespace', name }).catch(() => undefined)
    })
  }
  storage.close()
  await connection.close()
  await t.drop()
}

/** N projects with compute and volume allocations, written set-based (the ledger's result). */
async function seedProjects(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query(
    `INSERT INTO "Agency" (id, code, "nameVi", "nameEn", kind, "updatedAt") VALUES (gen_random_uuid(), 'bench-${run}', 'Sở Thông tin và Truyền thông', 'Department of Information and Communications', 'department', now())`,
  )
  await client.query(
    `INSERT INTO "Project" (id, "agencyId", name, slug, namespace, "securityLevel", "contactName", "contactEmail", "updatedAt")
     SELECT gen_random_uuid(), (SELECT id FROM "Agency" LIMIT 1), 'Hệ thống thông tin số ' || i, 'he-thong-' || i, 'bench-${run}-rec-' || i, 2, 'Nguyễn Văn An', 'an@example.gov.vn', now()
     FROM generate_series(1, $1::int) i`,
    [N],
  )
  await client.query(
    `INSERT INTO "Allocation" (id, "projectId", state, "updatedAt") SELECT gen_random_uuid(), id, 'active', now() FROM "Project"`,
  )
  await client.query(
    `INSERT INTO "AllocationLine" ("allocationId", resource, amount)
     SELECT a.id, r.resource, r.amount FROM "Allocation" a
     CROSS JOIN (VALUES ('cpu', 2000::bigint), ('memory', ${4n * GiB}::bigint), ('pods', 20::bigint), ('volume:standard', ${20n * GiB}::bigint)) AS r(resource, amount)`,
  )
  await client.end()
}

interface Bench {
  readonly t: TestDatabase
  readonly projects: readonly LoadedProject[]
  /** Each project's desired objects, Namespace first. */
  readonly sets: readonly DesiredObject[][]
  readonly connection: KubernetesConnection
  readonly kube: KubernetesPlatform
  readonly storage: ObjectStorage
  /** Namespaces to delete at the end. */
  readonly cleanup: string[]
}

interface FirstPass {
  readonly totals: { bare: number; pool: number; reconciler: number; settle: number }
  readonly writes: number
  readonly failed: number
}

/**
 * The machine is shared: background load drifts over minutes. So the three contenders run in
 * rounds of N/rounds projects, in a rotated order, each phase waiting for the cluster's
 * controllers to finish what the previous one caused; each contender's time is the sum of its
 * rounds. The reconciler's full pass takes its usual cluster-wide snapshot in every round.
 */
async function timeInRounds(bench: Bench): Promise<FirstPass> {
  const { sets, projects, connection } = bench
  const rounds = Math.max(1, Math.min(Number(values.rounds), N))
  const per = Math.ceil(N / rounds)
  const bareDefault = sets.map((s, i) => renamed(s, `bench-${run}-bare-${i + 1}`))
  const bareShared = sets.map((s, i) => renamed(s, `bench-${run}-pool-${i + 1}`))
  bench.cleanup.push(
    ...bareDefault.map((s) => s[0]!.metadata.name),
    ...bareShared.map((s) => s[0]!.metadata.name),
    ...sets.map((s) => s[0]!.metadata.name),
  )
  // The console's own identity (decision 0026) for all three, as the worker runs.
  const applyDefault = bareApplier(connection.kubeConfig, undefined)
  const applyShared = bareApplier(connection.kubeConfig, connection.options)
  const totals = { bare: 0, pool: 0, reconciler: 0, settle: 0 }
  const result = { totals, writes: 0, failed: 0 }
  for (let r = 0; r < rounds; r++) {
    const from = r * per
    const to = Math.min(N, from + per)
    const phases: [keyof typeof totals, () => Promise<number>, string][] = [
      ['bare', () => bareLoop(bareDefault.slice(from, to), applyDefault), `bench-${run}-bare-`],
      ['reconciler', () => reconcilerRound(bench, projects.slice(from, to), result), `bench-${run}-rec-`],
      ['pool', () => bareLoop(bareShared.slice(from, to), applyShared), `bench-${run}-pool-`],
    ]
    for (let k = 0; k < phases.length; k++) {
      const [name, phase, prefix] = phases[(k + r) % phases.length]!
      totals[name] += await phase()
      totals.settle += await settle(connection.core, connection.options, prefix, to)
    }
    process.stdout.write(
      `round ${r + 1}/${rounds}: bare ${totals.bare.toFixed(1)} s, reconciler ${totals.reconciler.toFixed(1)} s, pool ${totals.pool.toFixed(1)} s so far\n`,
    )
  }
  return result
}

/** The reconciler's first pass over one round's projects; seconds. */
async function reconcilerRound(
  bench: Bench,
  projects: readonly LoadedProject[],
  result: { writes: number; failed: number },
): Promise<number> {
  const pass = await reconcileAll(reconcilerDeps(bench), {
    concurrency: C,
    projectIds: projects.map((p) => p.intent.projectId),
  })
  result.writes += pass.writes
  result.failed += pass.failed
  return pass.ms / 1000
}

function reconcilerDeps(bench: Bench) {
  return {
    db: bench.t.db,
    kube: bench.kube,
    storage: bench.storage,
    settings: DEFAULT_SETTINGS,
    leaseHolder: `bench-${run}`,
  }
}

function report(first: FirstPass, objectsPerProject: number): void {
  const line = (label: string, seconds: number, extra = '') =>
    console.log(
      `${label.padEnd(44)} ${seconds.toFixed(1).padStart(7)} s  ${(N / seconds).toFixed(1).padStart(7)} projects/s  ${((N * objectsPerProject) / seconds).toFixed(0).padStart(6)} objects/s${extra}`,
    )
  line('bare client-node loop (library default)', first.totals.bare)
  line('bare client-node loop (one connection pool)', first.totals.pool)
  line('reconciler, first pass', first.totals.reconciler, `  writes ${first.writes}, failed ${first.failed}`)
}

/** The no-op pass: every project at once, as the periodic pass does it. */
async function noOpPass(bench: Bench, first: FirstPass): Promise<void> {
  const { kube, storage } = bench
  const readsBefore = kube.counters.reads + storage.counters.reads
  const noop = await reconcileAll(reconcilerDeps(bench), { concurrency: C })
  const noopReads = kube.counters.reads + storage.counters.reads - readsBefore
  const tNoop = noop.ms / 1000
  const { bare, pool, reconciler, settle } = first.totals
  console.log(
    `${'reconciler, no-op pass over all'.padEnd(44)} ${tNoop.toFixed(2).padStart(7)} s  writes ${noop.writes}, in sync ${noop.inSync}/${noop.projects}, platform reads ${noopReads}`,
  )
  console.log(`(waiting for the controllers between phases, not counted: ${settle.toFixed(1)} s)`)

  console.log('')
  console.log(
    `reconciler rate / bare loop rate (library default):  ${(bare / reconciler).toFixed(2)}×  (target ≥ 0.8×)`,
  )
  console.log(`reconciler rate / bare loop rate (one pool):         ${(pool / reconciler).toFixed(2)}×`)
  console.log(
    `no-op pass / first pass:                             ${(tNoop / reconciler).toFixed(3)}×  (target ≤ 0.1×)`,
  )
}

await main()
