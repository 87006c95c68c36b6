// The NetworkPolicies: deny all traffic by default, then allow the namespace to itself, DNS, and
// the ingress controller in. Nothing else reaches a project or leaves it.
import type * as k8s from '@kubernetes/client-node'
import type { DesiredObject } from '../../platform/kubernetes/objects'
import { OBJECT_NAMES, namespacedMeta } from './metadata'
import type { ProjectIntent, ProvisioningSettings } from './model'

/** Where cluster DNS runs (dnsNamespace in infra/platform/govcloud-system.yaml). */
export const DNS_NAMESPACE = 'kube-system'

const DNS_EGRESS: k8s.V1NetworkPolicyEgressRule = {
  to: [
    {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': DNS_NAMESPACE } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    },
  ],
  ports: [
    { protocol: 'UDP', port: 53 },
    { protocol: 'TCP', port: 53 },
  ],
}

export function desiredNetworkPolicies(intent: ProjectIntent, settings: ProvisioningSettings): DesiredObject[] {
  const policy = (name: string, spec: k8s.V1NetworkPolicySpec): DesiredObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: namespacedMeta(intent, name),
    spec,
  })
  const fromIngress = {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': settings.ingressNamespace } },
  }
  return [
    policy(OBJECT_NAMES.denyAll, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy(OBJECT_NAMES.sameNamespace, {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ _from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    }),
    policy(OBJECT_NAMES.dns, { podSelector: {}, policyTypes: ['Egress'], egress: [DNS_EGRESS] }),
    policy(OBJECT_NAMES.ingress, { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ _from: [fromIngress] }] }),
  ]
}
