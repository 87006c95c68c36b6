import { describe, expect, it } from 'vitest'
import {
  anonymousBinding,
  metricSamples,
  parseFlagz,
  platformObservations,
  type PlatformFacts,
} from './platform-checks'

// The texts below are what the pinned kube-apiserver (v1.34.4) answered on the local stack,
// before and after decision 0040 gave it an audit policy and a log.
const METRICS_WITHOUT_AUDIT = `# HELP apiserver_audit_event_total [ALPHA] Counter of audit events generated and sent to the audit backend.
# TYPE apiserver_audit_event_total counter
apiserver_audit_event_total 0
# TYPE apiserver_audit_requests_rejected_total counter
apiserver_audit_requests_rejected_total 0
`
const METRICS_WITH_AUDIT = `apiserver_audit_event_total 500
apiserver_audit_level_total{level="Metadata"} 405
apiserver_audit_level_total{level="None"} 24
apiserver_audit_level_total{level="RequestResponse"} 18
apiserver_audit_requests_rejected_total 0
`
const flagz = (separator: string, extra: Record<string, string> = {}) =>
  [
    '',
    'kube-apiserver flags',
    'Warning: This endpoint is not meant to be machine parseable, has no formatting compatibility guarantees and is for debugging purposes only.',
    '',
    ...Object.entries({
      'anonymous-auth': 'true',
      'authorization-mode': '[Node,RBAC]',
      'enable-bootstrap-token-auth': 'false',
      'oidc-issuer-url': '',
      'token-auth-file': '',
      ...extra,
    }).map(([k, v]) => `${k}${separator}${v}`),
  ].join('\n')

const passing: PlatformFacts = {
  anonymousReads: [
    { target: '/api/v1/namespaces', status: 403 },
    { target: '/apis', status: 403 },
  ],
  anonymousBindings: ['ClusterRoleBinding/system:public-info-viewer'],
  metrics: METRICS_WITH_AUDIT,
  flagz: flagz('='),
  storageReads: [{ target: 'S3 ListBuckets', status: 403 }],
  trail: { last: { number: 4, createdAt: new Date('2026-12-06T08:00:00Z'), stale: false }, entries: 10 },
  now: new Date('2026-12-06T08:05:00Z'),
}
const failing = (facts: Partial<PlatformFacts>) =>
  platformObservations({ ...passing, ...facts }).observations.map((o) => [o.checkId, o.detail])

