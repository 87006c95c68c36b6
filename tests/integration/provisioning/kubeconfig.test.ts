// The agency kubeconfig end to end, with a real token and no impersonation: the reconciler
// provisions a project for agency A (so-khcn) and one for agency B (so-tc); the console builds A's
// kubeconfig; a demo user of A signs in the way `kubectl oidc-login` does (authorisation code +
// PKCE S256 against the realm's HTTPS issuer, through Keycloak's real login form); and the API
// server, trusting that issuer (--authentication-config), grants exactly what A's RoleBinding
// gives. Tokens from the HTTP issuer or for another client are refused (decision 0012).
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import * as k8s from '@kubernetes/client-node'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { kubeconfigForAgency } from '#server/provisioning/agency-kubeconfig'
import { DEFAULT_SETTINGS, OBJECT_NAMES } from '#server/provisioning/desired'
import { reconcileProject, type ReconcilerDeps } from '#server/provisioning/reconcile'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makePools, makeUser } from '../../helpers/fixtures'
import { fetchTrusting, type Fetch } from '../../helpers/https-fetch'
import { DEV_CALLBACK, signInWithPkce, type PkceClient } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { connectStackKubernetes, connectStackStorage, k8sStatusOf } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { approvedProject, tearDownPlatform, reconcilerDeps } from '../../helpers/provisioning'

const KUBELOGIN_REDIRECT = 'http://localhost:8000' // kubelogin's default loopback redirect

let t: TestDatabase
let connection: KubernetesConnection
let storage: ObjectStorage
let d: ReconcilerDeps
let httpsFetch: Fetch
const namespaces: string[] = []
const tenants = {} as Record<'a' | 'b', { agencyId: string; namespace: string }>
let kubeconfigText: string

const setting = requireStackSetting
const b64url = (bytes: Buffer) => bytes.toString('base64url')

/**
 * Authorisation code + PKCE as kubelogin runs it: open the authorisation endpoint, sign in on
 * Keycloak's form, take the code from the loopback redirect, redeem it with the verifier.
 */
async function signInLikeKubelogin(
  issuer: string,
  username: string,
  fetcher: Fetch,
  client: PkceClient = { id: setting('KUBE_OIDC_CLIENT_ID'), redirectUri: KUBELOGIN_REDIRECT },
): Promise<{ idToken: string; accessToken: string }> {
  const tokens = await signInWithPkce({ issuer, username, client, fetcher })
  return { idToken: tokens.id_token!, accessToken: tokens.access_token }
}

/**
 * The kubeconfig's cluster (server URL and CA) with the bearer token its exec plugin would hand
 * to kubectl (kubelogin gives the ID token).
 */
function withToken(kubeconfig: string, token: string): k8s.KubeConfig {
  const downloaded = new k8s.KubeConfig()
  downloaded.loadFromString(kubeconfig)
  const cluster = downloaded.getCurrentCluster()
  if (!cluster) throw new Error('the kubeconfig names no cluster')
  const kc = new k8s.KubeConfig()
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'bearer', token }],
    contexts: [{ name: 'bearer', cluster: cluster.name, user: 'bearer' }],
    currentContext: 'bearer',
  })
  return kc
}
const coreApiWithToken = (kubeconfig: string, token: string) =>
  withToken(kubeconfig, token).makeApiClient(k8s.CoreV1Api)

