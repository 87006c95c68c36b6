import * as k8s from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPORT_API, REPORT_NAME, type NamespaceReport } from '#server/security/namespace-report'
import { publishNamespaceReports, reportPublisher } from '#server/security/namespace-reports'
import { scanNamespace } from '#server/security/cluster-scan'
import { scanProjectKeys } from '#server/security/storage-scan'
import { customObjects } from '#server/platform/kubernetes/custom-objects'
import { recordFindings, type Observation } from '#server/security/findings'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { like } from '../../helpers/matchers'
import { GiB, makePools, makeProject, makeUser } from '../../helpers/fixtures'
import { connectStackKubernetes, connectStackStorage, k8sStatusOf } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { provisionDemoAgencies, tearDownPlatform } from '../../helpers/provisioning'
import { MERGE_PATCH, kubeConfigWithToken, kubectlToken } from '../tenancy/agency-kubectl'
import { clusterAdmin, deploymentBody } from './cluster-support'

// Each project's findings as the OpenReports Report in its namespace (decision 0042), read back the
// way the agency's staff read it: with their own kubectl token (an.nguyen, agency so-khcn) on the
// real API server. They may read it and not change, forge or delete it; another agency's staff
// (lan.hoang, so-tc) may not read it; what is resolved leaves it.

let t: TestDatabase
let connection: KubernetesConnection
let storage: ObjectStorage
let agency: k8s.CustomObjectsApi
let otherAgency: k8s.CustomObjectsApi
const projects: Array<{ projectId: string; agencyId: string; namespace: string }> = []
let ns: string
let otherNs: string
const AT = new Date('2026-12-01T03:00:00Z')
const ALL_CHECKS = ['GC-WL-01', 'GC-WL-02', 'GC-S3-01']

const ref = (namespace: string, name = REPORT_NAME) => ({ ...REPORT_API, namespace, name })
const readAs = async (api: k8s.CustomObjectsApi, namespace: string) =>
  (await api.getNamespacedCustomObject(ref(namespace))) as NamespaceReport & {
    metadata: { resourceVersion: string }
  }
const publish = () => publishNamespaceReports({ db: t.db, kube: connection }, [ns, otherNs])

function seen(checkId: string, kind: string, name: string, severity: Observation['severity']): Observation {
  const [project] = projects
  return {
    checkId,
    subject: { kind, namespace: project!.namespace, name },
    projectId: project!.projectId,
    agencyId: project!.agencyId,
    securityLevel: 3,
    severity,
    detail: { message: `${kind} ${name}` },
  }
}

beforeAll(async () => {
  t = await createTestDatabase()
  await makePools(t.db, { cpu: 100_000n, memory: 1024n * GiB, pods: 1000n })
  connection = await connectStackKubernetes()
  storage = connectStackStorage()
  projects.push(...(await provisionDemoAgencies(t.db, connection, storage)))
  ;[ns, otherNs] = projects.map((p) => p.namespace) as [string, string]
  agency = kubeConfigWithToken(await kubectlToken('an.nguyen')).makeApiClient(k8s.CustomObjectsApi)
  otherAgency = kubeConfigWithToken(await kubectlToken('lan.hoang')).makeApiClient(k8s.CustomObjectsApi)
  // The API server may still be fetching the realm's keys if Keycloak has just started.
  await eventually('the API server to accept the realm token', 30_000, async () =>
    (await k8sStatusOf(agency.listNamespacedCustomObject({ ...REPORT_API, namespace: ns }))) === 200 ? true : undefined,
  )

  await recordFindings(
    t.db,
    { checkIds: ALL_CHECKS },
    [
      seen('GC-WL-02', 'Deployment', 'cong-dich-vu', 'high'),
      seen('GC-WL-01', 'Deployment', 'cong-dich-vu', 'medium'),
      seen('GC-WL-01', 'StatefulSet', 'co-so-du-lieu', 'medium'),
      seen('GC-S3-01', 'Bucket', `${ns}-data`, 'medium'),
    ],
    AT,
  )
  // The agency's waiver of GC-WL-01 for the database, approved by a security officer.
  await t.db.securityWaiver.create({
    data: {
      projectId: projects[0]!.projectId,
      checkId: 'GC-WL-01',
      subjectKind: 'StatefulSet',
      subjectNamespace: ns,
      subjectName: 'co-so-du-lieu',
      justification: 'Cơ sở dữ liệu cũ, đang chuyển sang hệ thống mới',
      compensatingControl: 'Giới hạn của LimitRange',
      expiresAt: new Date(Date.now() + 30 * 86_400_000),
      state: 'approved',
      requestedById: await makeUser(t.db, 'Nguyễn Văn An'),
      decidedById: await makeUser(t.db, 'Phạm Thu Hương'),
      decidedAt: new Date(),
    },
  })
}, 180_000)

