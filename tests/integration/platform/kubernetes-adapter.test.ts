// The Kubernetes adapter against the real local API server: server-side apply under one field
// manager, no-op re-applies, taking back fields someone else changed, reads, lists, deletes, and
// how failures are classified.
import { randomBytes } from 'node:crypto'
import * as k8s from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PlatformError } from '#server/platform/errors'
import { FIELD_MANAGER, connectKubernetes, type KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { DesiredObject } from '#server/platform/kubernetes/objects'
import { kubernetesPlatform, type KubernetesPlatform } from '#server/platform/kubernetes/platform'
import { connectAdminKubernetes, connectStackKubernetes } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'

const run = `${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`
const ns = `it-adapter-${run}`
let connection: KubernetesConnection
/** The cluster administrator, the "someone else" who edits the console's objects. */
let admin: KubernetesConnection
let kube: KubernetesPlatform

const namespace = (labels: Record<string, string> = {}): DesiredObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: {
    name: ns,
    // The labels the console's identity may create a namespace with (decision 0026).
    labels: {
      'app.kubernetes.io/managed-by': FIELD_MANAGER,
      'govcloud.langson.gov.vn/project-id': `test-run-${run}`,
      'govcloud.langson.gov.vn/test-run': run,
      ...labels,
    },
    annotations: { 'govcloud.langson.gov.vn/project-name': 'Hệ thống một cửa điện tử xã Đồng Đăng' },
  },
})
const quota = (cpu: string): DesiredObject => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'govcloud-quota', namespace: ns, labels: { 'app.kubernetes.io/managed-by': FIELD_MANAGER } },
  spec: { hard: { 'requests.cpu': cpu, 'requests.memory': '4Gi', pods: '10' } },
})

beforeAll(async () => {
  connection = await connectStackKubernetes()
  admin = await connectAdminKubernetes()
  kube = kubernetesPlatform(connection)
})
afterAll(async () => {
  await kube?.delete({ kind: 'Namespace', name: ns }).catch(() => undefined)
  await connection?.close()
  await admin?.close()
})

describe('Kubernetes adapter (real API server)', () => {
  it('creates with server-side apply under the govcloud-console field manager and keeps Vietnamese annotations', async () => {
    const created = await kube.apply(namespace())
    expect(created.metadata?.managedFields?.map((f) => [f.manager, f.operation])).toContainEqual([
      FIELD_MANAGER,
      'Apply',
    ])
    expect(created.metadata?.annotations?.['govcloud.langson.gov.vn/project-name']).toBe(
      'Hệ thống một cửa điện tử xã Đồng Đăng',
    )
    const applied = await kube.apply(quota('2'))
    expect((applied as k8s.V1ResourceQuota).spec?.hard).toEqual({
      'requests.cpu': '2',
      'requests.memory': '4Gi',
      pods: '10',
    })
  })

  it('re-applying the same object changes nothing on the server (same resourceVersion)', async () => {
    // The quota controller writes the status once after creation, which moves resourceVersion:
    // wait for that write so only our apply could change it.
    const before = await eventually(
      "the quota controller's status",
      10_000,
      async () => {
        const read = (await kube.read({
          kind: 'ResourceQuota',
          namespace: ns,
          name: 'govcloud-quota',
        })) as k8s.V1ResourceQuota | null
        return read?.status?.hard ? read : undefined
      },
      { everyMs: 100 },
    )
    expect(before.status?.hard).toBeDefined()
    const again = await kube.apply(quota('2'))
    expect(again.metadata?.resourceVersion).toBe(before.metadata?.resourceVersion)
  })

  it('takes back a field that someone else changed (force), leaving their manager without it', async () => {
    await admin.core.patchNamespacedResourceQuota(
      {
        name: 'govcloud-quota',
        namespace: ns,
        body: { spec: { hard: { 'requests.cpu': '64' } } },
        fieldManager: 'kubectl-edit',
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    )
    const edited = (await kube.read({
      kind: 'ResourceQuota',
      namespace: ns,
      name: 'govcloud-quota',
    })) as k8s.V1ResourceQuota
    expect(edited.spec?.hard?.['requests.cpu']).toBe('64')
    const repaired = (await kube.apply(quota('2'))) as k8s.V1ResourceQuota
    expect(repaired.spec?.hard?.['requests.cpu']).toBe('2')
    const owners = repaired.metadata?.managedFields
      ?.filter((f) => !f.subresource && JSON.stringify(f.fieldsV1 ?? {}).includes('requests.cpu'))
      .map((f) => f.manager)
    expect(owners).toEqual([FIELD_MANAGER])
  })

  it('reads null for what does not exist, lists by label, deletes once', async () => {
    expect(await kube.read({ kind: 'LimitRange', namespace: ns, name: 'absent' })).toBeNull()
    const listed = await kube.list('ResourceQuota', {
      labelSelector: `app.kubernetes.io/managed-by=${FIELD_MANAGER}`,
      pageSize: 1,
    })
    expect(listed.map((q) => q.metadata?.namespace)).toContain(ns)
    const inNs = await kube.list('ResourceQuota', { namespace: ns })
    expect(inNs.map((q) => q.metadata?.name)).toEqual(['govcloud-quota'])
    expect(await kube.delete({ kind: 'ResourceQuota', namespace: ns, name: 'govcloud-quota' })).toBe(true)
    expect(await kube.delete({ kind: 'ResourceQuota', namespace: ns, name: 'govcloud-quota' })).toBe(false)
  })

  it('counts reads and writes', async () => {
    const before = { ...kube.counters }
    await kube.apply(quota('1'))
    await kube.read({ kind: 'ResourceQuota', namespace: ns, name: 'govcloud-quota' })
    expect(kube.counters.writes - before.writes).toBe(1)
    expect(kube.counters.reads - before.reads).toBe(1)
  })

  it('classifies an object the server refuses as invalid (terminal)', async () => {
    // A label value longer than 63 characters: the API server answers 422 Invalid.
    const bad = quota('2')
    bad.metadata.labels = { ...bad.metadata.labels, 'govcloud.langson.gov.vn/project': 'x'.repeat(64) }
    const error = await kube.apply(bad).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PlatformError)
    expect(error).toMatchObject({ system: 'kubernetes', kind: 'invalid', retryable: false })
  })

  it('classifies an unreachable API server as unavailable (retryable), quickly', async () => {
    const kc = new k8s.KubeConfig()
    kc.loadFromString(connection.kubeConfig.exportConfig())
    const cluster = kc.getCurrentCluster()!
    // A port nobody listens on: the kernel refuses the connection at once.
    const closed = new k8s.KubeConfig()
    closed.loadFromOptions({
      clusters: [{ ...cluster, server: 'https://127.0.0.1:1' }],
      users: kc.users,
      contexts: kc.contexts,
      currentContext: kc.currentContext,
    })
    const down = kubernetesPlatform(await connectKubernetes({ kubeConfig: closed, requestTimeoutMs: 2_000 }))
    const started = Date.now()
    const error = await down.read({ kind: 'Namespace', name: ns }).catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'unavailable', retryable: true })
    expect(Date.now() - started).toBeLessThan(5_000)
  })
})