beforeAll(async () => {
  httpsFetch = fetchTrusting(readFileSync(setting('KEYCLOAK_CA_FILE'), 'utf8'))
  t = await createTestDatabase()
  await makePools(t.db, { cpu: 100_000n, memory: 1024n * GiB, pods: 1000n })
  connection = await connectStackKubernetes()
  storage = connectStackStorage()
  // RoleBinding subjects carry the group prefix the API server gives OIDC groups.
  d = reconcilerDeps(t.db, connection, storage, {
    settings: {
      ...DEFAULT_SETTINGS,
      storageClasses: ['standard', 'fast'],
      groupPrefix: setting('KUBE_OIDC_GROUPS_PREFIX'),
    },
  })
  const requester = await makeUser(t.db, 'Nguyễn Văn An')
  const op = await makeUser(t.db, 'Đặng Minh Đức')
  // The demo users' Keycloak groups: an.nguyen is in /agencies/so-khcn, lan.hoang in /agencies/so-tc.
  for (const [key, code, nameVi] of [
    ['a', 'so-khcn', 'Sở Khoa học và Công nghệ'],
    ['b', 'so-tc', 'Sở Tài chính'],
  ] as const) {
    const agencyId = await makeAgency(t.db, nameVi, { code })
    const { projectId, namespace } = await approvedProject(t.db, {
      agencyId,
      requesterId: requester,
      operatorId: op,
      lines: { cpu: 1_000n, memory: GiB, pods: 5n },
      name: 'Hệ thống quản lý đề tài khoa học',
    })
    namespaces.push(namespace)
    expect(await reconcileProject(d, projectId)).toMatchObject({ phase: 'ready', error: null })
    tenants[key] = { agencyId, namespace }
  }
  const text = await kubeconfigForAgency({
    db: t.db,
    agencyId: tenants.a.agencyId,
    username: 'an.nguyen',
    settings: {
      apiUrl: setting('KUBE_API_URL'),
      caFile: setting('KUBE_CA_FILE'),
      issuerUrl: setting('KUBE_OIDC_ISSUER'),
      clientId: setting('KUBE_OIDC_CLIENT_ID'),
      clusterName: 'govcloud-local',
    },
  })
  if (text === null) throw new Error('agency A has a provisioned namespace, yet no kubeconfig')
  kubeconfigText = text
}, 120_000)

afterAll(async () => {
  await tearDownPlatform(connection, storage, namespaces)
  await t?.drop()
})