describe('platformObservations', () => {
  it('finds nothing on a platform that passes, with every check evaluated', () => {
    expect(platformObservations(passing)).toEqual({
      evaluated: ['GC-PLT-01', 'GC-PLT-02', 'GC-PLT-03', 'GC-PLT-04', 'GC-PLT-05'],
      unknown: [],
      observations: [],
    })
  })

  it('finds an API server without auditing from its counters', () => {
    expect(failing({ metrics: METRICS_WITHOUT_AUDIT })).toEqual([
      ['GC-PLT-02', { auditEvents: 0, auditedRequests: 0, auditErrors: 0 }],
    ])
    // A policy that audits nothing (every request at level None) is no audit log either.
    expect(
      failing({ metrics: 'apiserver_audit_event_total 0\napiserver_audit_level_total{level="None"} 9\n' }),
    ).toHaveLength(1)
  })

  it('finds anonymous reads and bindings beyond Kubernetes’ own', () => {
    expect(
      failing({
        anonymousReads: [{ target: '/api/v1/namespaces', status: 200 }],
        anonymousBindings: ['ClusterRoleBinding/system:public-info-viewer', 'RoleBinding/kube-public/open'],
      }),
    ).toEqual([['GC-PLT-01', { reads: ['/api/v1/namespaces'], bindings: ['RoleBinding/kube-public/open'] }]])
  })

  it('finds static tokens, an OIDC issuer over http, bootstrap tokens and AlwaysAllow, whatever /flagz separates with', () => {
    for (const separator of [':', ': ', '=', ' '])
      expect(
        failing({
          flagz: flagz(separator, {
            'token-auth-file': '/etc/kubernetes/tokens.csv',
            'oidc-issuer-url': 'http://sso.example/realms/x',
            'enable-bootstrap-token-auth': 'true',
            'authorization-mode': '[AlwaysAllow]',
          }),
        }),
      ).toEqual([
        [
          'GC-PLT-03',
          {
            flags: [
              'token-auth-file',
              'oidc-issuer-url over http',
              'enable-bootstrap-token-auth',
              'authorization-mode AlwaysAllow',
            ],
          },
        ],
      ])
  })

  it('finds the storage answering unsigned requests', () => {
    expect(failing({ storageReads: [{ target: 'filer GET /buckets/', status: 200 }] })).toEqual([
      ['GC-PLT-04', { reads: ['filer GET /buckets/'] }],
    ])
  })

  it('finds a stale or missing checkpoint, but not an empty trail without one', () => {
    const stale = { number: 4, createdAt: new Date('2026-12-06T07:00:00Z'), stale: true }
    expect(failing({ trail: { last: stale, entries: 10 } })).toEqual([
      ['GC-PLT-05', { lastCheckpoint: 4, createdAt: '2026-12-06T07:00:00.000Z', ageSeconds: 3900 }],
    ])
    expect(failing({ trail: { last: null, entries: 3 } })).toEqual([
      ['GC-PLT-05', { lastCheckpoint: 'none', entries: 3 }],
    ])
    expect(failing({ trail: { last: null, entries: 0 } })).toEqual([])
  })

  it('leaves a check it has no facts for unevaluated, neither passed nor failed', () => {
    const verdict = platformObservations({ ...passing, flagz: null, metrics: null, storageReads: null, trail: null })
    expect(verdict.unknown).toEqual(['GC-PLT-02', 'GC-PLT-03', 'GC-PLT-04', 'GC-PLT-05'])
    expect(verdict.evaluated).toEqual(['GC-PLT-01'])
    // A /flagz page without flags (another component's, a proxy's) is no answer either.
    expect(platformObservations({ ...passing, flagz: 'Not Found' }).unknown).toEqual(['GC-PLT-03'])
  })

  it('gives platform findings no project, no agency and no level', () => {
    const [o] = platformObservations({ ...passing, metrics: METRICS_WITHOUT_AUDIT }).observations
    expect(o).toMatchObject({
      subject: { kind: 'ApiServer', namespace: '', name: 'kube-apiserver' },
      projectId: null,
      agencyId: null,
      securityLevel: null,
      severity: 'high',
    })
  })
})

describe('the probes’ readers', () => {
  it('sums metric samples by label', () => {
    expect(metricSamples(METRICS_WITH_AUDIT, 'apiserver_audit_level_total').get('{level="None"}')).toBe(24)
    expect(metricSamples(METRICS_WITHOUT_AUDIT, 'apiserver_audit_level_total').size).toBe(0)
  })

  it('reads /flagz values that hold spaces and separators', () => {
    expect(
      parseFlagz('audit-log-path: /var/log/a b.log\nfeature-gates=ComponentFlagz=true').get('audit-log-path'),
    ).toBe('/var/log/a b.log')
    expect(parseFlagz('feature-gates=ComponentFlagz=true').get('feature-gates')).toBe('ComponentFlagz=true')
  })

  it('names a binding to anonymous users or the unauthenticated group', () => {
    const binding = (subjects: Array<{ kind: string; name: string }>) =>
      anonymousBinding({ kind: 'RoleBinding', namespace: 'kube-public', name: 'open', roleRef: 'view', subjects })
    expect(binding([{ kind: 'User', name: 'system:anonymous' }])).toBe('RoleBinding/kube-public/open')
    expect(binding([{ kind: 'Group', name: 'system:unauthenticated' }])).toBe('RoleBinding/kube-public/open')
    expect(binding([{ kind: 'Group', name: 'system:authenticated' }])).toBeNull()
  })
})