afterAll(async () => {
  await tearDownPlatform(
    connection,
    storage,
    projects.map((p) => p.namespace),
  )
  await t?.drop()
})

describe("a project's findings as a Report in its namespace", () => {
  it('are published for each namespace and read back by the agency with its own token', async () => {
    const published = await publish()
    expect(published).toMatchObject({ published: like.arrayContaining([ns, otherNs]), failed: [], notProjects: [] })

    const report = await readAs(agency, ns)
    expect(report.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'govcloud-console' })
    expect(report.scope).toEqual({ apiVersion: 'v1', kind: 'Namespace', name: ns })
    expect(report.summary).toEqual({ pass: 0, fail: 3, warn: 0, error: 0, skip: 1 })
    expect(
      report.results.map((r) => [r.policy, r.result, r.severity, r.resources[0]!.kind, r.resources[0]!.name]),
    ).toEqual([
      ['GC-WL-02', 'fail', 'high', 'Deployment', 'cong-dich-vu'],
      ['GC-S3-01', 'fail', 'medium', 'Bucket', `${ns}-data`],
      ['GC-WL-01', 'fail', 'medium', 'Deployment', 'cong-dich-vu'],
      ['GC-WL-01', 'skip', 'medium', 'StatefulSet', 'co-so-du-lieu'],
    ])
    const first = report.results[0]!
    expect(first.message).toBe(
      'Image lấy từ kho ngoài danh sách được phép của cấp độ — Image from a registry the level does not allow',
    )
    expect(first.resources[0]).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: ns,
      name: 'cong-dich-vu',
    })
    expect(first.timestamp).toEqual({ seconds: AT.getTime() / 1000, nanos: 0 })
    expect(report.results[3]!.properties).toMatchObject({ status: 'waived', waivedUntil: like.any(String) })

    // Published again unchanged, it is not written again.
    await publish()
    expect((await readAs(agency, ns)).metadata).toMatchObject({ resourceVersion: report.metadata.resourceVersion })

    // The other project has no findings: its report says so.
    expect((await readAs(otherAgency, otherNs)).summary).toEqual({ pass: 0, fail: 0, warn: 0, error: 0, skip: 0 })
  })

  it('cannot be changed, forged or deleted by the agency', async () => {
    const forged = {
      ...(await readAs(agency, ns)),
      results: [],
      summary: { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 },
    }
    expect(await k8sStatusOf(agency.replaceNamespacedCustomObject({ ...ref(ns), body: forged }))).toBe(403)
    expect(
      await k8sStatusOf(
        agency.patchNamespacedCustomObject({ ...ref(ns), body: { summary: { fail: 0 } } }, MERGE_PATCH),
      ),
    ).toBe(403)
    expect(await k8sStatusOf(agency.deleteNamespacedCustomObject(ref(ns)))).toBe(403)
    expect(await k8sStatusOf(agency.deleteCollectionNamespacedCustomObject({ ...REPORT_API, namespace: ns }))).toBe(403)
    const another = { ...forged, metadata: { name: 'all-clear', namespace: ns } }
    expect(
      await k8sStatusOf(agency.createNamespacedCustomObject({ ...REPORT_API, namespace: ns, body: another })),
    ).toBe(403)
    expect((await readAs(agency, ns)).summary.fail).toBe(3)
  })

  it("cannot be read by another agency's staff", async () => {
    expect(await k8sStatusOf(otherAgency.getNamespacedCustomObject(ref(ns)))).toBe(403)
    expect(await k8sStatusOf(otherAgency.listNamespacedCustomObject({ ...REPORT_API, namespace: ns }))).toBe(403)
    expect(await k8sStatusOf(agency.listClusterCustomObject({ ...REPORT_API }))).toBe(403)
  })

  it('drops what is resolved at the next publication', async () => {
    await recordFindings(
      t.db,
      { checkIds: ALL_CHECKS },
      [seen('GC-WL-01', 'StatefulSet', 'co-so-du-lieu', 'medium'), seen('GC-S3-01', 'Bucket', `${ns}-data`, 'medium')],
      new Date(AT.getTime() + 600_000),
    )
    await publish()
    const report = await readAs(agency, ns)
    expect(report.summary).toEqual({ pass: 0, fail: 1, warn: 0, error: 0, skip: 1 })
    expect(report.results.map((r) => `${r.policy} ${r.resources[0]!.name}`)).toEqual([
      `GC-S3-01 ${ns}-data`,
      'GC-WL-01 co-so-du-lieu',
    ])
  })
})

