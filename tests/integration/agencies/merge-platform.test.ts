// A merger on the real platform (issue 15, decision 0057): so-khcn (an.nguyen's agency) merges into
// so-tc (lan.hoang's). The console's transaction commits and the process stops before any reconcile
// (no worker runs): the namespace still answers so-khcn's staff, and the reconcile job waits in the
// durable queue. A provisioning worker started afterwards completes it: the RoleBinding names
// so-tc's group, lan.hoang reaches the namespace with her own kubectl token and, through the API,
// issues a key that works on the project's bucket; an.nguyen is refused everywhere, and a person of
// so-khcn who Keycloak also put in so-tc's group gets in. Asking again is a no-op, and the pass after
// writes nothing.
import { PutObjectCommand } from '@aws-sdk/client-s3'
import * as k8s from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestMerge } from '#server/agencies/merge'
import type { ApiDeps } from '#server/api/handler'
import { localDateOf } from '#server/domain/local-calendar'
import { RECONCILE_JOB } from '#server/jobs/shared-with-sql'
import { listenForJobs } from '#server/jobs/process'
import { startWorker } from '#server/jobs/worker'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { bucketName, DEFAULT_SETTINGS, OBJECT_NAMES } from '#server/provisioning/desired'
import { reconcileProject, type ReconcilerDeps } from '#server/provisioning/reconcile'
import { provisioningHandlers } from '#server/provisioning/runtime'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { realmAdmin, type RealmAdmin } from '../../helpers/keycloak-admin'
import { adminKubeConfig, connectStackKubernetes, connectStackStorage, s3ClientWith } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { reconcilerDeps, startKeyWorker, tearDownPlatform } from '../../helpers/provisioning'
import { consoleUserToken, DEMO_PASSWORD } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, expectProblem, type Schemas } from '../api/support'
import { clientsOf, kubeConfigWithToken, kubectlToken, outcomeOf } from '../tenancy/agency-kubectl'

let t: TestDatabase
let connection: KubernetesConnection
let storage: ObjectStorage
let d: ReconcilerDeps
let api: ApiDeps
let admin: RealmAdmin
let project: { id: string; namespace: string }
let joiner: { id: string; username: string } | null = null
let keyWorker: { stop(): Promise<void> } | undefined
const prefix = () => requireStackSetting('KUBE_OIDC_GROUPS_PREFIX')

beforeAll(async () => {
  t = await createSeededDatabase()
  connection = await connectStackKubernetes()
  storage = connectStackStorage()
  d = reconcilerDeps(t.db, connection, storage, {
    settings: { ...DEFAULT_SETTINGS, storageClasses: ['standard', 'fast'], groupPrefix: prefix() },
  })
  // so-khcn's system with buckets, under a namespace of this run's own (the seed's names are shared).
  const seeded = await t.db.project.findFirstOrThrow({
    where: { name: 'Hệ thống quản lý đề tài khoa học' },
    select: { id: true, slug: true },
  })
  const namespace = `t${Date.now().toString(36)}-sap-nhap`
  await t.db.project.update({ where: { id: seeded.id }, data: { namespace } })
  project = { id: seeded.id, namespace }
  expect((await reconcileProject(d, project.id))?.phase).toBe('ready')
  api = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  admin = await realmAdmin()
}, 180_000)

afterAll(async () => {
  await keyWorker?.stop()
  if (joiner) await admin.request('DELETE', `/users/${joiner.id}`)
  await tearDownPlatform(connection, storage, project ? [project.namespace] : [])
  await t?.drop()
})

/** What a person's own kubectl token gets listing ConfigMaps in the namespace: 200 or the refusal. */
async function kubectlStatus(username: string): Promise<number> {
  const token = await kubectlToken(username)
  return (
    await outcomeOf(
      clientsOf(kubeConfigWithToken(token)).core.listNamespacedConfigMap({ namespace: project.namespace }),
    )
  ).status
}

async function bindingSubjects(): Promise<string[]> {
  const rbac = adminKubeConfig().makeApiClient(k8s.RbacAuthorizationV1Api)
  const binding: k8s.V1RoleBinding = await rbac.readNamespacedRoleBinding({
    name: OBJECT_NAMES.agencyEdit,
    namespace: project.namespace,
  })
  return (binding.subjects ?? []).map((s) => s.name)
}

const group = (code: string) => `${prefix()}/agencies/${code}`

