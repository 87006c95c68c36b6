import { PutBucketPolicyCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backupBucketName, bucketName } from '#server/domain/bucket-names'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { scanProjectKeys, scanStorage } from '#server/security/storage-scan'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makeProject } from '../../helpers/fixtures'
import { adminS3Client, connectStackStorage } from '../../helpers/platform'

// The storage scan against the stack's SeaweedFS: buckets named for a project are read as the
// storage reports them, each check at the project's level; what is put right is resolved; keys
// are checked for age from the console's own record of when they were made.

let database: TestDatabase
let storage: ObjectStorage
let projectId: string
let namespace: string
const made: string[] = []

beforeAll(async () => {
  database = await createTestDatabase()
  storage = connectStackStorage()
  const agencyId = await makeAgency(database.db, 'Sở Tài nguyên và Môi trường')
  projectId = await makeProject(database.db, agencyId, { securityLevel: 3 })
  namespace = (await database.db.project.findUniqueOrThrow({ where: { id: projectId } })).namespace
})
afterAll(async () => {
  for (const name of made) {
    await storage.emptyBucket(name)
    await storage.deleteBucket(name)
  }
  storage.close()
  await database.drop()
})

const open = () =>
  database.db.securityFinding.findMany({
    where: { resolvedAt: null },
    orderBy: [{ checkId: 'asc' }, { subjectName: 'asc' }],
    select: {
      checkId: true,
      subjectKind: true,
      subjectNamespace: true,
      subjectName: true,
      severity: true,
      detail: true,
    },
  })
const scan = () => scanStorage({ db: database.db, storage })

describe('buckets', () => {
  it('finds a level 3 bucket without versioning or encryption, and resolves them once put right', async () => {
    const data = bucketName(namespace, 'data')
    await storage.createBucket(data, { objectLock: false })
    made.push(data)
    const first = await scan()
    expect(first.subjects).toBe(1)
    expect(await open()).toEqual([
      {
        checkId: 'GC-S3-01',
        subjectKind: 'Bucket',
        subjectNamespace: namespace,
        subjectName: data,
        severity: 'medium',
        detail: { versioning: 'Off' },
      },
      expect.objectContaining({ checkId: 'GC-S3-02', subjectName: data, severity: 'medium' }),
    ])

    await storage.setVersioning(data, 'Enabled')
    await storage.setDefaultEncryption(data, 'AES256')
    const second = await scan()
    expect(second.recorded).toEqual({ opened: 0, seen: 0, resolved: 2 })
    expect(await open()).toEqual([])
    const resolved = await database.db.securityFinding.count({ where: { resolvedAt: { not: null } } })
    expect(resolved).toBe(2)

    // Suspending versioning (all a bucket can do once it had it) is found again, as a new finding.
    await storage.setVersioning(data, 'Suspended')
    await scan()
    expect((await open()).map((f) => [f.checkId, f.detail])).toEqual([['GC-S3-01', { versioning: 'Suspended' }]])
    await storage.setVersioning(data, 'Enabled')
    await scan()
  })

  it('finds a public bucket policy, as the storage and the policy text say', async () => {
    const data = bucketName(namespace, 'data')
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AnyoneReads',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${data}/*`,
        },
      ],
    })
    const s3 = adminS3Client()
    await s3.send(new PutBucketPolicyCommand({ Bucket: data, Policy: policy }))
    s3.destroy()
    await scan()
    expect(await open()).toEqual([
      expect.objectContaining({
        checkId: 'GC-S3-04',
        subjectName: data,
        severity: 'critical',
        detail: { policyStatus: 'public', statements: ['AnyoneReads'], grants: [] },
      }),
    ])
    await storage.deleteBucketPolicy(data)
    expect((await scan()).recorded.resolved).toBe(1)
  })

  it('asks object lock of the backup bucket at level 4, not at level 3', async () => {
    const backup = backupBucketName(namespace)
    await storage.createBucket(backup, { objectLock: false })
    made.push(backup)
    await storage.setVersioning(backup, 'Enabled')
    await storage.setDefaultEncryption(backup, 'AES256')
    await scan()
    expect(await open()).toEqual([])
    await database.db.project.update({ where: { id: projectId }, data: { securityLevel: 4 } })
    await scan()
    expect((await open()).map((f) => [f.checkId, f.subjectName, f.severity])).toEqual([['GC-S3-03', backup, 'medium']])
    await database.db.project.update({ where: { id: projectId }, data: { securityLevel: 3 } })
    await scan()
    expect(await open()).toEqual([])
  })
})

describe('access keys', () => {
  it('finds a key older than the level allows and resolves it when revoked', async () => {
    const key = await database.db.s3Credential.create({
      data: { projectId, iamUser: namespace, accessKeyId: `GCTEST${Date.now()}`, label: 'Sao lưu hằng đêm' },
    })
    await scanProjectKeys({ db: database.db, storage }, projectId)
    expect(await open()).toEqual([])

    // Made 200 days ago: level 3 allows 180.
    await database.db.s3Credential.update({
      where: { id: key.id },
      data: { createdAt: new Date(Date.now() - 200 * 86_400_000) },
    })
    const run = await scanProjectKeys({ db: database.db, storage }, projectId)
    expect(run.recorded.opened).toBe(1)
    expect(await open()).toEqual([
      expect.objectContaining({
        checkId: 'GC-KEY-01',
        subjectKind: 'AccessKey',
        subjectName: key.accessKeyId,
        severity: 'medium',
        detail: { label: 'Sao lưu hằng đêm', createdAt: expect.any(String) as unknown, ageDays: 200, maxAgeDays: 180 },
      }),
    ])
    // The full scan sees it too, and leaves it open.
    expect((await scan()).recorded).toMatchObject({ opened: 0, seen: 1, resolved: 0 })

    await database.db.s3Credential.update({ where: { id: key.id }, data: { revokedAt: new Date() } })
    expect((await scanProjectKeys({ db: database.db, storage }, projectId)).recorded.resolved).toBe(1)
    expect(await open()).toEqual([])
  })

  it('keeps a SecurityScan row of each run', async () => {
    const runs = await database.db.securityScan.findMany({ orderBy: { id: 'asc' } })
    expect(runs.length).toBeGreaterThan(5)
    expect(runs.every((r) => r.finishedAt !== null && r.error === null)).toBe(true)
    expect(new Set(runs.map((r) => r.source))).toEqual(new Set(['storage', 'keys']))
  })
})
