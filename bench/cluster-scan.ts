// Benchmark (issue 13, decision 0039): the full cluster scan over N managed namespaces of ten
// judged objects each, against listing the same objects with a bare @kubernetes/client-node in
// the same run.
//
//   npx tsx bench/cluster-scan.ts [--namespaces 1000] [--concurrency 16] [--rounds 5] [--keep]
//
// Each namespace is a project's, labelled as the console labels it, at level 2 (nothing here is
// refused by admission at that level), with a Deployment (0 replicas, so its one ReplicaSet is
// listed but not judged), a StatefulSet (0 replicas), a suspended CronJob, two Services, an
// Ingress, two NetworkPolicies and two RoleBindings; every other namespace's Deployment runs
// nginx:latest (GC-WL-03 found). The first scan opens those findings; the rounds that follow
// time, in a rotated order: the bare list (typed clients, every kind at once, unpaged, with the
// console's connection pool), the scan's own read (readCluster: the same lists as JSON, paged by
// 500), the full scan judging every object (read, the CEL rules, findings recorded), and the
// full scan as the worker runs it, with the memo it keeps between scans (judgement-memo.ts:
// what did not change is not judged again). Namespaces are made as the cluster's administrator
// and read as the console (the scan's role). Needs the local stack.
import { cpus, loadavg, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import * as k8s from '@kubernetes/client-node'
import pg from 'pg'
import { LABELS } from '#server/domain/ownership-labels'
import { eachConcurrently } from '#server/jobs/each-concurrently'
import { FIELD_MANAGER, type KubernetesConnection } from '#server/platform/kubernetes/connection'
import { PLATFORM_SETTINGS_PATH, readCluster } from '#server/security/cluster-read'
import { scanCluster } from '#server/security/cluster-scan'
import { judgementMemo } from '#server/security/judgement-memo'
import { AGENCY_GROUPS_ANNOTATION } from '#server/security/rules/network'
import { deploymentBody } from '../tests/integration/security/cluster-support'
import { createTestDatabase, ensureTemplateDatabase, type TestDatabase } from '../tests/helpers/database'
import { connectAdminKubernetes, connectStackKubernetes } from '../tests/helpers/platform'

const { values } = parseArgs({
  options: {
    namespaces: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
  },
})
const N = Number(values.namespaces)
const C = Number(values.concurrency)
const ROUNDS = Number(values.rounds)
const run = Date.now().toString(36)
const prefix = `bench-${run}-scan-`
const GROUP = `oidc:bench-${run}`

/** N projects at level 2 of one agency, in SQL at once; their ids and namespaces. */
async function seedProjects(url: string): Promise<Array<{ id: string; namespace: string }>> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(
      `INSERT INTO "Agency" (id, code, "nameVi", "nameEn", kind, "updatedAt") VALUES (gen_random_uuid(), 'bench-${run}', 'Sở Thông tin và Truyền thông', 'Department of Information and Communications', 'department', now())`,
    )
    const rows = await client.query<{ id: string; namespace: string }>(
      `INSERT INTO "Project" (id, "agencyId", name, slug, namespace, "securityLevel", "contactName", "contactEmail", "updatedAt")
       SELECT gen_random_uuid(), (SELECT id FROM "Agency" LIMIT 1), 'Hệ thống thông tin số ' || i, 'he-thong-' || i, '${prefix}' || i, 2, 'Nguyễn Văn An', 'an@example.gov.vn', now()
       FROM generate_series(1, $1::int) i RETURNING id, namespace`,
      [N],
    )
    return rows.rows
  } finally {
    await client.end()
  }
}

const labels = { app: 'web' }
const restrictedPod = (image: string): k8s.V1PodTemplateSpec => deploymentBody('web', { image }).spec!.template

