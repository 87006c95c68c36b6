// The corpus's Services, Ingresses, NetworkPolicies and RoleBindings, good and bad.
import type { KubeObject } from '../evaluate'
import { CORPUS_AGENCY_GROUPS, asSent, type CorpusCase } from './model'

type Json = Record<string, unknown>
const service = (name: string, spec: Json): KubeObject =>
  asSent({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }], ...spec },
  })

const HOST = 'cong.so-khcn-cong.apps.govcloud.langson.gov.vn'
const OTHER_HOST = 'api.so-khcn-cong.apps.govcloud.langson.gov.vn'
const rule = (host: string) => ({
  host,
  http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] },
})
const ingress = (name: string, hosts: string[], tls: Json[] | undefined): KubeObject =>
  asSent({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name },
    spec: { rules: hosts.map(rule), tls },
  })

const policy = (name: string, spec: Json): KubeObject =>
  asSent({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name },
    spec: { podSelector: {}, ...spec },
  })
const namespaceIs = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } })

const binding = (name: string, subjects: Json[]): KubeObject =>
  asSent({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects,
  })
const group = (name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name })

const of = (
  name: string,
  level: CorpusCase['level'],
  object: (name: string) => KubeObject,
  fails: string[],
): CorpusCase => ({
  name,
  level,
  object: object(name),
  fails,
})

export const NETWORK_CASES: readonly CorpusCase[] = [
  of('net01-cluster-ip', 5, (n) => service(n, {}), []),
  of('net01-headless', 4, (n) => service(n, { clusterIP: 'None' }), []),
  of('net01-node-port', 4, (n) => service(n, { type: 'NodePort' }), ['GC-NET-01']),
  of('net01-load-balancer-level-1', 1, (n) => service(n, { type: 'LoadBalancer' }), ['GC-NET-01']),
  of('net02-tls', 5, (n) => ingress(n, [HOST], [{ hosts: [HOST], secretName: 'cert' }]), []),
  of(
    'net02-wildcard-tls',
    4,
    (n) => ingress(n, [HOST, OTHER_HOST], [{ hosts: ['*.so-khcn-cong.apps.govcloud.langson.gov.vn'] }]),
    [],
  ),
  of('net02-no-tls', 4, (n) => ingress(n, [HOST], undefined), ['GC-NET-02']),
  of('net02-one-host-clear', 3, (n) => ingress(n, [HOST, OTHER_HOST], [{ hosts: [HOST] }]), ['GC-NET-02']),
  of('net02-warned-level-1', 1, (n) => ingress(n, [HOST], []), ['GC-NET-02']),
  of('net03-own-pods', 4, (n) => policy(n, { ingress: [{ from: [{ podSelector: {} }] }] }), []),
  of('net03-from-ingress', 4, (n) => policy(n, { ingress: [{ from: [namespaceIs('ingress-nginx')] }] }), []),
  of(
    'net03-dns',
    5,
    (n) =>
      policy(n, {
        policyTypes: ['Egress'],
        egress: [{ to: [namespaceIs('kube-system')], ports: [{ port: 53, protocol: 'UDP' }] }],
      }),
    [],
  ),
  of('net03-allow-all', 4, (n) => policy(n, { ingress: [{}] }), ['GC-NET-03']),
  of(
    'net03-ip-block',
    2,
    (n) => policy(n, { policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }),
    ['GC-NET-03'],
  ),
  of(
    'net03-kube-system-https',
    3,
    (n) =>
      policy(n, { policyTypes: ['Egress'], egress: [{ to: [namespaceIs('kube-system')], ports: [{ port: 443 }] }] }),
    ['GC-NET-03'],
  ),
  of(
    'net03-named-port',
    4,
    (n) =>
      policy(n, { policyTypes: ['Egress'], egress: [{ to: [namespaceIs('kube-system')], ports: [{ port: 'dns' }] }] }),
    ['GC-NET-03'],
  ),
  of('rbac-agency-groups', 4, (n) => binding(n, CORPUS_AGENCY_GROUPS.map(group)), []),
  of(
    'rbac-own-service-accounts',
    5,
    (n) => binding(n, [{ kind: 'ServiceAccount', name: 'app' }, group('system:serviceaccounts:NAMESPACE')]),
    [],
  ),
  of('rbac-other-agency', 4, (n) => binding(n, [group('/agencies/so-tc')]), ['GC-RBAC-01']),
  of(
    'rbac-user',
    3,
    (n) =>
      binding(n, [
        group(CORPUS_AGENCY_GROUPS[0]!),
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'someone@example.com' },
      ]),
    ['GC-RBAC-01'],
  ),
  of(
    'rbac-foreign-service-account',
    4,
    (n) => binding(n, [{ kind: 'ServiceAccount', name: 'default', namespace: 'kube-system' }]),
    ['GC-RBAC-01'],
  ),
  of('rbac-everyone-level-2', 2, (n) => binding(n, [group('system:authenticated')]), ['GC-RBAC-01']),
]
