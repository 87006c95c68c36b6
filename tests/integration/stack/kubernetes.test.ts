// The local Kubernetes control plane is real: quota admission, Pod Security admission, RBAC,
// the scheduler, kwok's simulated nodes and the controller-manager's quota and CSR controllers.
// Needs `infra/local/stack up kubernetes` (the Vitest global setup starts the stack).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import * as k8s from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminKubeConfig } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { requireStackSetting } from '../../helpers/stack-env'

const runId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`
const namespaces: string[] = []
const csrs: string[] = []

let kc: k8s.KubeConfig
let core: k8s.CoreV1Api

/** The API server's refusal: HTTP code and the Status message it returned. */
async function refusal(call: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await call
  } catch (err) {
    if (err instanceof k8s.ApiException) {
      let body: unknown = err.body
      if (typeof body === 'string') {
        try {
          body = JSON.parse(body)
        } catch {
          return { code: err.code, message: body as string }
        }
      }
      return { code: err.code, message: String((body as { message?: string } | undefined)?.message ?? '') }
    }
    throw err
  }
  throw new Error('the API server accepted a request that it should have refused')
}

async function createNamespace(prefix: string, labels: Record<string, string> = {}): Promise<string> {
  const name = `it-${prefix}-${runId}`
  await core.createNamespace({ body: { metadata: { name, labels: { 'govcloud.local/test-run': runId, ...labels } } } })
  namespaces.push(name)
  // The controller-manager's service-account controller creates `default`; pods need it.
  await eventually(
    `service account default in ${name}`,
    30_000,
    async () => (await core.readNamespacedServiceAccount({ name: 'default', namespace: name })).metadata?.name,
  )
  return name
}

function pod(
  name: string,
  cpu: string,
  extra: Partial<k8s.V1Container> = {},
  spec: Partial<k8s.V1PodSpec> = {},
): k8s.V1Pod {
  return {
    metadata: { name },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'registry.k8s.io/pause:3.10',
          resources: { requests: { cpu, memory: '64Mi' } },
          ...extra,
        },
      ],
      ...spec,
    },
  }
}

beforeAll(() => {
  kc = adminKubeConfig()
  expect(kc.getCurrentCluster()?.server).toBe(requireStackSetting('KUBE_API_URL'))
  core = kc.makeApiClient(k8s.CoreV1Api)
})

afterAll(async () => {
  if (!core) return
  await Promise.allSettled(namespaces.map((name) => core.deleteNamespace({ name })))
  const certs = kc.makeApiClient(k8s.CertificatesV1Api)
  await Promise.allSettled(csrs.map((name) => certs.deleteCertificateSigningRequest({ name })))
})

describe('local Kubernetes control plane', () => {
  it('serves version v1.34 and has Ready kwok nodes with real capacity', async () => {
    const version = await kc.makeApiClient(k8s.VersionApi).getCode()
    expect(version.gitVersion).toMatch(/^v1\.34\./)
    const nodes = await core.listNode({ labelSelector: 'kwok.x-k8s.io/node=fake' })
    // The nodes the stack seeds (other tests may add fake nodes of their own).
    const seeded = nodes.items.filter((n) => /^kwok-node-\d+$/.test(n.metadata?.name ?? ''))
    expect(seeded.length).toBeGreaterThanOrEqual(2)
    for (const node of seeded) {
      expect(node.metadata?.annotations?.['kwok.x-k8s.io/node']).toBe('fake')
      expect(node.status?.allocatable?.cpu).toBe('16')
      expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True')
    }
    const classes = await kc.makeApiClient(k8s.StorageV1Api).listStorageClass()
    const standard = classes.items.find((c) => c.metadata?.name === 'standard')
    expect(standard?.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class']).toBe('true')
  })

  it(
    'enforces a ResourceQuota of 1 CPU and schedules an admitted pod onto a kwok node',
    { timeout: 90_000 },
    async () => {
      const ns = await createNamespace('quota')
      await core.createNamespacedResourceQuota({
        namespace: ns,
        body: { metadata: { name: 'compute' }, spec: { hard: { 'requests.cpu': '1', pods: '5' } } },
      })
      // Quota admission refuses pods until the controller-manager has computed the quota's status.
      await eventually(
        'quota status.hard',
        30_000,
        async () =>
          (await core.readNamespacedResourceQuota({ name: 'compute', namespace: ns })).status?.hard?.['requests.cpu'],
      )

      const tooBig = await refusal(core.createNamespacedPod({ namespace: ns, body: pod('too-big', '2') }))
      expect(tooBig.code).toBe(403)
      expect(tooBig.message).toContain('exceeded quota: compute')
      expect(tooBig.message).toContain('requests.cpu')

      const created = await core.createNamespacedPod({ namespace: ns, body: pod('fits', '500m') })
      expect(created.metadata?.uid).toBeTruthy()

      const running = await eventually('pod fits Running on a kwok node', 60_000, async () => {
        const p = await core.readNamespacedPod({ name: 'fits', namespace: ns })
        return p.status?.phase === 'Running' && p.spec?.nodeName ? p : undefined
      })
      const node = await core.readNode({ name: running.spec!.nodeName! })
      expect(node.metadata?.annotations?.['kwok.x-k8s.io/node']).toBe('fake')
      expect(running.status?.podIP).toBeTruthy()
      expect(running.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True')

      const used = await eventually('quota status.used shows 500m', 30_000, async () => {
        const q = await core.readNamespacedResourceQuota({ name: 'compute', namespace: ns })
        return q.status?.used?.['requests.cpu'] === '500m' ? q.status.used : undefined
      })
      expect(used.pods).toBe('1')

      // A second 0.5 CPU pod still fits (1 CPU in all), a third does not.
      await core.createNamespacedPod({ namespace: ns, body: pod('fits-too', '500m') })
      const third = await refusal(core.createNamespacedPod({ namespace: ns, body: pod('one-too-many', '100m') }))
      expect(third.code).toBe(403)
      expect(third.message).toContain('exceeded quota')
    },
  )

  it(
    'refuses a privileged pod in a namespace that enforces the restricted Pod Security level',
    { timeout: 60_000 },
    async () => {
      const ns = await createNamespace('psa', { 'pod-security.kubernetes.io/enforce': 'restricted' })
      const privileged = await refusal(
        core.createNamespacedPod({
          namespace: ns,
          body: pod('privileged', '100m', { securityContext: { privileged: true } }),
        }),
      )
      expect(privileged.code).toBe(403)
      expect(privileged.message).toContain('violates PodSecurity "restricted:latest"')
      expect(privileged.message).toContain('privileged')

      // The same namespace admits a pod that meets the restricted profile.
      const compliant = await core.createNamespacedPod({
        namespace: ns,
        body: pod(
          'compliant',
          '100m',
          { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
          { securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } } },
        ),
      })
      expect(compliant.metadata?.uid).toBeTruthy()
    },
  )

  it(
    'forbids a certificate-authenticated user without a RoleBinding, and allows it once bound',
    { timeout: 90_000 },
    async () => {
      const ns = await createNamespace('rbac')
      const user = `nobody-${runId}`

      // A client certificate for the user, signed by the cluster CA through the CSR API
      // (the controller-manager's kubernetes.io/kube-apiserver-client signer).
      const dir = mkdtempSync(join(tmpdir(), 'kube-user-'))
      let keyPem: string
      let csrPem: string
      try {
        execFileSync(
          'openssl',
          [
            'req',
            '-new',
            '-newkey',
            'rsa:2048',
            '-nodes',
            '-keyout',
            join(dir, 'user.key'),
            '-subj',
            `/CN=${user}`,
            '-out',
            join(dir, 'user.csr'),
          ],
          { stdio: 'pipe' },
        )
        keyPem = readFileSync(join(dir, 'user.key'), 'utf8')
        csrPem = readFileSync(join(dir, 'user.csr'), 'utf8')
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
      const certs = kc.makeApiClient(k8s.CertificatesV1Api)
      const csrName = `it-${user}`
      await certs.createCertificateSigningRequest({
        body: {
          metadata: { name: csrName },
          spec: {
            request: Buffer.from(csrPem).toString('base64'),
            signerName: 'kubernetes.io/kube-apiserver-client',
            usages: ['client auth'],
            expirationSeconds: 3600,
          },
        },
      })
      csrs.push(csrName)
      const pending = await certs.readCertificateSigningRequest({ name: csrName })
      pending.status = {
        conditions: [
          { type: 'Approved', status: 'True', reason: 'IntegrationTest', message: 'approved by the stack test' },
        ],
      }
      await certs.replaceCertificateSigningRequestApproval({ name: csrName, body: pending })
      const certB64 = await eventually(
        'signed certificate',
        30_000,
        async () => (await certs.readCertificateSigningRequest({ name: csrName })).status?.certificate || undefined,
      )

      const cluster = kc.getCurrentCluster()!
      const userKc = new k8s.KubeConfig()
      userKc.loadFromOptions({
        clusters: [cluster],
        users: [{ name: user, certData: certB64, keyData: Buffer.from(keyPem).toString('base64') }],
        contexts: [{ name: 'user', cluster: cluster.name, user }],
        currentContext: 'user',
      })

      // The API server authenticates the certificate as the user...
      const review = await userKc.makeApiClient(k8s.AuthenticationV1Api).createSelfSubjectReview({
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      })
      expect(review.status?.userInfo?.username).toBe(user)

      // ...and RBAC forbids it everything it was not granted.
      const userCore = userKc.makeApiClient(k8s.CoreV1Api)
      const denied = await refusal(userCore.listNamespacedPod({ namespace: ns }))
      expect(denied.code).toBe(403)
      expect(denied.message).toContain(`User "${user}" cannot list resource "pods"`)
      const deniedCreate = await refusal(userCore.createNamespacedPod({ namespace: ns, body: pod('sneaky', '100m') }))
      expect(deniedCreate.code).toBe(403)

      // Proof that the refusal came from the missing binding: bind `view` and the same call works.
      await kc.makeApiClient(k8s.RbacAuthorizationV1Api).createNamespacedRoleBinding({
        namespace: ns,
        body: {
          metadata: { name: 'user-view' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
        },
      })
      const list = await eventually('list allowed after RoleBinding', 15_000, async () =>
        userCore.listNamespacedPod({ namespace: ns }),
      )
      expect(list.items).toEqual([])
      // Still nothing outside that namespace.
      const elsewhere = await refusal(userCore.listNamespacedPod({ namespace: 'kube-system' }))
      expect(elsewhere.code).toBe(403)
    },
  )
})