describe('a merger interrupted between the console and the platform', () => {
  it('commits on the console, leaves the platform as it was until a worker runs, then the reconcile completes it', async () => {
    await eventually('the API server to accept the realm token', 30_000, async () =>
      (await kubectlStatus('an.nguyen')) === 200 ? true : undefined,
    )
    expect(await kubectlStatus('lan.hoang')).toBe(403)
    await t.db.job.deleteMany({})

    const asked = { fromCode: 'so-khcn', intoCode: 'so-tc', effectiveDate: localDateOf(new Date()) }
    const actor = { actor: { id: null, label: 'Lý Văn Quang' } }
    expect(await requestMerge(t.db, asked, actor)).toMatchObject({ ok: true, value: { state: 'applied' } })
    // The process stops here: the reconcile waits in the queue and the platform has not moved.
    expect(await t.db.job.count({ where: { kind: RECONCILE_JOB, key: project.id, state: 'queued' } })).toBe(1)
    expect(await bindingSubjects()).toContain(group('so-khcn'))
    // Only this run's namespace is reconciled here: the seed's other projects share names across runs.
    await t.db.job.deleteMany({ where: { NOT: { kind: RECONCILE_JOB, key: project.id } } })

    const holder = `test-merge:${process.pid}`
    const worker = startWorker({
      db: t.db,
      holder,
      handlers: provisioningHandlers(d, { holder }),
      concurrency: 1,
      pollMs: 300,
    })
    const stopListening = await listenForJobs(t.url, worker)
    try {
      await eventually('the queued reconcile to finish', 60_000, async () => {
        const job = await t.db.job.findFirst({ where: { kind: RECONCILE_JOB, key: project.id } })
        return job?.state === 'done' ? job : undefined
      })
    } finally {
      await worker.stop()
      await stopListening()
    }
    const subjects = await bindingSubjects()
    expect(subjects).toContain(group('so-tc'))
    expect(subjects).not.toContain(group('so-khcn'))

    expect(await kubectlStatus('lan.hoang')).toBe(200)
    expect(await kubectlStatus('an.nguyen')).toBe(403)

    // Asked again: nothing changes on the console, and the next pass writes nothing on the platform.
    expect(await requestMerge(t.db, asked, actor)).toMatchObject({ ok: true, value: { changed: false } })
    expect(await reconcileProject(d, project.id)).toMatchObject({ phase: 'ready', writes: 0 })
  }, 180_000)

  it("lets so-tc's staff issue a key that works on the moved bucket, and refuses so-khcn's former staff", async () => {
    keyWorker = await startKeyWorker(t, storage)
    const keys = `/projects/${project.id}/s3-credentials`
    const an = await consoleUserToken('an.nguyen')
    expectProblem(await call(api, 'POST', keys, { token: an, body: { label: 'xâm nhập' } }), 404, 'api.not_found')
    const lan = await consoleUserToken('lan.hoang')
    const issued = await call<Schemas['IssuedS3Credential']>(api, 'POST', keys, {
      token: lan,
      body: { label: 'Sở Tài chính' },
    })
    expect(issued.status, issued.text).toBe(201)
    const client = s3ClientWith(issued.json)
    const bucket = bucketName(project.namespace, 'data')
    await eventually('the key to work', 20_000, async () => {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'sap-nhap.txt', Body: 'Sở Tài chính tiếp nhận' }))
      return true
    })
    client.destroy()
  }, 120_000)

  it("lets a person of so-khcn in once Keycloak also puts them in so-tc's group", async () => {
    const username = `t-${Date.now().toString(36)}`
    const created = await admin.request('POST', '/users', {
      username,
      enabled: true,
      firstName: 'Văn Bình',
      lastName: 'Lê',
      email: `${username}@so-khcn.langson.local`,
      emailVerified: true,
      groups: ['/agencies/so-khcn'],
      realmRoles: ['agency-staff'],
      credentials: [{ type: 'password', value: DEMO_PASSWORD, temporary: false }],
    })
    expect(created.status).toBe(201)
    joiner = { id: created.headers.get('location')!.split('/').pop()!, username }
    expect(await kubectlStatus(username)).toBe(403)
    const tc = (await (await admin.request('GET', '/group-by-path/agencies/so-tc')).json()) as { id: string }
    expect((await admin.request('PUT', `/users/${joiner.id}/groups/${tc.id}`)).status).toBe(204)
    expect(await kubectlStatus(username)).toBe(200)
  }, 60_000)
})
