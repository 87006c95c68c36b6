import { describe, expect, it } from 'vitest'
import type * as k8s from '@kubernetes/client-node'
import {
  DEFAULT_SETTINGS,
  OBJECT_NAMES,
  bucketName,
  canonicalJson,
  dataBucketNames,
  desiredState,
  isProjectBucket,
  stableHash,
  type ProjectIntent,
} from './desired'

const GiB = 1024n ** 3n
const intent = (lines: Record<string, bigint>, extra: Partial<ProjectIntent> = {}): ProjectIntent => ({
  projectId: '0190f3c2-7a6b-7000-8000-000000000001',
  namespace: 'ubnd-xa-dong-dang-mot-cua',
  slug: 'mot-cua',
  name: 'Hệ thống một cửa điện tử xã Đồng Đăng',
  securityLevel: 3,
  agency: { code: 'ubnd-xa-dong-dang', nameVi: 'UBND xã Đồng Đăng', nameEn: "Dong Dang Commune People's Committee" },
  allocation: { state: 'active', backupRetentionDays: 14, lines },
  ...extra,
})
const full = {
  cpu: 4_000n,
  memory: 8n * GiB,
  pods: 30n,
  'volume:standard': 50n * GiB,
  objectStorage: 100n * GiB,
  buckets: 2n,
  backupStorage: 20n * GiB,
}
const find = <K extends string>(
  objects: readonly { kind: string; metadata: { name: string } }[],
  kind: K,
  name: string,
) => objects.find((o) => o.kind === kind && o.metadata.name === name)

