import { describe, expect, it } from 'vitest'
import type * as k8s from '@kubernetes/client-node'
import { BLOCK_ALL_PUBLIC_ACCESS, type BucketState } from '../platform/storage/object-storage'
import {
  diffBucket,
  diffObject,
  foreignQuotaKeys,
  needsReplacement,
  quotaBelowUsage,
  sameQuantity,
  samePolicy,
  subsetDiff,
} from './compare'
import { desiredState, tenantPolicy, type DesiredBucket } from './desired'

const GiB = 1024n ** 3n
const state = desiredState({
  projectId: 'p1',
  namespace: 'so-tc-ngan-sach',
  slug: 'ngan-sach',
  name: 'Hệ thống quản lý ngân sách tỉnh',
  securityLevel: 3,
  agency: { code: 'so-tc', nameVi: 'Sở Tài chính', nameEn: 'Department of Finance' },
  allocation: {
    state: 'active',
    backupRetentionDays: 30,
    lines: { cpu: 2_000n, memory: 4n * GiB, objectStorage: GiB, backupStorage: GiB },
  },
})
const quota = state.objects.find((o) => o.kind === 'ResourceQuota')!
const asServer = <T>(o: T): T => JSON.parse(JSON.stringify(o)) as T

describe('comparing objects', () => {
  it('finds nothing to do when the server holds what we applied plus its own fields', () => {
    const have = asServer(quota) as k8s.V1ResourceQuota
    have.metadata!.labels!['kubernetes.io/metadata.name'] = 'x'
    have.metadata!.resourceVersion = '42'
    have.status = { hard: have.spec?.hard, used: { 'requests.cpu': '0' } }
    expect(diffObject(quota, have)).toEqual([])
  })

  it('treats equal quantities written differently as equal', () => {
    expect(sameQuantity('1Gi', '1073741824')).toBe(true)
    expect(sameQuantity('1500m', '1.5')).toBe(true)
    expect(sameQuantity('2', '2000m')).toBe(true)
    expect(sameQuantity('2', '3')).toBe(false)
    expect(sameQuantity('restricted', 'baseline')).toBe(false)
  })

  it('names a changed value, a removed label and a key added by hand', () => {
    const have = asServer(quota) as k8s.V1ResourceQuota
    have.spec!.hard!['requests.cpu'] = '64'
    have.spec!.hard!['count/secrets'] = '10'
    delete have.metadata!.labels!['app.kubernetes.io/managed-by']
    expect(diffObject(quota, have).sort()).toEqual([
      'metadata.labels.app.kubernetes.io/managed-by',
      'spec.hard.count/secrets',
      'spec.hard.requests.cpu',
    ])
    expect(foreignQuotaKeys(quota, have)).toEqual(['count/secrets'])
    expect(diffObject(quota, null)).toEqual(['(absent)'])
  })

  it('compares arrays by length and position', () => {
    expect(subsetDiff([{ a: 1 }], [{ a: 1, b: 2 }])).toEqual([])
    expect(subsetDiff([{ a: 1 }], [{ a: 1 }, { a: 2 }])).toEqual(['.'])
    expect(subsetDiff({ ports: [{ port: 53 }] }, { ports: [{ port: '53' }] })).toEqual([])
  })

  it('says when a lowered quota is below what is used', () => {
    const have = asServer(quota) as k8s.V1ResourceQuota
    have.status = { used: { 'requests.cpu': '2500m', 'requests.memory': '1Gi' } }
    expect(quotaBelowUsage(quota, have)).toEqual([{ resource: 'requests.cpu', used: '2500m', hard: '2' }])
  })

  it('replaces a RoleBinding whose role changed (roleRef cannot change in place), and nothing else', () => {
    const binding = state.objects.find((o) => o.kind === 'RoleBinding')!
    const bound = (name: string) => {
      const have = asServer(binding) as k8s.V1RoleBinding
      have.roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }
      return have
    }
    expect(needsReplacement(binding, bound('edit'))).toBe(true)
    expect(needsReplacement(binding, bound('govcloud-tenant'))).toBe(false)
    expect(needsReplacement(binding, null)).toBe(false)
    const otherSubjects = bound('govcloud-tenant')
    otherSubjects.subjects = []
    expect(needsReplacement(binding, otherSubjects)).toBe(false)
    expect(needsReplacement(quota, asServer(quota))).toBe(false)
  })
})

describe('comparing buckets', () => {
  const data = state.buckets.find((b) => b.purpose === 'data')!
  const backup = state.buckets.find((b) => b.purpose === 'backup')!
  const asBuilt = (b: DesiredBucket): BucketState => ({
    name: b.name,
    versioning: 'Enabled',
    encryption: 'AES256',
    publicAccessBlock: { ...BLOCK_ALL_PUBLIC_ACCESS },
    policy: null,
    publicGrants: [],
    lifecycle: [...b.lifecycle].reverse(),
    quotaBytes: b.quotaBytes,
    objectLock: b.objectLock ? { enabled: true, ...b.objectLock } : { enabled: false, mode: null, days: null },
  })

  it('creates a missing bucket with every setting', () => {
    expect(diffBucket(backup, null)).toEqual([
      'create',
      'versioning',
      'encryption',
      'publicAccessBlock',
      'lifecycle',
      'quota',
      'objectLock',
    ])
  })

  it('finds nothing on a bucket as built, and each drift on one made public or unversioned', () => {
    expect(diffBucket(data, asBuilt(data))).toEqual([])
    expect(diffBucket(backup, asBuilt(backup))).toEqual([])
    const exposed = {
      ...asBuilt(data),
      versioning: 'Suspended' as const,
      publicAccessBlock: null,
      policy: '{"Statement":[]}',
      publicGrants: ['AllUsers:READ'],
      quotaBytes: null,
    }
    expect(diffBucket(data, exposed)).toEqual(['versioning', 'publicAccessBlock', 'policy', 'acl', 'quota'])
    expect(
      diffBucket(backup, { ...asBuilt(backup), objectLock: { enabled: true, mode: 'GOVERNANCE', days: 1 } }),
    ).toEqual(['objectLock'])
  })

  it('compares identity policies whatever the order of actions and resources', () => {
    const policy = tenantPolicy(['a', 'b'])
    const shuffled = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: [...policy.Statement[0]!.Action].reverse(),
          Resource: [...policy.Statement[0]!.Resource].reverse(),
        },
      ],
    }
    expect(samePolicy(policy, shuffled)).toBe(true)
    expect(samePolicy(policy, tenantPolicy(['a']))).toBe(false)
    expect(samePolicy(policy, null)).toBe(false)
  })
})
