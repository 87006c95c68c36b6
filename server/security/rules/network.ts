// How a project reaches and is reached, as CEL: exposure beside the platform's ingress
// (GC-NET-01), ingresses in clear text (GC-NET-02), network policies that widen the default deny
// (GC-NET-03, the tenant boundary's rule of decision 0025: this is its one copy) and role bindings
// to subjects outside the agency (GC-RBAC-01).
import { cel, type CelRule } from './model'

/** The groups of the agency and those above it, as the API server names them, written by the console on the namespace. */
export const AGENCY_GROUPS_ANNOTATION = 'govcloud.langson.gov.vn/agency-groups'

/**
 * For each rule of a NetworkPolicy, the namespace each of its peers selects: the project's own for
 * a bare podSelector, the one name a namespaceSelector of exactly kubernetes.io/metadata.name=<name>
 * selects, and '*' for anything wider (an ipBlock, a broader selector, no peers at all).
 */
const peerNamespace = cel(
  "has(peer.ipBlock) ? '*' :",
  '!has(peer.namespaceSelector) ? request.namespace :',
  "has(peer.namespaceSelector.matchExpressions) && size(peer.namespaceSelector.matchExpressions) > 0 ? '*' :",
  "!has(peer.namespaceSelector.matchLabels) || size(peer.namespaceSelector.matchLabels) != 1 ? '*' :",
  "peer.namespaceSelector.matchLabels[?'kubernetes.io/metadata.name'].orValue('*')",
)

