// Attacks on the tenant boundary from inside an agency, the way its staff reach the cluster: the
// kubectl token of a demo user (an.nguyen, agency so-khcn) against the real API server, in the
// project the console provisioned for the agency. Each attempt to undo the project's isolation
// is refused by the API server with a message that says why (the admission policies of
// infra/platform/tenant-boundary.yaml, decision 0025), and the agency can still do its work.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import * as k8s from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { OBJECT_NAMES } from '#server/provisioning/desired'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { GiB, makePools } from '../../helpers/fixtures'
import { connectStackKubernetes, connectStackStorage } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { provisionDemoAgencies, tearDownPlatform } from '../../helpers/provisioning'
import { requireStackSetting } from '../../helpers/stack-env'
import {
  MERGE_PATCH,
  canI,
  clientsOf,
  kubeConfigWithToken,
  kubectlToken,
  outcomeOf,
  type Clients,
  type Outcome,
} from './agency-kubectl'

let t: TestDatabase
let connection: KubernetesConnection
let storage: ObjectStorage
let agency: Clients
/** A's namespace (the agency signed in) and B's (another agency's). */
let ns: string
let other: string
let appsDomain: string
const namespaces: string[] = []

/** The platform's settings as deployed (infra/platform/govcloud-system.yaml). */
function platformSettings(): Record<string, string> {
  const file = readFileSync(resolve(import.meta.dirname, '../../../infra/platform/govcloud-system.yaml'), 'utf8')
  const settings = k8s.loadAllYaml(file).find((o) => (o as k8s.V1ConfigMap).kind === 'ConfigMap') as k8s.V1ConfigMap
  return settings.data ?? {}
}

const refusedSaying = (outcome: Outcome, why: string) => {
  expect(outcome.status).toBe(403)
  expect(outcome.message).toContain(why)
}
const NETWORK_IN = 'may admit traffic only from the project’s own pods'
const NETWORK_OUT = 'may open egress only to the project’s own pods'
const MANAGED = 'managed by the government cloud console'

const policy = (name: string, spec: k8s.V1NetworkPolicySpec): k8s.V1NetworkPolicy => ({
  metadata: { name },
  spec: { podSelector: {}, ...spec },
})
const namespaceIs = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } })
const ingressTo = (name: string, host: string | undefined): k8s.V1Ingress => ({
  metadata: { name },
  spec: {
    rules: [
      {
        ...(host === undefined ? {} : { host }),
        http: {
          paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }],
        },
      },
    ],
  },
})
const service = (name: string, spec: k8s.V1ServiceSpec = {}): k8s.V1Service => ({
  metadata: { name },
  spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }], ...spec },
})
/** A workload that Pod Security `restricted` admits. */
const deployment = (name: string, replicas: number): k8s.V1Deployment => ({
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [
          {
            name: 'app',
            image: 'registry.k8s.io/pause:3.10',
            resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          },
        ],
      },
    },
  },
})

beforeAll(async () => {
  appsDomain = platformSettings().appsDomain!
  t = await createTestDatabase()
  await makePools(t.db, { cpu: 100_000n, memory: 1024n * GiB, pods: 1000n })
  connection = await connectStackKubernetes()
  storage = connectStackStorage()
  // an.nguyen is in the realm's group /agencies/so-khcn; so-tc is another agency.
  namespaces.push(...(await provisionDemoAgencies(t.db, connection, storage)).map((p) => p.namespace))
  ;[ns, other] = namespaces as [string, string]
  agency = clientsOf(kubeConfigWithToken(await kubectlToken('an.nguyen')))
  // The API server may still be fetching the realm's keys if Keycloak has just started.
  await eventually('the API server to accept the realm token', 30_000, async () =>
    (await outcomeOf(agency.core.listNamespacedConfigMap({ namespace: ns }))).status === 200 ? true : undefined,
  )
}, 180_000)

afterAll(async () => {
  await tearDownPlatform(connection, storage, namespaces)
  await t?.drop()
})