describe("an agency kubeconfig signs a person in through Keycloak's HTTPS issuer, which the API server trusts", () => {
  it("holds A's namespaces only and signs in with the kubectl client at the HTTPS issuer", () => {
    const kc = new k8s.KubeConfig()
    kc.loadFromString(kubeconfigText)
    expect(kc.getContexts().map((c) => c.namespace)).toEqual([tenants.a.namespace])
    expect(kc.getCurrentCluster()?.server).toBe(setting('KUBE_API_URL'))
    const exec = kc.getCurrentUser()?.exec as { args: string[] }
    expect(exec.args).toContain(`--oidc-issuer-url=${setting('KUBE_OIDC_ISSUER')}`)
    expect(exec.args).toContain(`--oidc-client-id=${setting('KUBE_OIDC_CLIENT_ID')}`)
    // The issuer the API server trusts is the realm's HTTPS listener.
    expect(setting('KUBE_OIDC_ISSUER')).toBe(`${setting('KEYCLOAK_HTTPS_URL')}/realms/govcloud`)
  })

  it("gives A's user the tenant role in A's namespace and nothing in B's, on quotas or cluster-wide", async () => {
    const issuer = setting('KUBE_OIDC_ISSUER')
    const { idToken, accessToken } = await signInLikeKubelogin(issuer, 'an.nguyen', httpsFetch)
    const claims = decodeJwt(idToken)
    expect(claims.iss).toBe(issuer)
    expect(claims.aud).toContain('govcloud-kubectl')
    expect(claims.groups).toContain('/agencies/so-khcn')
    expect(claims.preferred_username).toBe('an.nguyen')
    // The access token is for the same audience (the realm's audience mapper), so either works.
    expect(decodeJwt(accessToken).aud).toContain('govcloud-kubectl')

    const core = coreApiWithToken(kubeconfigText, idToken)
    const a = tenants.a.namespace
    const b = tenants.b.namespace
    // The API server may still be fetching the realm's keys if Keycloak has just started (it retries every 10 s).
    await eventually(
      'the API server to accept the realm token',
      30_000,
      async () => ((await k8sStatusOf(core.listNamespacedConfigMap({ namespace: a }))) === 200 ? true : undefined),
      { everyMs: 1_000 },
    )
    expect(
      await k8sStatusOf(
        core.createNamespacedConfigMap({
          namespace: a,
          body: { metadata: { name: 'cau-hinh' }, data: { 'ghi-chu': 'Cấu hình ứng dụng' } },
        }),
      ),
    ).toBe(200)
    const listed = await core.listNamespacedConfigMap({ namespace: a })
    expect(listed.items.map((c) => c.metadata?.name)).toContain('cau-hinh')

    expect(await k8sStatusOf(core.listNamespacedConfigMap({ namespace: b }))).toBe(403)
    expect(
      await k8sStatusOf(core.createNamespacedConfigMap({ namespace: b, body: { metadata: { name: 'xam-nhap' } } })),
    ).toBe(403)
    expect(await k8sStatusOf(core.readNamespacedResourceQuota({ namespace: a, name: OBJECT_NAMES.quota }))).toBe(200)
    expect(
      await k8sStatusOf(
        core.patchNamespacedResourceQuota(
          { namespace: a, name: OBJECT_NAMES.quota, body: { spec: { hard: { 'requests.cpu': '64' } } } },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
        ),
      ),
    ).toBe(403)
    expect(await k8sStatusOf(core.deleteNamespacedResourceQuota({ namespace: a, name: OBJECT_NAMES.quota }))).toBe(403)
    expect(await k8sStatusOf(core.listNamespace())).toBe(403)

    // Who the API server thinks this is: the prefixed username and group (SelfSubjectReview).
    const review = await withToken(kubeconfigText, idToken)
      .makeApiClient(k8s.AuthenticationV1Api)
      .createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } })
    expect(review.status?.userInfo?.username).toBe(`${setting('KUBE_OIDC_USERNAME_PREFIX')}an.nguyen`)
    expect(review.status?.userInfo?.groups).toContain(`${setting('KUBE_OIDC_GROUPS_PREFIX')}/agencies/so-khcn`)
  })

  it("gives B's user B's namespace, not A's", async () => {
    const { idToken } = await signInLikeKubelogin(setting('KUBE_OIDC_ISSUER'), 'lan.hoang', httpsFetch)
    const core = coreApiWithToken(kubeconfigText, idToken)
    expect(await k8sStatusOf(core.listNamespacedConfigMap({ namespace: tenants.b.namespace }))).toBe(200)
    expect(await k8sStatusOf(core.listNamespacedConfigMap({ namespace: tenants.a.namespace }))).toBe(403)
  })

  it('refuses a token from the HTTP issuer, and one for another client (401)', async () => {
    // Same user, same kubectl client, but signed in over Keycloak's HTTP listener: its iss is http://.
    const overHttp = await signInLikeKubelogin(`${setting('KEYCLOAK_URL')}/realms/govcloud`, 'an.nguyen', fetch)
    expect(decodeJwt(overHttp.idToken).iss).toBe(`${setting('KEYCLOAK_URL')}/realms/govcloud`)
    expect(
      await k8sStatusOf(
        coreApiWithToken(kubeconfigText, overHttp.idToken).listNamespacedConfigMap({ namespace: tenants.a.namespace }),
      ),
    ).toBe(401)

    // The HTTPS issuer, but the console's client: audience govcloud-console, not govcloud-kubectl.
    const console = await signInLikeKubelogin(setting('KUBE_OIDC_ISSUER'), 'an.nguyen', httpsFetch, {
      id: setting('OIDC_CLIENT_ID'),
      secret: setting('OIDC_CLIENT_SECRET'),
      redirectUri: DEV_CALLBACK,
    })
    expect(decodeJwt(console.accessToken).iss).toBe(setting('KUBE_OIDC_ISSUER'))
    expect(decodeJwt(console.accessToken).aud).not.toContain('govcloud-kubectl')
    for (const token of [console.idToken, console.accessToken]) {
      expect(
        await k8sStatusOf(
          coreApiWithToken(kubeconfigText, token).listNamespacedConfigMap({ namespace: tenants.a.namespace }),
        ),
      ).toBe(401)
    }
    // And a token whose signature is not the realm's.
    const [header, payload] = overHttp.idToken.split('.')
    expect(
      await k8sStatusOf(
        coreApiWithToken(kubeconfigText, `${header}.${payload}.${b64url(randomBytes(256))}`).listNamespace(),
      ),
    ).toBe(401)
  })
})
