// The console's own identity on the real API server (decision 0026): the client certificate the
// stack issues it (KUBE_CONSOLE_KUBECONFIG), which runs the reconciler in development and tests.
// It manages the kinds of a project's namespace in the namespaces it labelled and nothing else:
// it cannot take over a namespace it did not make, write where it has not labelled, hand out a
// role other than the tenant role, read Secrets, or act as someone else.
import { randomBytes } from 'node:crypto'
import * as k8s from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireStackSetting } from '../../helpers/stack-env'
import { MERGE_PATCH, clientsOf, outcomeOf, type Clients, type Outcome } from './agency-kubectl'

const run = `${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`
/** A namespace the console made for a project (labelled), and one it did not (another system's). */
const ours = `it-console-${run}`
const theirs = `it-other-${run}`
const MANAGED_BY = 'app.kubernetes.io/managed-by'
const PROJECT_ID = 'govcloud.langson.gov.vn/project-id'
// Attempts on what the platform shares (kube-system, cluster roles and policies) are dry runs:
// the API server authorises and admits them as it would the real thing, and changes nothing.
const dryRun = 'All'

let console_: Clients
let admin: Clients

function clientsFrom(setting: string, impersonate?: string): Clients {
  const kc = new k8s.KubeConfig()
  kc.loadFromFile(requireStackSetting(setting))
  if (impersonate) {
    kc.loadFromOptions({
      clusters: kc.clusters,
      users: kc.users.map((user) => ({ ...user, impersonateUser: impersonate })),
      contexts: kc.contexts,
      currentContext: kc.currentContext,
    })
  }
  return clientsOf(kc)
}

const refusedSaying = (outcome: Outcome, why: string | RegExp) => {
  expect(outcome.status).toBe(403)
  expect(outcome.message).toMatch(why)
}
const labelled = (project: string) => ({ [MANAGED_BY]: 'govcloud-console', [PROJECT_ID]: project })
const tenantBinding = (roleName: string): k8s.V1RoleBinding => ({
  metadata: { name: `agency-${roleName}`, labels: { [MANAGED_BY]: 'govcloud-console' } },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'oidc:/agencies/so-khcn' }],
})

beforeAll(async () => {
  console_ = clientsFrom('KUBE_CONSOLE_KUBECONFIG')
  admin = clientsFrom('KUBE_ADMIN_KUBECONFIG')
  await admin.core.createNamespace({ body: { metadata: { name: theirs } } })
  expect(
    (await outcomeOf(console_.core.createNamespace({ body: { metadata: { name: ours, labels: labelled('p-1') } } })))
      .message,
  ).toBe('')
})

afterAll(async () => {
  await Promise.allSettled([ours, theirs].map((name) => admin?.core.deleteNamespace({ name })))
})

describe('the console runs as its own user, not as a cluster administrator', () => {
  it('is govcloud-console, in no group of its own', async () => {
    const kc = new k8s.KubeConfig()
    kc.loadFromFile(requireStackSetting('KUBE_CONSOLE_KUBECONFIG'))
    const review = await kc
      .makeApiClient(k8s.AuthenticationV1Api)
      .createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } })
    expect(review.status?.userInfo?.username).toBe('govcloud-console')
    expect(review.status?.userInfo?.groups).toEqual(['system:authenticated'])
  })
})