describe('an agency cannot open its project to traffic from outside it', () => {
  it('refuses a NetworkPolicy that admits everyone, another namespace or an address block', async () => {
    for (const attack of [
      policy('allow-all-ingress', { ingress: [{}] }),
      policy('allow-from-everywhere', { ingress: [{ _from: [{ namespaceSelector: {} }] }] }),
      policy('allow-from-other-tenant', { ingress: [{ _from: [{ namespaceSelector: namespaceIs(other) }] }] }),
      policy('allow-from-internet', { ingress: [{ _from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }),
      policy('allow-by-expression', {
        ingress: [
          {
            _from: [
              {
                namespaceSelector: {
                  matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'Exists' }],
                },
              },
            ],
          },
        ],
      }),
    ]) {
      const outcome = await outcomeOf(agency.networking.createNamespacedNetworkPolicy({ namespace: ns, body: attack }))
      refusedSaying(outcome, NETWORK_IN)
      expect(outcome.message).toContain(`namespace ${ns}`)
    }
  })

  it('refuses a NetworkPolicy that opens egress beyond the project and cluster DNS', async () => {
    for (const attack of [
      policy('allow-all-egress', { policyTypes: ['Egress'], egress: [{}] }),
      policy('to-the-internet', { policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }),
      policy('to-the-host-network', {
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '127.0.0.0/8' } }], ports: [{ port: 5432 }] }],
      }),
      policy('to-other-tenant', {
        policyTypes: ['Egress'],
        egress: [{ to: [{ namespaceSelector: namespaceIs(other) }] }],
      }),
      // The DNS namespace on any other port than DNS's.
      policy('to-kube-system', {
        policyTypes: ['Egress'],
        egress: [{ to: [{ namespaceSelector: namespaceIs('kube-system') }], ports: [{ port: 443 }] }],
      }),
    ]) {
      refusedSaying(
        await outcomeOf(agency.networking.createNamespacedNetworkPolicy({ namespace: ns, body: attack })),
        NETWORK_OUT,
      )
    }
  })

  it("cannot delete, loosen or relabel the console's own policies, one by one or all at once", async () => {
    const deleted = await outcomeOf(
      agency.networking.deleteNamespacedNetworkPolicy({ namespace: ns, name: OBJECT_NAMES.denyAll }),
    )
    refusedSaying(deleted, MANAGED)
    expect(deleted.message).toContain(`NetworkPolicy ${OBJECT_NAMES.denyAll}`)
    // Loosened in a way no rule on the policy's shape catches: the default-deny stops denying egress.
    refusedSaying(
      await outcomeOf(
        agency.networking.patchNamespacedNetworkPolicy(
          { namespace: ns, name: OBJECT_NAMES.denyAll, body: { spec: { policyTypes: ['Ingress'] } } },
          MERGE_PATCH,
        ),
      ),
      MANAGED,
    )
    // Taking the label off, to make it look like the agency's own.
    refusedSaying(
      await outcomeOf(
        agency.networking.patchNamespacedNetworkPolicy(
          {
            namespace: ns,
            name: OBJECT_NAMES.denyAll,
            body: { metadata: { labels: { 'app.kubernetes.io/managed-by': null } } },
          },
          MERGE_PATCH,
        ),
      ),
      MANAGED,
    )
    // Or putting it on, so the console would take it for its own.
    refusedSaying(
      await outcomeOf(
        agency.networking.createNamespacedNetworkPolicy({
          namespace: ns,
          body: {
            metadata: { name: 'looks-managed', labels: { 'app.kubernetes.io/managed-by': 'govcloud-console' } },
            spec: { podSelector: {} },
          },
        }),
      ),
      MANAGED,
    )
    await outcomeOf(agency.networking.deleteCollectionNamespacedNetworkPolicy({ namespace: ns }))
    const left = await connection.networking.listNamespacedNetworkPolicy({ namespace: ns })
    expect(left.items.map((p) => p.metadata?.name).sort()).toEqual(
      [OBJECT_NAMES.denyAll, OBJECT_NAMES.dns, OBJECT_NAMES.ingress, OBJECT_NAMES.sameNamespace].sort(),
    )
  })
})