/** The ten judged objects of one namespace, made as the cluster's administrator. */
function makers(admin: KubernetesConnection, namespace: string, bad: boolean): Array<() => Promise<unknown>> {
  const o = admin.options
  const apps = admin.kubeConfig.makeApiClient(k8s.AppsV1Api)
  const batch = admin.kubeConfig.makeApiClient(k8s.BatchV1Api)
  const deployment = deploymentBody('web', bad ? { image: 'nginx:latest' } : {})
  deployment.spec!.replicas = 0
  const template = restrictedPod('registry.langson.gov.vn/so-tttt/worker:2.0.1')
  const service = (name: string) => ({ metadata: { name }, spec: { selector: labels, ports: [{ port: 8080 }] } })
  const binding = (name: string, role: string) => ({
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: GROUP }],
  })
  const policy = (name: string, from: k8s.V1NetworkPolicyPeer[]) => ({
    metadata: { name },
    spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: from.length ? [{ _from: from }] : [] },
  })
  const job = { spec: { template: { ...template, spec: { ...template.spec!, restartPolicy: 'Never' } } } }
  return [
    () => apps.createNamespacedDeployment({ namespace, body: deployment }, o),
    () =>
      apps.createNamespacedStatefulSet(
        {
          namespace,
          body: {
            metadata: { name: 'db' },
            spec: { replicas: 0, serviceName: 'db', selector: { matchLabels: labels }, template },
          },
        },
        o,
      ),
    () =>
      batch.createNamespacedCronJob(
        {
          namespace,
          body: { metadata: { name: 'sao-luu' }, spec: { schedule: '0 2 * * *', suspend: true, jobTemplate: job } },
        },
        o,
      ),
    () => admin.core.createNamespacedService({ namespace, body: service('web') }, o),
    () => admin.core.createNamespacedService({ namespace, body: service('db') }, o),
    () =>
      admin.networking.createNamespacedIngress(
        {
          namespace,
          body: {
            metadata: { name: 'web' },
            spec: {
              tls: [{ hosts: [`${namespace}.apps.govcloud.langson.gov.vn`], secretName: 'web-tls' }],
              rules: [
                {
                  host: `${namespace}.apps.govcloud.langson.gov.vn`,
                  http: {
                    paths: [
                      { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 8080 } } } },
                    ],
                  },
                },
              ],
            },
          },
        },
        o,
      ),
    () => admin.networking.createNamespacedNetworkPolicy({ namespace, body: policy('mac-dinh-chan', []) }, o),
    () =>
      admin.networking.createNamespacedNetworkPolicy({ namespace, body: policy('noi-bo', [{ podSelector: {} }]) }, o),
    () => admin.rbac.createNamespacedRoleBinding({ namespace, body: binding('xem', 'view') }, o),
    () => admin.rbac.createNamespacedRoleBinding({ namespace, body: binding('sua', 'edit') }, o),
  ]
}

async function makeNamespaces(admin: KubernetesConnection, projects: ReadonlyArray<{ id: string; namespace: string }>) {
  const started = performance.now()
  let index = 0
  await eachConcurrently(projects, C, async (project) => {
    const bad = index++ % 2 === 0
    const metadata = {
      name: project.namespace,
      labels: {
        [LABELS.managedBy]: FIELD_MANAGER,
        [LABELS.projectId]: project.id,
        [LABELS.securityLevel]: '2',
        'pod-security.kubernetes.io/enforce': 'restricted',
      },
      // The bindings' group is the agency's, as the console writes it (GC-RBAC-01 passes).
      annotations: { [AGENCY_GROUPS_ANNOTATION]: GROUP },
    }
    await admin.core.createNamespace({ body: { metadata } }, admin.options)
    await Promise.all(makers(admin, project.namespace, bad).map((make) => make()))
  })
  return (performance.now() - started) / 1000
}

/** The bare client: every kind the scan reads, cluster-wide, at once, into the library's classes. */
async function bareList(kc: k8s.KubeConfig, o: k8s.ConfigurationOptions): Promise<number> {
  const core = kc.makeApiClient(k8s.CoreV1Api)
  const apps = kc.makeApiClient(k8s.AppsV1Api)
  const batch = kc.makeApiClient(k8s.BatchV1Api)
  const net = kc.makeApiClient(k8s.NetworkingV1Api)
  const rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api)
  const [, namespaces, ...lists] = await Promise.all([
    core.readNamespacedConfigMap({ namespace: 'govcloud-system', name: PLATFORM_SETTINGS_PATH.split('/').pop()! }, o),
    core.listNamespace({ labelSelector: `${LABELS.managedBy}=${FIELD_MANAGER}` }, o),
    core.listPodForAllNamespaces({}, o),
    apps.listDeploymentForAllNamespaces({}, o),
    apps.listStatefulSetForAllNamespaces({}, o),
    apps.listDaemonSetForAllNamespaces({}, o),
    apps.listReplicaSetForAllNamespaces({}, o),
    batch.listJobForAllNamespaces({}, o),
    batch.listCronJobForAllNamespaces({}, o),
    core.listServiceForAllNamespaces({}, o),
    net.listIngressForAllNamespaces({}, o),
    net.listNetworkPolicyForAllNamespaces({}, o),
    rbac.listRoleBindingForAllNamespaces({}, o),
  ])
  return namespaces.items.length + lists.reduce((sum, list) => sum + list.items.length, 0)
}