const NETWORK_POLICY: CelRule = {
  checkId: 'GC-NET-03',
  resources: [{ group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies', kind: 'NetworkPolicy' }],
  params: 'platform',
  variables: [
    {
      name: 'sources',
      expression: cel(
        '!has(object.spec.ingress) ? [] : object.spec.ingress.map(rule,',
        `!has(rule.from) || size(rule.from) == 0 ? ['*'] : rule.from.map(peer, ${peerNamespace}))`,
      ),
    },
    // The same for egress, where a peer in the DNS namespace counts as 'dns' when the rule opens
    // port 53 and nothing else.
    {
      name: 'destinations',
      expression: cel(
        '!has(object.spec.egress) ? [] : object.spec.egress.map(rule,',
        `!has(rule.to) || size(rule.to) == 0 ? ['*'] : rule.to.map(peer, ${peerNamespace}`,
        ').map(ns, ns == params.data.dnsNamespace && has(rule.ports) && size(rule.ports) > 0 &&',
        "rule.ports.all(p, has(p.port) && string(p.port) == '53' && !has(p.endPort)) ? 'dns' : ns))",
      ),
    },
  ],
  validations: [
    {
      expression:
        'variables.sources.all(rule, rule.all(ns, ns == request.namespace || ns == params.data.ingressNamespace))',
      messageExpression: cel(
        "'NetworkPolicy ' + object.metadata.name + ': chính sách mạng của dự án chỉ được cho lưu lượng vào từ các pod",
        "của chính dự án (namespace ' + request.namespace + ') và từ ingress của nền tảng (namespace ' +",
        "params.data.ingressNamespace + '); mỗi quy tắc ingress phải ghi rõ nguồn (from), không dùng ipBlock hay",
        "namespace khác. — A project’s NetworkPolicy may admit traffic only from the project’s own pods (namespace ' +",
        "request.namespace + ') and the platform’s ingress (namespace ' + params.data.ingressNamespace + '): every",
        'ingress rule must name its sources (a rule without “from” admits everyone), and ipBlocks and other',
        "namespaces are refused.'",
      ),
    },
    {
      expression: "variables.destinations.all(rule, rule.all(ns, ns == request.namespace || ns == 'dns'))",
      messageExpression: cel(
        "'NetworkPolicy ' + object.metadata.name + ': chính sách mạng của dự án chỉ được mở lưu lượng ra tới các pod",
        "của chính dự án (namespace ' + request.namespace + ') và tới DNS của cụm (namespace ' +",
        "params.data.dnsNamespace + ', cổng 53); mỗi quy tắc egress phải ghi rõ đích (to), không dùng ipBlock hay",
        'namespace khác, để cơ sở dữ liệu, Keycloak, kho lưu trữ của nền tảng và các đơn vị khác vẫn đóng. — A',
        "project’s NetworkPolicy may open egress only to the project’s own pods (namespace ' + request.namespace +",
        "') and to cluster DNS (namespace ' + params.data.dnsNamespace + ', port 53): every egress rule must name its",
        'destinations (a rule without “to” opens everything), and ipBlocks and other namespaces are refused, so the',
        "platform’s database, Keycloak, storage and other tenants stay closed.'",
      ),
    },
  ],
}

const tlsCovers =
  "object.spec.tls.exists(t, has(t.hosts) && t.hosts.exists(th, th == h || (th.startsWith('*.') && h.endsWith(th.substring(1)))))"

export const NETWORK_RULES: readonly CelRule[] = [
  {
    checkId: 'GC-NET-01',
    resources: [{ group: '', version: 'v1', resource: 'services', kind: 'Service' }],
    params: 'none',
    variables: [],
    validations: [
      {
        expression: "!has(object.spec.type) || !(object.spec.type in ['NodePort', 'LoadBalancer'])",
        messageExpression: cel(
          "'Service ' + object.metadata.name + ': không dùng kiểu ' + object.spec.type + '; dịch vụ của dự án chỉ ra",
          'ngoài qua ingress của nền tảng, có TLS và tường lửa của trung tâm dữ liệu (dùng ClusterIP và một Ingress). —',
          "Type ' + object.spec.type + ' is not allowed: a project’s services are reached from outside only through the",
          "platform’s ingress, with TLS and the data centre’s firewall (use ClusterIP and an Ingress).'",
        ),
      },
    ],
  },
  {
    checkId: 'GC-NET-02',
    resources: [{ group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', kind: 'Ingress' }],
    params: 'none',
    variables: [
      {
        name: 'clear',
        expression: cel(
          "(has(object.spec.rules) ? object.spec.rules.map(r, has(r.host) ? r.host : '*') : []).filter(h,",
          `!(has(object.spec.tls) && ${tlsCovers}))`,
        ),
      },
    ],
    validations: [
      {
        expression: 'has(object.spec.tls) && size(object.spec.tls) > 0 && size(variables.clear) == 0',
        messageExpression: cel(
          "'Ingress ' + object.metadata.name + ': mọi host phải có TLS (spec.tls)' + (size(variables.clear) > 0 ?",
          "', còn ' + variables.clear.join(', ') + ' thì không' : '') + '. — Every host must be served over TLS",
          "(spec.tls)' + (size(variables.clear) > 0 ? ', and ' + variables.clear.join(', ') + ' is not' : '') + '.'",
        ),
      },
    ],
  },
  NETWORK_POLICY,
  {
    checkId: 'GC-RBAC-01',
    resources: [{ group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings', kind: 'RoleBinding' }],
    params: 'none',
    variables: [
      {
        name: 'agencyGroups',
        expression: cel(
          'has(namespaceObject.metadata.annotations) ?',
          `namespaceObject.metadata.annotations[?'${AGENCY_GROUPS_ANNOTATION}'].orValue('').split(',') : []`,
        ),
      },
      // A service account subject without a namespace is the binding's own namespace's.
      {
        name: 'outsiders',
        expression: cel(
          '!has(object.subjects) ? [] : object.subjects.filter(s,',
          "!(s.kind == 'Group' && (s.name in variables.agencyGroups || s.name == 'system:serviceaccounts:' + request.namespace)) &&",
          "!(s.kind == 'ServiceAccount' && (!has(s.namespace) || s.namespace == '' || s.namespace == request.namespace))",
          ").map(s, s.kind + ' ' + (s.kind == 'ServiceAccount' && has(s.namespace) ? s.namespace + '/' : '') + s.name)",
        ),
      },
    ],
    validations: [
      {
        expression: 'size(variables.outsiders) == 0',
        messageExpression: cel(
          "'RoleBinding ' + object.metadata.name + ': ' + variables.outsiders.join(', ') + ' không thuộc đơn vị sở hữu",
          "dự án; chỉ gán vai trò cho nhóm của đơn vị và cho service account trong namespace ' + request.namespace +",
          "'. — ' + variables.outsiders.join(', ') + ' is outside the agency that owns the project: bind roles only to",
          "the agency’s groups and to service accounts of namespace ' + request.namespace + '.'",
        ),
      },
    ],
  },
]