describe("an agency cannot take another tenant's names or the platform's addresses", () => {
  it("refuses an Ingress for another project's host, for no host at all, or for every host", async () => {
    const theirs = await outcomeOf(
      agency.networking.createNamespacedIngress({ namespace: ns, body: ingressTo('steal', `${other}.${appsDomain}`) }),
    )
    refusedSaying(theirs, `A project’s host names are ${ns}.${appsDomain} and the names under it`)
    expect(theirs.message).toContain(`${other}.${appsDomain} is not`)
    for (const host of [`www.${other}.${appsDomain}`, `x${ns}.${appsDomain}`, 'dichvucong.langson.gov.vn', undefined]) {
      refusedSaying(
        await outcomeOf(agency.networking.createNamespacedIngress({ namespace: ns, body: ingressTo('steal', host) })),
        'A project’s host names are',
      )
    }
    refusedSaying(
      await outcomeOf(
        agency.networking.createNamespacedIngress({
          namespace: ns,
          body: {
            metadata: { name: 'catch-all' },
            spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } },
          },
        }),
      ),
      'it takes the traffic of every host name',
    )
    const ownHost = ingressTo('tls-for-another', `${ns}.${appsDomain}`)
    ownHost.spec!.tls = [{ hosts: [`${other}.${appsDomain}`], secretName: 'web-tls' }]
    refusedSaying(
      await outcomeOf(agency.networking.createNamespacedIngress({ namespace: ns, body: ownHost })),
      'is not',
    )
  })

  it('refuses a NodePort, LoadBalancer or ExternalName Service and external IPs, also as a change', async () => {
    for (const type of ['NodePort', 'LoadBalancer', 'ExternalName']) {
      const spec: k8s.V1ServiceSpec =
        type === 'ExternalName' ? { type, externalName: 'postgres.govcloud-system.svc.cluster.local' } : { type }
      refusedSaying(
        await outcomeOf(agency.core.createNamespacedService({ namespace: ns, body: service('exposed', spec) })),
        `Type ${type} is not allowed`,
      )
    }
    refusedSaying(
      await outcomeOf(
        agency.core.createNamespacedService({ namespace: ns, body: service('exposed', { externalIPs: ['10.0.0.5'] }) }),
      ),
      'No externalIPs',
    )
    expect((await outcomeOf(agency.core.createNamespacedService({ namespace: ns, body: service('web') }))).status).toBe(
      200,
    )
    refusedSaying(
      await outcomeOf(
        agency.core.patchNamespacedService(
          { namespace: ns, name: 'web', body: { spec: { type: 'NodePort' } } },
          MERGE_PATCH,
        ),
      ),
      'Type NodePort is not allowed',
    )
  })
})