const seconds = async (work: () => Promise<unknown>) => {
  const started = performance.now()
  await work()
  return (performance.now() - started) / 1000
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const f = (s: number) => `${s.toFixed(2)} s`

async function timeRounds(t: TestDatabase, console_: KubernetesConnection) {
  const kc = console_.kubeConfig
  // The worker keeps one memo for its life; warmed here by one scan, as by the worker's last.
  const memo = judgementMemo()
  await scanCluster({ db: t.db, kubeConfig: kc, memo })
  const times = { bare: [] as number[], read: [] as number[], scan: [] as number[], memo: [] as number[] }
  const contenders: Array<[keyof typeof times, () => Promise<unknown>]> = [
    ['bare', () => bareList(kc, console_.options)],
    ['read', () => readCluster(kc)],
    ['scan', () => scanCluster({ db: t.db, kubeConfig: kc })],
    ['memo', () => scanCluster({ db: t.db, kubeConfig: kc, memo })],
  ]
  for (let round = 0; round < ROUNDS; round++) {
    const order = [...contenders.slice(round % 4), ...contenders.slice(0, round % 4)]
    for (const [name, work] of order) times[name].push(await seconds(work))
  }
  return times
}

async function main(): Promise<void> {
  console.log(
    `cluster scan benchmark: ${N} namespaces × 10 objects, concurrency ${C}, ${ROUNDS} rounds; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${loadavg()[0]!.toFixed(1)}, ${new Date().toISOString()}`,
  )
  await ensureTemplateDatabase()
  const t = await createTestDatabase()
  const admin = await connectAdminKubernetes(120_000)
  const console_ = await connectStackKubernetes(120_000)
  const projects = await seedProjects(t.url)
  try {
    console.log(`made ${N} namespaces and ${N * 10} objects in ${f(await makeNamespaces(admin, projects))}`)
    const objects = await bareList(console_.kubeConfig, console_.options)
    let first: Awaited<ReturnType<typeof scanCluster>> | undefined
    const firstSeconds = await seconds(
      async () => (first = await scanCluster({ db: t.db, kubeConfig: console_.kubeConfig })),
    )
    console.log(
      `objects listed by the bare client: ${objects}; first scan ${f(firstSeconds)}: ${first!.subjects} subjects, ${first!.recorded.opened} findings opened`,
    )
    const byCheck = await t.db.securityFinding.groupBy({ by: ['checkId'], _count: true, orderBy: { checkId: 'asc' } })
    console.log(`findings by check: ${byCheck.map((c) => `${c.checkId} ${c._count}`).join(', ')}`)
    const times = await timeRounds(t, console_)
    const [bare, read, scan, memo] = [times.bare, times.read, times.scan, times.memo].map(median) as [
      number,
      number,
      number,
      number,
    ]
    for (const [name, xs] of Object.entries(times)) console.log(`${name}: ${xs.map(f).join(', ')}`)
    console.log(
      `median: the worker's scan (memo of unchanged objects) ${f(memo)}, ${(memo / bare).toFixed(2)}× the bare list (target ≤ 1.5×)`,
    )
    console.log(
      `median: bare list ${f(bare)}, the scan's read ${f(read)} (${(read / bare).toFixed(2)}×), full scan judging every object ${f(scan)} (${(scan / bare).toFixed(2)}×); load ${loadavg()[0]!.toFixed(1)}`,
    )
  } finally {
    if (!values.keep)
      await eachConcurrently(projects, C, (p) =>
        admin.core.deleteNamespace({ name: p.namespace }, admin.options).then(
          () => undefined,
          () => undefined,
        ),
      )
    await admin.close()
    await console_.close()
    await t.drop()
  }
}

await main()