describe('desiredState', () => {
  it('labels the namespace with agency, project and security level, enforces restricted Pod Security, keeps Vietnamese names in annotations', () => {
    const ns = desiredState(intent(full)).objects[0]!
    expect(ns.kind).toBe('Namespace')
    expect(ns.metadata.name).toBe('ubnd-xa-dong-dang-mot-cua')
    expect(ns.metadata.labels).toMatchObject({
      'govcloud.langson.gov.vn/agency': 'ubnd-xa-dong-dang',
      'govcloud.langson.gov.vn/project': 'mot-cua',
      'govcloud.langson.gov.vn/security-level': '3',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'app.kubernetes.io/managed-by': 'govcloud-console',
    })
    expect(ns.metadata.annotations).toMatchObject({
      'govcloud.langson.gov.vn/project-name': 'Hệ thống một cửa điện tử xã Đồng Đăng',
      'govcloud.langson.gov.vn/agency-name': 'UBND xã Đồng Đăng',
    })
    for (const value of Object.values(ns.metadata.labels ?? {}))
      expect(value).toMatch(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/)
  })

  it('allows baseline Pod Security only with a recorded exception, whose reason is kept', () => {
    const ns = desiredState(
      intent(full, {
        podSecurity: { level: 'baseline', reason: 'Phần mềm cũ cần chạy với quyền root (ngoại lệ số 12/2026)' },
      }),
    ).objects[0]!
    expect(ns.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('baseline')
    expect(ns.metadata.annotations?.['govcloud.langson.gov.vn/pod-security-exception']).toContain('ngoại lệ số 12/2026')
  })

  it('sets the ResourceQuota to the allocation, zero for what was not granted, no LoadBalancers or NodePorts', () => {
    const quota = find(desiredState(intent(full)).objects, 'ResourceQuota', OBJECT_NAMES.quota) as k8s.V1ResourceQuota
    expect(quota.spec?.hard).toEqual({
      'requests.cpu': '4',
      'limits.cpu': '4',
      'requests.memory': '8Gi',
      'limits.memory': '8Gi',
      pods: '30',
      'requests.nvidia.com/gpu': '0',
      persistentvolumeclaims: '20',
      'requests.storage': '50Gi',
      'standard.storageclass.storage.k8s.io/requests.storage': '50Gi',
      'fast.storageclass.storage.k8s.io/requests.storage': '0',
      'services.loadbalancers': '0',
      'services.nodeports': '0',
    })
    const gpu = find(
      desiredState(intent({ ...full, gpu: 2n, cpu: 1_500n })).objects,
      'ResourceQuota',
      OBJECT_NAMES.quota,
    ) as k8s.V1ResourceQuota
    expect(gpu.spec?.hard).toMatchObject({ 'requests.nvidia.com/gpu': '2', 'requests.cpu': '1500m' })
  })

  it('keeps LimitRange defaults within what the project holds', () => {
    const small = find(
      desiredState(intent({ cpu: 50n, memory: 64n * 1024n * 1024n, pods: 1n })).objects,
      'LimitRange',
      OBJECT_NAMES.limits,
    ) as k8s.V1LimitRange
    expect(small.spec?.limits[0]).toEqual({
      type: 'Container',
      defaultRequest: { cpu: '50m', memory: '64Mi' },
      _default: { cpu: '50m', memory: '64Mi' },
      max: { cpu: '50m', memory: '64Mi' },
    })
    const big = find(desiredState(intent(full)).objects, 'LimitRange', OBJECT_NAMES.limits) as k8s.V1LimitRange
    expect(big.spec?.limits[0]).toMatchObject({
      defaultRequest: { cpu: '100m', memory: '128Mi' },
      _default: { cpu: '500m', memory: '512Mi' },
    })
    expect(big.spec?.limits[1]).toEqual({ type: 'PersistentVolumeClaim', max: { storage: '50Gi' } })
  })

  it('denies all traffic by default and allows the same namespace, DNS and the ingress controller', () => {
    const objects = desiredState(intent(full), { ...DEFAULT_SETTINGS, ingressNamespace: 'ingress' }).objects
    const deny = find(objects, 'NetworkPolicy', OBJECT_NAMES.denyAll) as k8s.V1NetworkPolicy
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] })
    const dns = find(objects, 'NetworkPolicy', OBJECT_NAMES.dns) as k8s.V1NetworkPolicy
    expect(dns.spec?.egress?.[0]?.ports).toEqual([
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ])
    const ingress = find(objects, 'NetworkPolicy', OBJECT_NAMES.ingress) as k8s.V1NetworkPolicy
    expect(ingress.spec?.ingress?.[0]?._from?.[0]?.namespaceSelector?.matchLabels).toEqual({
      'kubernetes.io/metadata.name': 'ingress',
    })
  })

  it("binds the agency's Keycloak group to the tenant role in its namespace only", () => {
    const binding = find(
      desiredState(intent(full), { ...DEFAULT_SETTINGS, groupPrefix: 'oidc:' }).objects,
      'RoleBinding',
      OBJECT_NAMES.agencyEdit,
    ) as k8s.V1RoleBinding
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'govcloud-tenant',
    })
    expect(binding.subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'oidc:/agencies/ubnd-xa-dong-dang' },
    ])
    expect(binding.metadata?.namespace).toBe('ubnd-xa-dong-dang-mot-cua')
  })

  it('gives the groups of the agencies above it the same role, nearest first, and changes nothing for an agency without parents', () => {
    const withParents = intent(full, {
      agency: {
        code: 'ubnd-xa-dong-dang',
        nameVi: 'UBND xã Đồng Đăng',
        nameEn: '',
        parentCodes: ['ubnd-tinh-lang-son'],
      },
    })
    const binding = find(
      desiredState(withParents, DEFAULT_SETTINGS).objects,
      'RoleBinding',
      OBJECT_NAMES.agencyEdit,
    ) as k8s.V1RoleBinding
    expect(binding.subjects?.map((s) => s.name)).toEqual([
      '/agencies/ubnd-xa-dong-dang',
      '/agencies/ubnd-tinh-lang-son',
    ])
    // Existing tenants keep their desired hash: no pass rewrites them for this change.
    const plain = intent(full)
    expect(desiredState({ ...plain, agency: { ...plain.agency, parentCodes: [] } }, DEFAULT_SETTINGS).hash).toBe(
      desiredState(plain, DEFAULT_SETTINGS).hash,
    )
  })

  it('splits object storage over the granted buckets and makes a compliance-locked backup bucket', () => {
    const state = desiredState(intent({ ...full, objectStorage: 100n * GiB + 1n }))
    expect(state.buckets.map((b) => [b.name, b.purpose, b.quotaBytes])).toEqual([
      ['ubnd-xa-dong-dang-mot-cua-data', 'data', 50n * GiB + 1n],
      ['ubnd-xa-dong-dang-mot-cua-data-2', 'data', 50n * GiB],
      ['ubnd-xa-dong-dang-mot-cua-backup', 'backup', 20n * GiB],
    ])
    expect(state.buckets[2]).toMatchObject({
      objectLock: { mode: 'COMPLIANCE', days: 14 },
      versioning: 'Enabled',
      encryption: 'AES256',
    })
    expect(state.buckets[0]?.lifecycle).toEqual([
      { id: 'govcloud-noncurrent-versions', noncurrentDays: 30 },
      { id: 'govcloud-abort-multipart', abortMultipartDays: 7 },
    ])
    expect(state.identity?.user).toBe('ubnd-xa-dong-dang-mot-cua')
    expect(state.identity?.policy.Statement[0]?.Resource).toContain('arn:aws:s3:::ubnd-xa-dong-dang-mot-cua-backup/*')
    expect(state.identity?.policy.Statement[0]?.Action).not.toContain('s3:PutBucketPolicy')
    expect(state.identity?.policy.Statement[0]?.Action.some((a) => a === 's3:*')).toBe(false)
  })

  it('records a posture note instead of object lock when the storage has none', () => {
    const state = desiredState(intent(full), { ...DEFAULT_SETTINGS, objectLockSupported: false })
    expect(state.buckets.find((b) => b.purpose === 'backup')?.objectLock).toBeNull()
    expect(state.notes).toEqual([expect.objectContaining({ code: 'backup.object_lock_unsupported', severity: 'high' })])
  })

  it('makes no bucket and no identity without object or backup storage', () => {
    const state = desiredState(intent({ cpu: 1_000n }))
    expect(state.buckets).toEqual([])
    expect(state.identity).toBeNull()
  })

  it('changes the hash exactly when the desired state changes', () => {
    expect(desiredState(intent(full)).hash).toBe(desiredState(intent({ ...full })).hash)
    expect(desiredState(intent(full)).hash).not.toBe(desiredState(intent({ ...full, cpu: 4_001n })).hash)
    expect(desiredState(intent(full)).hash).not.toBe(
      desiredState(intent(full, { agency: { code: 'so-khcn', nameVi: 'Sở Khoa học và Công nghệ', nameEn: 'DoST' } }))
        .hash,
    )
    expect(stableHash({ b: 1n, a: [1, { d: 2, c: undefined }] })).toBe(stableHash({ a: [1, { d: 2 }], b: 1n }))
    expect(canonicalJson({ b: 2, a: 1 })).toBe('{"a":1,"b":2}')
  })
})

describe('bucket names', () => {
  it('stay within 63 characters, distinct and recognisable per namespace', () => {
    const long = `${'a'.repeat(40)}-${'b'.repeat(22)}`
    expect(long.length).toBe(63)
    const names = [...dataBucketNames(long, 3), bucketName(long, 'backup')]
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(63)
      expect(name).toMatch(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/)
      expect(isProjectBucket(long, name)).toBe(true)
    }
    expect(new Set(names).size).toBe(4)
    expect(isProjectBucket('so-tc-ngan-sach', 'so-tc-ngan-sach-data-2')).toBe(true)
    expect(isProjectBucket('so-tc-ngan-sach', 'so-tc-ngan-sach-data-data')).toBe(false)
    expect(isProjectBucket('so-tc', 'so-tc-ngan-sach-data')).toBe(false)
  })

  it('avoid prefixes S3 reserves', () => {
    expect(bucketName('xn--abc', 'data')).toBe('gc-xn--abc-data')
    expect(bucketName('sthree-x', 'backup')).toBe('gc-sthree-x-backup')
  })
})