describe('an agency cannot change its quota, limits or who has access', () => {
  it('is refused the quota, the limit range and the role binding', async () => {
    const attempts = [
      () =>
        agency.core.patchNamespacedResourceQuota(
          { namespace: ns, name: OBJECT_NAMES.quota, body: { spec: { hard: { 'requests.cpu': '64' } } } },
          MERGE_PATCH,
        ),
      () => agency.core.deleteNamespacedLimitRange({ namespace: ns, name: OBJECT_NAMES.limits }),
      () =>
        agency.core.createNamespacedResourceQuota({
          namespace: ns,
          body: { metadata: { name: 'more' }, spec: { hard: { pods: '1000' } } },
        }),
      () =>
        agency.rbac.patchNamespacedRoleBinding(
          {
            namespace: ns,
            name: OBJECT_NAMES.agencyEdit,
            body: { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' } },
          },
          MERGE_PATCH,
        ),
      () =>
        agency.rbac.createNamespacedRoleBinding({
          namespace: ns,
          body: {
            metadata: { name: 'friends' },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
            subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'oidc:/agencies/so-tc' }],
          },
        }),
    ]
    for (const attempt of attempts) {
      const outcome = await outcomeOf(attempt())
      expect(outcome.status).toBe(403)
      expect(outcome.message).toMatch(/User "oidc:an\.nguyen" cannot (patch|delete|create) resource/)
    }
  })

  it("refuses the console's objects even to a role that may write them, made by hand", async () => {
    // A data-centre engineer's role in the namespace, made by hand: the admission policy, not only
    // the agency's role, keeps the console's objects the console's.
    const kc = new k8s.KubeConfig()
    kc.loadFromFile(requireStackSetting('KUBE_ADMIN_KUBECONFIG'))
    const admin = clientsOf(kc)
    await admin.rbac.createNamespacedRole({
      namespace: ns,
      body: {
        metadata: { name: 'test-platform-engineer' },
        rules: [
          { apiGroups: [''], resources: ['resourcequotas', 'limitranges', 'configmaps'], verbs: ['*'] },
          { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['*'] },
          { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'], verbs: ['*'] },
        ],
      },
    })
    await admin.rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: {
        metadata: { name: 'test-platform-engineer' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'test-platform-engineer' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'test:platform-engineer' }],
      },
    })
    kc.loadFromOptions({
      clusters: kc.clusters,
      users: kc.users.map((user) => ({ ...user, impersonateUser: 'test:platform-engineer' })),
      contexts: kc.contexts,
      currentContext: kc.currentContext,
    })
    const engineer = clientsOf(kc)
    for (const attempt of [
      () =>
        engineer.core.patchNamespacedResourceQuota(
          { namespace: ns, name: OBJECT_NAMES.quota, body: { spec: { hard: { 'requests.cpu': '64' } } } },
          MERGE_PATCH,
        ),
      () => engineer.core.deleteNamespacedLimitRange({ namespace: ns, name: OBJECT_NAMES.limits }),
      () => engineer.rbac.deleteNamespacedRoleBinding({ namespace: ns, name: OBJECT_NAMES.agencyEdit }),
      () => engineer.networking.deleteNamespacedNetworkPolicy({ namespace: ns, name: OBJECT_NAMES.denyAll }),
    ]) {
      refusedSaying(await outcomeOf(attempt()), MANAGED)
    }
    // What the role may do to objects that are not the console's stays allowed.
    expect(
      (
        await outcomeOf(
          engineer.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'ghi-chu' } } }),
        )
      ).status,
    ).toBe(200)
  })
})

describe("an agency's role is the console's, not the built-in edit", () => {
  it('holds no proxy through the API server, no DaemonSets, no Endpoints and no service account tokens', async () => {
    for (const [verb, group, resource] of [
      // The API server's proxy reaches pods and services past NetworkPolicies.
      ['get', '', 'pods/proxy'],
      ['create', '', 'services/proxy'],
      // A pod on every node is the platform's business.
      ['create', 'apps', 'daemonsets'],
      // Hand-made endpoints forward a Service, and so an Ingress, to any address.
      ['create', '', 'endpoints'],
      ['create', 'discovery.k8s.io', 'endpointslices'],
      ['create', '', 'serviceaccounts/token'],
    ] as const) {
      expect(await canI(agency, { namespace: ns, verb, group, resource }), `${verb} ${resource}`).toBe(false)
    }
    for (const [verb, group, resource] of [
      ['create', '', 'pods/exec'],
      ['get', '', 'pods/log'],
      ['create', '', 'pods/portforward'],
      ['patch', 'apps', 'deployments/scale'],
    ] as const) {
      expect(await canI(agency, { namespace: ns, verb, group, resource }), `${verb} ${resource}`).toBe(true)
    }
  })
})

