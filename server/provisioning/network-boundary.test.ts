import type * as k8s from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, desiredState } from './desired'
import { beyondBoundary, type Boundary } from './network-boundary'

const boundary: Boundary = { namespace: 'so-khcn-cong', ingressNamespace: 'ingress-nginx', dnsNamespace: 'kube-system' }
const named = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } })
const policy = (spec: Omit<k8s.V1NetworkPolicySpec, 'podSelector'>): k8s.V1NetworkPolicy => ({
  spec: { podSelector: {}, ...spec },
})

describe('what a NetworkPolicy admits beyond its project', () => {
  it('finds nothing in the console’s own policies', () => {
    const state = desiredState(
      {
        projectId: 'p1',
        namespace: boundary.namespace,
        slug: 'cong',
        name: 'Cổng dịch vụ công',
        securityLevel: 2,
        agency: { code: 'so-khcn', nameVi: 'Sở Khoa học và Công nghệ', nameEn: 'Department of Science' },
        allocation: { state: 'active', backupRetentionDays: null, lines: { cpu: 1000n } },
      },
      DEFAULT_SETTINGS,
    )
    for (const object of state.objects.filter((o) => o.kind === 'NetworkPolicy'))
      expect(beyondBoundary(object as k8s.V1NetworkPolicy, boundary), object.metadata.name).toEqual([])
  })

  it('names each rule that admits everyone, another namespace, an address block or a broad selector', () => {
    expect(beyondBoundary(policy({ ingress: [{}] }), boundary)).toEqual(['spec.ingress[0].from'])
    expect(
      beyondBoundary(
        policy({
          ingress: [
            { _from: [{ podSelector: {} }] },
            { _from: [{ namespaceSelector: {} }] },
            { _from: [{ namespaceSelector: named('so-tc-ngan-sach') }] },
            { _from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] },
            { _from: [{ namespaceSelector: { matchExpressions: [{ key: 'x', operator: 'Exists' }] } }] },
            {
              _from: [
                { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': boundary.namespace, a: 'b' } } },
              ],
            },
            {
              _from: [{ namespaceSelector: named('ingress-nginx') }, { namespaceSelector: named(boundary.namespace) }],
            },
          ],
        }),
        boundary,
      ),
    ).toEqual([
      'spec.ingress[1].from',
      'spec.ingress[2].from',
      'spec.ingress[3].from',
      'spec.ingress[4].from',
      'spec.ingress[5].from',
    ])
  })

  it('lets egress reach the project and DNS on port 53 only', () => {
    const dns = { to: [{ namespaceSelector: named('kube-system') }] }
    expect(
      beyondBoundary(
        policy({
          egress: [
            { to: [{ podSelector: {} }] },
            {
              ...dns,
              ports: [
                { protocol: 'UDP', port: 53 },
                { protocol: 'TCP', port: 53 },
              ],
            },
            {},
            { ...dns, ports: [{ port: 443 }] },
            { ...dns },
            { ...dns, ports: [{ port: 53, endPort: 65535 }] },
            { to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 53 }] },
          ],
        }),
        boundary,
      ),
    ).toEqual(['spec.egress[2].to', 'spec.egress[3].to', 'spec.egress[4].to', 'spec.egress[5].to', 'spec.egress[6].to'])
  })
})
