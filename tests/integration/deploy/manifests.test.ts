import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as k8s from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminKubeConfig } from '#tests/helpers/platform'
import { requireStackSetting } from '#tests/helpers/stack-env'

// The console's own deployment (deploy/, issue 16, decision 0064), rendered by the kustomize that
// kubectl carries and applied to the real local API server: first the operator's CRDs, then
// every object with a server-side dry run (the API server validates it against its schema, the
// CRDs' included, and runs admission), then for real, in a namespace of this run's labelled as
// the console's own is, every object that needs no running pod, and last the pods the workloads
// would make, dry-run created there under the "restricted" Pod Security level.

const FIELD_MANAGER = 'govcloud-deploy-test'
const CONSOLE_NAMESPACE = 'govcloud-system'

type Manifest = k8s.KubernetesObject & { spec?: Record<string, unknown> }

let objects: k8s.KubernetesObjectApi
let core: k8s.CoreV1Api
let rendered: Manifest[]
const scratch = `deploy-test-${randomBytes(3).toString('hex')}`

function render(): Manifest[] {
  const yaml = execFileSync(requireStackSetting('KUBECTL'), ['kustomize', 'deploy'], { encoding: 'utf8' })
  return k8s.loadAllYaml(yaml) as Manifest[]
}

function describeObject(object: Manifest): string {
  return `${object.kind}/${object.metadata?.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata?.name}`
}

async function applyAll(list: readonly Manifest[], dryRun: 'All' | undefined): Promise<Map<string, string>> {
  const refused = new Map<string, string>()
  for (const object of list) {
    try {
      await objects.patch(object, undefined, dryRun, FIELD_MANAGER, true, k8s.PatchStrategy.ServerSideApply)
    } catch (error) {
      refused.set(describeObject(object), error instanceof k8s.ApiException ? String(error.body) : String(error))
    }
  }
  return refused
}

/** Each workload's pod, as its controller makes it (a StatefulSet adds its claims' volumes). */
function podTemplates(): { owner: string; spec: k8s.V1PodSpec }[] {
  return rendered.flatMap((object) => {
    const spec = object.spec as
      { template?: { spec?: k8s.V1PodSpec }; volumeClaimTemplates?: k8s.V1PersistentVolumeClaim[] } | undefined
    const podSpec = spec?.template?.spec
    if (!podSpec) return []
    const claims = (spec.volumeClaimTemplates ?? []).map((claim) => ({
      name: claim.metadata!.name!,
      persistentVolumeClaim: { claimName: `${claim.metadata!.name}-${object.metadata!.name}-0` },
    }))
    return [{ owner: describeObject(object), spec: { ...podSpec, volumes: [...(podSpec.volumes ?? []), ...claims] } }]
  })
}

/** A pod made from a template, dry-run created in this run's namespace: 'admitted' or why not. */
async function dryRunPod(name: string, spec: k8s.V1PodSpec): Promise<string> {
  const pod: k8s.V1Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: scratch }, spec }
  try {
    await core.createNamespacedPod({ namespace: scratch, body: pod, dryRun: 'All' })
    return 'admitted'
  } catch (error) {
    return error instanceof k8s.ApiException ? `${error.code} ${String(error.body)}` : String(error)
  }
}

/** What the local VictoriaMetrics answers to an instant query: 'success' or its error. */
async function storeParses(expr: string): Promise<string> {
  const url = new URL('api/v1/query', requireStackSetting('METRICS_URL').replace(/\/?$/, '/'))
  url.searchParams.set('query', expr)
  const auth = Buffer.from(`${requireStackSetting('METRICS_USERNAME')}:${requireStackSetting('METRICS_PASSWORD')}`)
  const response = await fetch(url, { headers: { Authorization: `Basic ${auth.toString('base64')}` } })
  const body = (await response.json()) as { status: string; error?: string }
  return body.status === 'success' ? 'success' : `${response.status} ${body.error}`
}

async function crdEstablished(name: string): Promise<boolean> {
  const api = adminKubeConfig().makeApiClient(k8s.ApiextensionsV1Api)
  const crd = await api.readCustomResourceDefinition({ name })
  return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false
}