describe('the console cannot write outside the namespaces it labelled', () => {
  it('cannot make a namespace without its labels, nor take over, relabel or delete one it did not make', async () => {
    refusedSaying(
      await outcomeOf(console_.core.createNamespace({ body: { metadata: { name: `${theirs}-x` } }, dryRun })),
      /the console makes only namespaces it labels as its own/,
    )
    for (const name of [theirs, 'kube-system', 'default']) {
      refusedSaying(
        await outcomeOf(
          console_.core.patchNamespace({ name, body: { metadata: { labels: labelled('p-2') } }, dryRun }, MERGE_PATCH),
        ),
        `namespace ${name} was not made by the console`,
      )
    }
    refusedSaying(await outcomeOf(console_.core.deleteNamespace({ name: theirs })), 'was not made by the console')
  })

  it('cannot move a namespace it made to another project, nor drop its labels', async () => {
    for (const labels of [{ [PROJECT_ID]: 'p-2' }, { [MANAGED_BY]: null }]) {
      refusedSaying(
        await outcomeOf(console_.core.patchNamespace({ name: ours, body: { metadata: { labels } } }, MERGE_PATCH)),
        /namespace .* (was not made by the console|lacks them)/,
      )
    }
  })

  it('writes nothing in a namespace it did not label, and only labelled objects in its own', async () => {
    const denyAll = (namespace: string, labels: Record<string, string>): k8s.V1NetworkPolicy => ({
      metadata: { name: 'govcloud-default-deny', namespace, labels },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    })
    for (const namespace of [theirs, 'kube-system']) {
      refusedSaying(
        await outcomeOf(
          console_.networking.createNamespacedNetworkPolicy({
            namespace,
            body: denyAll(namespace, { [MANAGED_BY]: 'govcloud-console' }),
            dryRun,
          }),
        ),
        `namespace ${namespace} is not one the console made`,
      )
    }
    refusedSaying(
      await outcomeOf(
        console_.core.createNamespacedResourceQuota({
          namespace: ours,
          body: { metadata: { name: 'unlabelled' }, spec: { hard: { pods: '1' } } },
        }),
      ),
      'the console writes only objects it labels as its own',
    )
    expect(
      (
        await outcomeOf(
          console_.networking.createNamespacedNetworkPolicy({
            namespace: ours,
            body: denyAll(ours, { [MANAGED_BY]: 'govcloud-console' }),
          }),
        )
      ).message,
    ).toBe('')
  })
})

describe('the console cannot widen its own rights or anyone else’s', () => {
  it('binds agencies to the tenant role only: not edit, admin or cluster-admin', async () => {
    expect(
      (
        await outcomeOf(
          console_.rbac.createNamespacedRoleBinding({ namespace: ours, body: tenantBinding('govcloud-tenant') }),
        )
      ).message,
    ).toBe('')
    for (const role of ['edit', 'admin', 'cluster-admin', 'govcloud-console']) {
      refusedSaying(
        await outcomeOf(console_.rbac.createNamespacedRoleBinding({ namespace: ours, body: tenantBinding(role) })),
        role === 'govcloud-console'
          ? // RBAC alone would let it: it holds every right of its own role.
            'the console binds agencies to the ClusterRole govcloud-tenant only'
          : /attempting to grant RBAC permissions not currently held/,
      )
    }
  })

  it('makes no roles, cluster-wide bindings, workloads or impersonations, and reads no Secrets', async () => {
    const attempts = [
      () =>
        console_.rbac.createNamespacedRole({
          namespace: ours,
          body: { metadata: { name: 'mine' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] },
        }),
      () =>
        console_.rbac.patchClusterRole(
          { name: 'govcloud-console', body: { rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] }, dryRun },
          MERGE_PATCH,
        ),
      () =>
        console_.rbac.createClusterRoleBinding({
          body: {
            metadata: { name: `it-console-${run}` },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'govcloud-tenant' },
            subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'govcloud-console' }],
          },
          dryRun,
        }),
      () => console_.core.listSecretForAllNamespaces(),
      () => console_.core.readNamespacedSecret({ namespace: ours, name: 'anything' }),
      () =>
        console_.core.createNamespacedPod({
          namespace: ours,
          body: { metadata: { name: 'x' }, spec: { containers: [{ name: 'x', image: 'registry.k8s.io/pause:3.10' }] } },
        }),
      () => clientsFrom('KUBE_CONSOLE_KUBECONFIG', 'govcloud-admin').core.listNamespace(),
      () =>
        console_.admissionPolicies.deleteValidatingAdmissionPolicyBinding({
          name: 'govcloud-console-confinement',
          dryRun,
        }),
    ]
    for (const attempt of attempts) {
      refusedSaying(await outcomeOf(attempt()), /User "govcloud-console" cannot/)
    }
  })
})
