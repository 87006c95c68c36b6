// The rule the API server's admission policy `govcloud-tenant-network-policies` enforces
// (infra/platform/tenant-boundary.yaml, decision 0025), for NetworkPolicies that admission never
// judged: made before the policy was installed, or while its binding was off. An ingress peer may
// be the project's own pods or the platform's ingress namespace; an egress peer the project's own
// pods, or cluster DNS in a rule that opens port 53 only. Anything else (a rule without peers, an
// ipBlock, another or a broader namespace selector) admits more than the project. Policies add up,
// so one such policy cancels the console's default-deny. A test runs the same cases through this
// function and the API server's admission and checks that they agree.
import type * as k8s from '@kubernetes/client-node'

export interface Boundary {
  readonly namespace: string
  readonly ingressNamespace: string
  readonly dnsNamespace: string
}

type Peer = k8s.V1NetworkPolicyPeer

/** The namespace a peer selects: its own for a bare podSelector, '*' for anything wider. */
function peerNamespace(peer: Peer, own: string): string {
  if (peer.ipBlock) return '*'
  const selector = peer.namespaceSelector
  if (!selector) return own
  if ((selector.matchExpressions?.length ?? 0) > 0) return '*'
  const labels = selector.matchLabels ?? {}
  if (Object.keys(labels).length !== 1) return '*'
  return labels['kubernetes.io/metadata.name'] ?? '*'
}

const opensDnsOnly = (rule: k8s.V1NetworkPolicyEgressRule) =>
  (rule.ports?.length ?? 0) > 0 &&
  rule.ports!.every((p) => p.port !== undefined && String(p.port) === '53' && p.endPort === undefined)

/** Where the policy admits more than the project: `spec.ingress[0].from` and the like; empty when it does not. */
export function beyondBoundary(policy: k8s.V1NetworkPolicy, boundary: Boundary): string[] {
  const { namespace, ingressNamespace, dnsNamespace } = boundary
  const found: string[] = []
  policy.spec?.ingress?.forEach((rule, i) => {
    const peers = rule._from ?? []
    const sources = peers.length === 0 ? ['*'] : peers.map((peer) => peerNamespace(peer, namespace))
    if (!sources.every((ns) => ns === namespace || ns === ingressNamespace)) found.push(`spec.ingress[${i}].from`)
  })
  policy.spec?.egress?.forEach((rule, i) => {
    const peers = rule.to ?? []
    const destinations = peers.length === 0 ? ['*'] : peers.map((peer) => peerNamespace(peer, namespace))
    const allowed = (ns: string) => ns === namespace || (ns === dnsNamespace && opensDnsOnly(rule))
    if (!destinations.every(allowed)) found.push(`spec.egress[${i}].to`)
  })
  return found
}