beforeAll(async () => {
  const kc = adminKubeConfig()
  objects = k8s.KubernetesObjectApi.makeApiClient(kc)
  core = kc.makeApiClient(k8s.CoreV1Api)
  rendered = render()

  // The operators' CRDs, as a data centre installs them with the operator (server-side: the
  // Cluster CRD is too large for a client-side apply's annotation).
  const dir = requireStackSetting('OPERATOR_CRDS_DIR')
  const crds = readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .flatMap((file) => k8s.loadAllYaml(readFileSync(join(dir, file), 'utf8')) as Manifest[])
  expect(await applyAll(crds, undefined)).toEqual(new Map())
  for (const crd of crds) {
    const deadline = Date.now() + 20_000
    while (!(await crdEstablished(crd.metadata!.name!))) {
      if (Date.now() > deadline) throw new Error(`${crd.metadata!.name} was not established within 20 s`)
      await new Promise((wait) => setTimeout(wait, 200))
    }
  }
}, 60_000)

afterAll(async () => {
  await core?.deleteNamespace({ name: scratch }).catch(() => undefined)
})

describe('the console deployment (deploy/)', () => {
  it('renders every part the issue names', () => {
    const kinds = new Set(rendered.map((object) => `${object.kind}/${object.metadata?.name}`))
    for (const part of [
      'Deployment/govcloud-web',
      'Deployment/govcloud-workflow',
      'Deployment/govcloud-provisioning',
      'Service/govcloud-web',
      'PodDisruptionBudget/govcloud-web',
      'HorizontalPodAutoscaler/govcloud-web',
      'NetworkPolicy/default-deny',
      'ServiceAccount/govcloud-provisioning',
      'Cluster/govcloud-db',
      'ObjectStore/govcloud-db-backups',
      'ScheduledBackup/govcloud-db-nightly',
      'StatefulSet/govcloud-metrics',
      'Job/govcloud-migrate',
    ]) {
      expect(kinds, part).toContain(part)
    }
    const web = rendered.find((o) => o.kind === 'Deployment' && o.metadata?.name === 'govcloud-web')!
    expect((web.spec as { replicas: number }).replicas).toBeGreaterThanOrEqual(2)
    const cluster = rendered.find((o) => o.kind === 'Cluster')!
    expect((cluster.spec as { instances: number }).instances).toBe(3)
  })

  it('is accepted whole by the API server (server-side dry run: schemas, CRDs and admission)', async () => {
    expect(await applyAll(rendered, 'All')).toEqual(new Map())
  }, 120_000)

  it('keeps every secret out of the files: each is a reference to a Secret', () => {
    expect(rendered.filter((object) => object.kind === 'Secret')).toEqual([])
    for (const { owner, spec } of podTemplates()) {
      for (const container of spec.containers) {
        for (const variable of container.env ?? []) {
          if (/PASSWORD|SECRET|KEY_ID|SMTP_URL/.test(variable.name) && !variable.name.endsWith('_FILE')) {
            expect(variable.valueFrom?.secretKeyRef, `${owner} ${variable.name}`).toBeDefined()
          }
        }
      }
    }
  })

  it('creates for real, in a namespace of its own, every object that needs no running pod', async () => {
    await core.createNamespace({
      body: {
        metadata: {
          name: scratch,
          // As the console's own namespace is labelled (infra/platform/govcloud-system.yaml).
          labels: {
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/enforce-version': 'latest',
            'app.kubernetes.io/part-of': 'govcloud-test',
          },
        },
      },
    })
    const podless = new Set([
      'ServiceAccount',
      'ConfigMap',
      'Service',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'HorizontalPodAutoscaler',
      'Cluster',
      'ObjectStore',
      'ScheduledBackup',
    ])
    const local = rendered
      .filter((object) => object.metadata?.namespace === CONSOLE_NAMESPACE && podless.has(object.kind!))
      .map((object) => ({ ...object, metadata: { ...object.metadata, namespace: scratch } }))
    expect(local.length).toBeGreaterThan(15)
    expect(await applyAll(local, undefined)).toEqual(new Map())
    for (const object of local) {
      const read = await objects.read({
        apiVersion: object.apiVersion!,
        kind: object.kind!,
        metadata: { name: object.metadata.name!, namespace: scratch },
      })
      expect(read.metadata?.uid, describeObject(object)).toBeTruthy()
    }
  }, 120_000)

  it('makes pods the "restricted" Pod Security level admits (with the service accounts above), and that level is enforced', async () => {
    const templates = podTemplates()
    expect(templates.map((t) => t.owner).sort()).toEqual([
      'Deployment/govcloud-system/govcloud-alerts',
      'Deployment/govcloud-system/govcloud-provisioning',
      'Deployment/govcloud-system/govcloud-web',
      'Deployment/govcloud-system/govcloud-workflow',
      'Job/govcloud-system/govcloud-migrate',
      'StatefulSet/govcloud-system/govcloud-metrics',
    ])
    for (const [index, { owner, spec }] of templates.entries()) {
      expect(await dryRunPod(`deploy-test-${index}`, spec), owner).toBe('admitted')
    }
    // Not a namespace that admits anything: the same web pod without its security context is refused.
    const web = templates.find((t) => t.owner.endsWith('/govcloud-web'))!.spec
    const careless = {
      ...web,
      securityContext: undefined,
      containers: web.containers.map((c) => ({ ...c, securityContext: undefined })),
    }
    expect(await dryRunPod('deploy-test-careless', careless)).toMatch(
      /^403 .*violates PodSecurity .{0,4}restricted:latest/,
    )
  }, 60_000)

  it('builds the image on the Node.js these tests run on, pinned, as a non-root user', () => {
    const containerfile = readFileSync('deploy/Containerfile', 'utf8')
    const bases = [...containerfile.matchAll(/^FROM\s+(\S+)/gm)].map((match) => match[1]!)
    expect(bases.length).toBeGreaterThan(0)
    for (const base of bases) expect(base).toBe(`node:${process.versions.node}-bookworm-slim`)
    expect(containerfile).toMatch(/^USER 10001:10001$/m)
  })

  it("has alert rules the real metering store parses, each on a metric the console serves or the scrape's own", async () => {
    const file = k8s.loadAllYaml(readFileSync('deploy/metrics/alerts.yaml', 'utf8'))[0] as {
      groups: { rules: { alert: string; expr: string }[] }[]
    }
    const rules = file.groups.flatMap((group) => group.rules)
    expect(rules.length).toBeGreaterThanOrEqual(8)
    for (const rule of rules) {
      expect(await storeParses(rule.expr), rule.alert).toBe('success')
      expect(rule.expr, rule.alert).toMatch(/\b(govcloud_[a-z_]+|up)\b/)
    }
    // Not a store that accepts anything.
    expect(await storeParses('sum(rate(govcloud_jobs_failed[5m]) by')).not.toBe('success')
  })
})

