import { describe, expect, it } from 'vitest'
import type { SecurityLevel } from '../domain/project'
import { BLOCK_ALL_PUBLIC_ACCESS, type BucketState } from '../platform/storage/object-storage'
import { bucketObservations, keyObservations, type ProjectRef } from './storage-checks'

const project = (securityLevel: SecurityLevel): ProjectRef => ({
  projectId: '0190a000-0000-7000-8000-000000000001',
  agencyId: '0190a000-0000-7000-8000-000000000002',
  namespace: 'ns-mot-cua',
  securityLevel,
})
const good: BucketState = {
  name: 'ns-mot-cua-data',
  versioning: 'Enabled',
  encryption: 'AES256',
  publicAccessBlock: BLOCK_ALL_PUBLIC_ACCESS,
  policy: null,
  publicGrants: [],
  lifecycle: [],
  quotaBytes: null,
  objectLock: { enabled: false, mode: null, days: null },
}
const bare: BucketState = { ...good, versioning: 'Off', encryption: null }
const found = (level: SecurityLevel, state: BucketState, purpose: 'data' | 'backup' = 'data', policyPublic = null) =>
  bucketObservations(project(level), { purpose, state, policyPublic }).map((o) => [o.checkId, o.severity])

describe('bucketObservations', () => {
  it('finds nothing in a bucket made as the console makes it', () => {
    for (const level of [1, 2, 3, 4, 5] as const) expect(found(level, good)).toEqual([])
  })

  it('applies each check at the project’s level, with that level’s severity', () => {
    expect(found(1, bare)).toEqual([])
    expect(found(2, bare)).toEqual([['GC-S3-02', 'low']])
    expect(found(3, bare)).toEqual([
      ['GC-S3-01', 'medium'],
      ['GC-S3-02', 'medium'],
    ])
    expect(found(5, bare)).toEqual([
      ['GC-S3-01', 'high'],
      ['GC-S3-02', 'critical'],
    ])
    // Suspended versioning keeps no new versions: as bad as none.
    expect(found(4, { ...good, versioning: 'Suspended' })).toEqual([['GC-S3-01', 'high']])
  })

  it('asks object lock of the backup bucket at levels 4 and 5 only', () => {
    expect(found(3, good, 'backup')).toEqual([])
    expect(found(4, good, 'backup')).toEqual([['GC-S3-03', 'medium']])
    expect(found(5, good, 'data')).toEqual([])
    const locked = { ...good, objectLock: { enabled: true, mode: 'COMPLIANCE' as const, days: 30 } }
    expect(found(5, locked, 'backup')).toEqual([])
  })

  it('finds a public bucket at every level, with what makes it public', () => {
    const open = { ...good, policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*' }] }) }
    expect(found(1, open)).toEqual([['GC-S3-04', 'high']])
    const [observation] = bucketObservations(project(3), { purpose: 'data', state: open, policyPublic: true })
    expect(observation).toMatchObject({
      checkId: 'GC-S3-04',
      severity: 'critical',
      subject: { kind: 'Bucket', namespace: 'ns-mot-cua', name: 'ns-mot-cua-data' },
      securityLevel: 3,
      detail: { policyStatus: 'public', statements: ['#1'], grants: [] },
    })
  })
})

describe('keyObservations', () => {
  const now = new Date('2026-12-06T08:00:00Z')
  const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000)
  const key = (createdDaysAgo: number, usedDaysAgo: number | null) => ({
    accessKeyId: 'AKIDMOTCUA',
    label: 'Sao lưu hằng đêm',
    createdAt: daysAgo(createdDaysAgo),
    lastUsedAt: usedDaysAgo === null ? null : daysAgo(usedDaysAgo),
  })
  /** The access log began long before these keys were made, unless said. */
  const longAgo = daysAgo(1000)
  const ids = (level: SecurityLevel, k: ReturnType<typeof key>, logSince: Date | null = longAgo) =>
    keyObservations(project(level), k, now, { logSince }).map((o) => [o.checkId, o.severity])

  it('finds a key older than the level allows (180 days at level 3, 90 at level 4)', () => {
    expect(ids(3, key(180, 1))).toEqual([])
    expect(ids(3, key(181, 1))).toEqual([['GC-KEY-01', 'medium']])
    expect(ids(4, key(91, 1))).toEqual([['GC-KEY-01', 'medium']])
    expect(ids(1, key(200, 1))).toEqual([])
  })

  it('finds an idle key only where the level has the check and use is known', () => {
    expect(ids(3, key(100, 91))).toEqual([['GC-KEY-02', 'low']])
    expect(ids(2, key(100, 99))).toEqual([])
    // Never used: idle since it was made.
    expect(ids(5, key(31, null))).toEqual([['GC-KEY-02', 'medium']])
    expect(ids(5, key(31, null), null)).toEqual([])
  })

  it('counts a key the log never saw as unused since the log began, when it began after the key was made', () => {
    // Made 200 days ago, the log began 20 days ago: nothing says it was not used 21 days ago.
    expect(ids(5, key(200, null), daysAgo(20))).toEqual([['GC-KEY-01', 'high']])
    expect(ids(5, key(200, null), daysAgo(31))).toEqual([
      ['GC-KEY-01', 'high'],
      ['GC-KEY-02', 'medium'],
    ])
    // A use the log saw counts from the use, whenever the log began.
    expect(ids(3, key(100, 91), daysAgo(95))).toEqual([['GC-KEY-02', 'low']])
    expect(ids(3, key(100, 90), daysAgo(95))).toEqual([])
  })

  it('names the key by its id, with its label and ages in the detail', () => {
    const [aged, idle] = keyObservations(project(5), key(100, 40), now, { logSince: longAgo })
    expect(aged).toMatchObject({
      subject: { kind: 'AccessKey', namespace: 'ns-mot-cua', name: 'AKIDMOTCUA' },
      detail: { label: 'Sao lưu hằng đêm', ageDays: 100, maxAgeDays: 90 },
    })
    expect(idle).toMatchObject({
      checkId: 'GC-KEY-02',
      detail: { lastUsedAt: daysAgo(40).toISOString(), logSince: longAgo.toISOString(), idleDays: 40, maxIdleDays: 30 },
    })
  })
})