describe('the console', () => {
  it('writes a report only under its one name, in namespaces it made', async () => {
    const reports = customObjects(connection, REPORT_API)
    const body = (namespace: string, name = REPORT_NAME) => ({
      apiVersion: 'openreports.io/v1alpha1',
      kind: 'Report',
      metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'govcloud-console' } },
      summary: { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 },
    })
    // RBAC: its role names the report.
    await expect(reports.apply(ns, 'all-clear', body(ns, 'all-clear'))).rejects.toMatchObject({ kind: 'forbidden' })
    // The confinement policy: kube-system is not a namespace the console made.
    const refused = reports.apply('kube-system', REPORT_NAME, body('kube-system'))
    await expect(refused).rejects.toMatchObject({ kind: 'forbidden' })
    await expect(refused).rejects.toThrow(/govcloud-console-confinement/)
    // A namespace no project has is not written at all.
    expect(await publishNamespaceReports({ db: t.db, kube: connection }, ['kube-system'])).toEqual({
      published: [],
      omitted: 0,
      notProjects: ['kube-system'],
      absent: [],
      failed: [],
    })
  })

  it('keeps a namespace of 3,000 findings within the API server’s limits, counting all and listing the most urgent', async () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      seen('GC-WL-02', 'Deployment', `dich-vu-${String(i).padStart(4, '0')}`, i % 10 === 0 ? 'high' : 'medium'),
    )
    const at = new Date(AT.getTime() + 1_200_000)
    await recordFindings(t.db, { checkIds: ['GC-WL-02'], namespaces: [ns] }, many, at)
    const published = await publish()
    expect(published.failed).toEqual([])
    const report = await readAs(agency, ns)
    expect(report.summary).toEqual({ pass: 0, fail: 3001, warn: 0, error: 0, skip: 1 })
    expect(report.results).toHaveLength(500)
    expect(report.metadata.annotations).toMatchObject({ 'govcloud.langson.gov.vn/results-omitted': '2502' })
    expect(published.omitted).toBe(2502)
    // The 300 high ones first.
    expect(report.results.slice(0, 300).every((r) => r.severity === 'high')).toBe(true)
    expect(report.results[300]!.severity).toBe('medium')
  })
})

describe('the scans', () => {
  const publish = () => reportPublisher({ db: t.db, kube: connection })

  it('publish the namespace they scanned, from the findings they recorded', async () => {
    const admin = clusterAdmin()
    await admin.apps.createNamespacedDeployment({
      namespace: ns,
      body: deploymentBody('mot-cua', { image: 'nginx:latest', bounded: false }),
    })
    const run = await scanNamespace({ db: t.db, kubeConfig: connection.kubeConfig, publish: publish() }, ns)
    expect(run.reports).toMatchObject({ published: [ns], failed: [], absent: [] })
    const report = await readAs(agency, ns)
    const named = report.results.map((r) => `${r.policy} ${r.resources[0]!.kind}/${r.resources[0]!.name}`)
    expect(named).toEqual(
      like.arrayContaining([
        'GC-WL-01 Deployment/mot-cua',
        'GC-WL-03 Deployment/mot-cua',
        `GC-S3-01 Bucket/${ns}-data`,
      ]),
    )
    // What the scan did not see again (the 3,000 recorded by hand, the StatefulSet) is resolved and gone.
    expect(named.filter((n) => n.includes('dich-vu-') || n.includes('co-so-du-lieu'))).toEqual([])
    expect(report.summary.fail).toBe(report.results.length)
  })

  it("publish a project's namespace after its keys are scanned, and skip a project not provisioned", async () => {
    const run = await scanProjectKeys({ db: t.db, storage, publish: publish() }, projects[0]!.projectId)
    expect(run.reports).toMatchObject({ published: [ns], failed: [] })
    const unprovisioned = await makeProject(t.db, projects[0]!.agencyId)
    const { namespace } = await t.db.project.findUniqueOrThrow({
      where: { id: unprovisioned },
      select: { namespace: true },
    })
    expect(await publish()([namespace])).toMatchObject({ published: [], absent: [namespace], failed: [] })
  })
})