// The restore of the operator's guide ("Back up and restore the console's database"), the very file
// the guide shows: a new Cluster from the same spec, bootstrapped from the Barman Cloud backups.
describe('the restore of the database (deploy/database/recovery)', () => {
  const RECOVERY = 'deploy/database/recovery'
  type ClusterSpec = {
    bootstrap: { recovery?: { source: string; recoveryTarget?: Record<string, unknown> }; initdb?: unknown }
    externalClusters?: { name: string; plugin?: { name: string; parameters?: Record<string, string> } }[]
    plugins?: { name: string; isWALArchiver?: boolean; parameters?: Record<string, string> }[]
  } & Record<string, unknown>
  let restore: Manifest[]

  beforeAll(() => {
    const yaml = execFileSync(requireStackSetting('KUBECTL'), ['kustomize', RECOVERY], { encoding: 'utf8' })
    restore = k8s.loadAllYaml(yaml) as Manifest[]
  })

  it('is one new Cluster beside govcloud-db: the same spec but its bootstrap, from the archive govcloud-db writes', () => {
    expect(restore.map(describeObject)).toEqual(['Cluster/govcloud-system/govcloud-db-restore'])
    const original = rendered.find((o) => o.kind === 'Cluster' && o.metadata?.name === 'govcloud-db')!
    const spec = restore[0]!.spec as ClusterSpec
    const { bootstrap, externalClusters, ...rest } = spec
    const { bootstrap: originalBootstrap, ...originalRest } = original.spec as ClusterSpec
    expect(rest).toEqual(originalRest)
    expect(originalBootstrap.initdb).toBeDefined()
    expect(bootstrap.initdb).toBeUndefined()

    // The source is the archive govcloud-db's WAL archiver writes: its plugin, its ObjectStore (one
    // the deployment makes), and govcloud-db's folder in it.
    const source = externalClusters?.find((cluster) => cluster.name === bootstrap.recovery?.source)
    const archiver = (original.spec as ClusterSpec).plugins?.find((plugin) => plugin.isWALArchiver)
    expect(archiver).toBeDefined()
    expect(source?.plugin?.name).toBe(archiver?.name)
    expect(source?.plugin?.parameters).toEqual({ ...archiver?.parameters, serverName: 'govcloud-db' })
    expect(rendered.map(describeObject)).toContain(
      `ObjectStore/govcloud-system/${source?.plugin?.parameters?.barmanObjectName}`,
    )
  })

  it('is accepted by the API server, its recoveryTarget too, and a misspelt field is not', async () => {
    expect(await applyAll(restore, 'All')).toEqual(new Map())
    // The point in time the file offers in a comment, as an operator would uncomment it.
    const commented = /^\s*# (recoveryTarget: .*)$/m.exec(readFileSync(`${RECOVERY}/kustomization.yaml`, 'utf8'))
    expect(commented).not.toBeNull()
    const target = k8s.loadYaml<{ recoveryTarget: Record<string, unknown> }>(commented![1]!)
    const spec = restore[0]!.spec as ClusterSpec
    const withRecovery = (recovery: Record<string, unknown>): Manifest => ({
      ...restore[0]!,
      spec: { ...spec, bootstrap: { recovery: { ...spec.bootstrap.recovery!, ...recovery } } },
    })
    expect(await applyAll([withRecovery(target)], 'All')).toEqual(new Map())
    // Not a dry run that accepts anything: server-side apply refuses a field the CRD does not declare.
    const refused = await applyAll([withRecovery({ recoveryTargt: target.recoveryTarget })], 'All')
    expect([...refused.values()].join()).toMatch(
      /\.spec\.bootstrap\.recovery\.recoveryTargt: field not declared in schema/,
    )
  }, 60_000)

  it('is reached by the console as govcloud-db is: the NetworkPolicies select its pods', () => {
    // The operator points DATABASE_URL at the new cluster; a policy naming govcloud-db's pods alone
    // would leave the console unable to connect to it. CloudNativePG labels each instance's pod
    // cnpg.io/cluster=<its Cluster's name>.
    type Selector = {
      matchLabels?: Record<string, string>
      matchExpressions?: { key: string; operator: string; values?: string[] }[]
    }
    const selects = (selector: Selector | k8s.V1LabelSelector | undefined, labels: Record<string, string>): boolean =>
      Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value) &&
      (selector?.matchExpressions ?? []).every((expression) => {
        if (expression.operator !== 'In') throw new Error(`no matcher for ${expression.operator}`)
        return expression.values!.includes(labels[expression.key] ?? '')
      })
    // A peer of the same namespace's pods: a podSelector alone (the client's model names `from` _from).
    const admits = (peers: k8s.V1NetworkPolicyPeer[] | undefined, pod: Record<string, string>) =>
      (peers ?? []).some((peer) => !peer.namespaceSelector && !peer.ipBlock && selects(peer.podSelector, pod))
    const policy = (name: string) =>
      rendered.find((o) => o.kind === 'NetworkPolicy' && o.metadata?.name === name)!.spec as k8s.V1NetworkPolicySpec
    for (const name of ['govcloud-db', restore[0]!.metadata!.name!]) {
      const pod = { 'cnpg.io/cluster': name }
      const database = policy('database')
      expect(selects(database.podSelector, pod), `${name}: the database's policy`).toBe(true)
      expect(
        database.ingress!.some((rule) => admits(rule._from, pod)),
        `${name}: its replicas may reach it`,
      ).toBe(true)
      expect(
        policy('console-to-database').egress!.some((rule) => admits(rule.to, pod)),
        `${name}: the console may reach it`,
      ).toBe(true)
    }
  })

  it("is shown whole in the operator's guide, in both languages", () => {
    const file = readFileSync(`${RECOVERY}/kustomization.yaml`, 'utf8').trimEnd()
    const guide = readFileSync('docs/guides/operator.md', 'utf8')
    const shown = [...guide.matchAll(/```yaml\n(# A restore of the console's database[\s\S]*?)\n```/g)].map((m) => m[1])
    expect(shown).toEqual([file, file])
  })
})
