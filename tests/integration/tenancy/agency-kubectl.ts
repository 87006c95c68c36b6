// What an agency's staff hold on the API server: the token kubectl gets through the downloaded
// kubeconfig (kubelogin: authorisation code + PKCE at the realm's HTTPS issuer, the kubectl
// client), and clients of the API server with it. Also how a refusal reads, for tests that check
// the API server says why.
import { readFileSync } from 'node:fs'
import * as k8s from '@kubernetes/client-node'
import { fetchTrusting } from '../../helpers/https-fetch'
import { signInWithPkce } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'

const KUBELOGIN_REDIRECT = 'http://localhost:8000' // kubelogin's default loopback redirect

/** A demo person's ID token from the kubectl client, as kubelogin gets it (kubectl sends the ID token). */
export async function kubectlToken(username: string): Promise<string> {
  const tokens = await signInWithPkce({
    issuer: requireStackSetting('KUBE_OIDC_ISSUER'),
    username,
    client: { id: requireStackSetting('KUBE_OIDC_CLIENT_ID'), redirectUri: KUBELOGIN_REDIRECT },
    fetcher: fetchTrusting(readFileSync(requireStackSetting('KEYCLOAK_CA_FILE'), 'utf8')),
  })
  return tokens.id_token!
}

/** The local API server (its URL and CA, as in the downloaded kubeconfig) with a bearer token. */
export function kubeConfigWithToken(token: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig()
  kc.loadFromOptions({
    clusters: [
      {
        name: 'govcloud-local',
        server: requireStackSetting('KUBE_API_URL'),
        caData: readFileSync(requireStackSetting('KUBE_CA_FILE')).toString('base64'),
      },
    ],
    users: [{ name: 'bearer', token }],
    contexts: [{ name: 'bearer', cluster: 'govcloud-local', user: 'bearer' }],
    currentContext: 'bearer',
  })
  return kc
}

/** The clients kubectl's commands map to, for one identity. */
export function clientsOf(kc: k8s.KubeConfig) {
  return {
    core: kc.makeApiClient(k8s.CoreV1Api),
    apps: kc.makeApiClient(k8s.AppsV1Api),
    batch: kc.makeApiClient(k8s.BatchV1Api),
    networking: kc.makeApiClient(k8s.NetworkingV1Api),
    rbac: kc.makeApiClient(k8s.RbacAuthorizationV1Api),
    autoscaling: kc.makeApiClient(k8s.AutoscalingV2Api),
    policy: kc.makeApiClient(k8s.PolicyV1Api),
    authorization: kc.makeApiClient(k8s.AuthorizationV1Api),
    admissionPolicies: kc.makeApiClient(k8s.AdmissionregistrationV1Api),
  }
}
export type Clients = ReturnType<typeof clientsOf>

/** kubectl's patch types. */
export const MERGE_PATCH = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch)

export interface Outcome {
  /** 200 when the call went through, else the API server's status. */
  readonly status: number
  /** The API server's message (empty when the call went through). */
  readonly message: string
}

/** Runs a call and tells how the API server answered: allowed, or refused with what message. */
export async function outcomeOf(call: Promise<unknown>): Promise<Outcome> {
  try {
    await call
    return { status: 200, message: '' }
  } catch (error) {
    if (!(error instanceof k8s.ApiException)) throw error
    const body: unknown = error.body
    let message = typeof body === 'string' ? body : JSON.stringify(body)
    try {
      const parsed = (typeof body === 'string' ? JSON.parse(body) : body) as { message?: unknown }
      if (typeof parsed.message === 'string') message = parsed.message
    } catch {
      // not JSON: keep the text
    }
    return { status: error.code, message }
  }
}

/** Whether this identity may do something, as `kubectl auth can-i` asks (`pods/log` names a subresource). */
export async function canI(
  clients: Clients,
  asked: { namespace: string; verb: string; group: string; resource: string },
): Promise<boolean> {
  const [resource, subresource] = asked.resource.split('/')
  const review = await clients.authorization.createSelfSubjectAccessReview({
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { ...asked, resource, subresource } },
    },
  })
  return review.status?.allowed ?? false
}
