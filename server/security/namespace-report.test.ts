import { describe, expect, it } from 'vitest'
import type { WaiverFacts } from './finding-status'
import { MAX_RESULTS, MAX_RESULTS_BYTES, namespaceReport, type ReportedFinding } from './namespace-report'

const day = (n: number) => new Date(Date.UTC(2026, 11, 1) + n * 86_400_000)
const NS = 'so-khcn-cong-dich-vu'
const finding = (over: Partial<ReportedFinding> = {}): ReportedFinding => ({
  projectId: 'p1',
  checkId: 'GC-WL-02',
  subjectKind: 'Deployment',
  subjectNamespace: NS,
  subjectName: 'web',
  severity: 'high',
  securityLevel: 3,
  detail: { message: 'Deployment web: image docker.io/nginx ngoài danh sách — outside the list' },
  firstSeenAt: day(0),
  lastSeenAt: day(4),
  resolvedAt: null,
  ...over,
})
const waiver = (over: Partial<WaiverFacts> = {}): WaiverFacts => ({
  projectId: 'p1',
  checkId: 'GC-WL-02',
  subjectKind: null,
  subjectNamespace: null,
  subjectName: null,
  state: 'approved',
  expiresAt: day(60),
  ...over,
})
const report = (findings: ReportedFinding[], waivers: WaiverFacts[] = [], now = day(5)) =>
  namespaceReport({ namespace: NS, projectId: 'p1', findings, waivers, now })

describe("a namespace's report", () => {
  it('is the OpenReports Report of the namespace, labelled as the console’s', () => {
    const r = report([])
    expect(r).toMatchObject({
      apiVersion: 'openreports.io/v1alpha1',
      kind: 'Report',
      metadata: {
        name: 'govcloud-security',
        namespace: NS,
        labels: { 'app.kubernetes.io/managed-by': 'govcloud-console', 'govcloud.langson.gov.vn/project-id': 'p1' },
        annotations: { 'govcloud.langson.gov.vn/results-omitted': '0' },
      },
      source: 'govcloud-console',
      scope: { apiVersion: 'v1', kind: 'Namespace', name: NS },
      summary: { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 },
      results: [],
    })
  })

  it('gives an open finding as a failed result: the check, its severity, its words in Vietnamese then English, its object', () => {
    const [result] = report([finding()]).results
    expect(result).toEqual({
      source: 'govcloud-console',
      policy: 'GC-WL-02',
      category: 'An toàn ứng dụng — Application security',
      severity: 'high',
      result: 'fail',
      timestamp: { seconds: day(0).getTime() / 1000, nanos: 0 },
      resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: NS, name: 'web' }],
      message: 'Image lấy từ kho ngoài danh sách được phép của cấp độ — Image from a registry the level does not allow',
      properties: {
        status: 'open',
        firstSeen: day(0).toISOString(),
        lastSeen: day(4).toISOString(),
        dueAt: day(30).toISOString(),
        securityLevel: '3',
        'detail.message': 'Deployment web: image docker.io/nginx ngoài danh sách — outside the list',
        remediation: expect.stringMatching(/^Đẩy image lên kho .* — Push the image/s) as unknown,
      },
    })
  })

  it('names objects outside Kubernetes by kind and name, with their detail as properties', () => {
    const bucket = finding({
      checkId: 'GC-S3-01',
      subjectKind: 'Bucket',
      subjectName: `${NS}-data`,
      severity: 'medium',
      detail: { versioning: 'Suspended', containers: ['a', 'b'] },
    })
    const [result] = report([bucket]).results
    expect(result!.resources).toEqual([{ kind: 'Bucket', namespace: NS, name: `${NS}-data` }])
    expect(result!.properties).toMatchObject({ 'detail.versioning': 'Suspended', 'detail.containers': 'a, b' })
  })

  it('shows a waived finding as skipped, saying until when, and counts it apart', () => {
    const r = report(
      [finding(), finding({ checkId: 'GC-WL-01', subjectName: 'api' })],
      [waiver({ expiresAt: day(40) }), waiver({ expiresAt: day(50) })],
    )
    expect(r.summary).toEqual({ pass: 0, fail: 1, warn: 0, error: 0, skip: 1 })
    const waived = r.results.find((x) => x.policy === 'GC-WL-02')!
    expect(waived.result).toBe('skip')
    expect(waived.properties).toMatchObject({ status: 'waived', waivedUntil: day(50).toISOString() })
    expect(waived.properties).not.toHaveProperty('dueAt')
    // A waiver past its expiry, of another check or not approved waives nothing.
    for (const w of [waiver({ expiresAt: day(5) }), waiver({ checkId: 'GC-WL-03' }), waiver({ state: 'requested' })])
      expect(report([finding()], [w]).results[0]!.result).toBe('fail')
  })

  it('leaves resolved findings out', () => {
    const r = report([finding(), finding({ subjectName: 'old', resolvedAt: day(3) })])
    expect(r.results.map((x) => x.resources[0]!.name)).toEqual(['web'])
    expect(r.summary.fail).toBe(1)
  })

  it('lists what to fix first first: overdue, then most severe, then longest open; waived last', () => {
    const r = report(
      [
        finding({ subjectName: 'waived', severity: 'critical' }),
        finding({ checkId: 'GC-WL-05', subjectName: 'low', severity: 'low', firstSeenAt: day(1) }),
        finding({ checkId: 'GC-WL-01', subjectName: 'critical-new', severity: 'critical', firstSeenAt: day(4) }),
        finding({ checkId: 'GC-WL-01', subjectName: 'medium-overdue', severity: 'medium', firstSeenAt: day(-100) }),
        finding({ checkId: 'GC-WL-01', subjectName: 'critical-old', severity: 'critical', firstSeenAt: day(2) }),
      ],
      [waiver({ subjectKind: 'Deployment', subjectNamespace: NS, subjectName: 'waived' })],
    )
    expect(r.results.map((x) => x.resources[0]!.name)).toEqual([
      'medium-overdue',
      'critical-old',
      'critical-new',
      'low',
      'waived',
    ])
  })

  it('keeps a big namespace within the bounds, counting every finding and saying how many are left out', () => {
    const many = Array.from({ length: MAX_RESULTS + 250 }, (_, i) => finding({ subjectName: `web-${i}` }))
    const r = report(many)
    expect(r.results).toHaveLength(MAX_RESULTS)
    expect(r.summary.fail).toBe(MAX_RESULTS + 250)
    expect(r.metadata.annotations['govcloud.langson.gov.vn/results-omitted']).toBe('250')

    // Long details are cut, and the bytes bound holds before the count does.
    const long = Array.from({ length: 900 }, (_, i) =>
      finding({ subjectName: `job-${i}`, detail: { message: 'x'.repeat(5000) } }),
    )
    const big = report(long)
    expect(big.results.length).toBeLessThan(900)
    expect(Buffer.byteLength(JSON.stringify(big.results))).toBeLessThanOrEqual(MAX_RESULTS_BYTES)
    expect(big.results[0]!.properties['detail.message']!.length).toBe(1000)
    expect(big.metadata.annotations['govcloud.langson.gov.vn/results-omitted']).toBe(String(900 - big.results.length))
  })
})