describe('an agency can still do its work', () => {
  it('deploys, scales, configures and exposes its system inside its own names, and reads its quota', async () => {
    const ok = async (call: Promise<unknown>) => expect((await outcomeOf(call)).message).toBe('')
    await ok(
      agency.core.createNamespacedConfigMap({
        namespace: ns,
        body: { metadata: { name: 'cau-hinh' }, data: { 'ten-he-thong': 'Cổng dịch vụ công của tỉnh' } },
      }),
    )
    await ok(
      agency.core.createNamespacedSecret({
        namespace: ns,
        body: { metadata: { name: 'mat-khau-csdl' }, stringData: { password: 'khong-phai-that' } },
      }),
    )
    await ok(agency.apps.createNamespacedDeployment({ namespace: ns, body: deployment('cong-dich-vu', 1) }))
    await ok(
      agency.apps.patchNamespacedDeploymentScale(
        { namespace: ns, name: 'cong-dich-vu', body: { spec: { replicas: 3 } } },
        MERGE_PATCH,
      ),
    )
    expect((await agency.apps.readNamespacedDeployment({ namespace: ns, name: 'cong-dich-vu' })).spec?.replicas).toBe(3)
    await ok(agency.core.createNamespacedService({ namespace: ns, body: service('cong-dich-vu') }))
    const web = ingressTo('cong-dich-vu', `${ns}.${appsDomain}`)
    web.spec!.rules!.push({ ...web.spec!.rules![0]!, host: `api.${ns}.${appsDomain}` })
    web.spec!.tls = [{ hosts: [`${ns}.${appsDomain}`, `api.${ns}.${appsDomain}`], secretName: 'cong-dich-vu-tls' }]
    await ok(agency.networking.createNamespacedIngress({ namespace: ns, body: web }))
    // Its own finer rules: the database admits the web tier and the platform's ingress; the
    // web tier reaches the database and DNS.
    await ok(
      agency.networking.createNamespacedNetworkPolicy({
        namespace: ns,
        body: policy('csdl', {
          podSelector: { matchLabels: { app: 'csdl' } },
          policyTypes: ['Ingress', 'Egress'],
          ingress: [
            {
              _from: [
                { podSelector: { matchLabels: { app: 'cong-dich-vu' } } },
                { namespaceSelector: namespaceIs(ns) },
                { namespaceSelector: namespaceIs(requireSetting('ingressNamespace')) },
              ],
            },
          ],
          egress: [
            { to: [{ podSelector: {} }] },
            {
              to: [{ namespaceSelector: namespaceIs('kube-system') }],
              ports: [
                { protocol: 'UDP', port: 53 },
                { protocol: 'TCP', port: 53 },
              ],
            },
          ],
        }),
      }),
    )
    await ok(
      agency.autoscaling.createNamespacedHorizontalPodAutoscaler({
        namespace: ns,
        body: {
          metadata: { name: 'cong-dich-vu' },
          spec: {
            scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'cong-dich-vu' },
            minReplicas: 2,
            maxReplicas: 5,
            metrics: [
              { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
            ],
          },
        },
      }),
    )
    await ok(
      agency.policy.createNamespacedPodDisruptionBudget({
        namespace: ns,
        body: {
          metadata: { name: 'cong-dich-vu' },
          spec: { minAvailable: 1, selector: { matchLabels: { app: 'cong-dich-vu' } } },
        },
      }),
    )
    const job = deployment('sao-luu', 1).spec!.template
    job.spec!.restartPolicy = 'Never'
    await ok(
      agency.batch.createNamespacedCronJob({
        namespace: ns,
        body: {
          metadata: { name: 'sao-luu' },
          spec: { schedule: '0 2 * * *', jobTemplate: { spec: { template: job } } },
        },
      }),
    )
    await ok(agency.core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: 'ung-dung' } } }))
    // What it was given, and what happens in its project.
    const quota = await agency.core.readNamespacedResourceQuota({ namespace: ns, name: OBJECT_NAMES.quota })
    expect(quota.spec?.hard?.['requests.cpu']).toBe('2')
    await ok(agency.core.readNamespacedLimitRange({ namespace: ns, name: OBJECT_NAMES.limits }))
    await ok(agency.core.listNamespacedEvent({ namespace: ns }))
    await ok(agency.core.listNamespacedPod({ namespace: ns }))
    await ok(agency.networking.listNamespacedNetworkPolicy({ namespace: ns }))
    // And it can tidy up what it made.
    await ok(agency.networking.deleteNamespacedNetworkPolicy({ namespace: ns, name: 'csdl' }))
    await ok(agency.apps.deleteNamespacedDeployment({ namespace: ns, name: 'cong-dich-vu' }))
  })
})

function requireSetting(key: string): string {
  const value = platformSettings()[key]
  if (!value) throw new Error(`infra/platform/govcloud-system.yaml has no ${key}`)
  return value
}
