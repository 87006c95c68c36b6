import { describe, expect, it } from 'vitest'
import { backupBucketName, bucketName, projectBucketPurpose, restoredBucketName } from './bucket-names'
import { checkBucketRestore, checkRestore } from './restore-rules'

const project = { namespace: 'so-khcn-de-tai', labels: { 'app.kubernetes.io/managed-by': 'govcloud-console' } }
const own = {
  spec: { storageLocation: 'so-khcn-de-tai', includedNamespaces: ['so-khcn-de-tai'] },
  status: { phase: 'Completed' },
}

describe('checkRestore (decision 0053)', () => {
  it("restores the project's own completed backup into its namespace, never overwriting", () => {
    const checked = checkRestore(project, { backupName: 'b1' }, own, 'b1-r1')
    expect(checked).toMatchObject({
      ok: true,
      value: {
        metadata: { labels: project.labels },
        spec: { backupName: 'b1', includedNamespaces: ['so-khcn-de-tai'], existingResourcePolicy: 'none' },
      },
    })
  })

  it('refuses another namespace, whatever the backup', () => {
    expect(checkRestore(project, { backupName: 'b1', namespace: 'so-tc-ke-toan' }, own, 'r')).toMatchObject({
      ok: false,
      error: { code: 'restore.other_namespace' },
    })
  })

  it("answers another project's backup, or one of more namespaces, as one that does not exist", () => {
    const cases = [
      null,
      { ...own, spec: { ...own.spec, storageLocation: 'so-tc-ke-toan' } },
      { ...own, spec: { ...own.spec, includedNamespaces: ['so-khcn-de-tai', 'kube-system'] } },
      { ...own, spec: { ...own.spec, includedNamespaces: '*' } },
    ]
    for (const backup of cases)
      expect(checkRestore(project, { backupName: 'b1' }, backup, 'r')).toMatchObject({
        ok: false,
        error: { code: 'restore.backup_not_found' },
      })
  })

  it('waits for a backup to complete', () => {
    expect(checkRestore(project, { backupName: 'b1' }, { ...own, status: { phase: 'InProgress' } }, 'r')).toMatchObject(
      { ok: false, error: { code: 'restore.backup_not_completed', params: { phase: 'InProgress' } } },
    )
  })
})

describe('checkBucketRestore (decision 0056)', () => {
  const ns = 'so-khcn-de-tai'
  const facts = {
    namespace: ns,
    sourceBucket: bucketName(ns, 'data'),
    label: 'thang-11',
    bucket: restoredBucketName(ns, 'thang-11'),
    bucketExists: false,
    copy: { objects: 3, bytes: 3_000 },
    grantedBytes: 20_000,
    usedBytes: 6_000,
  }

  it("restores a data bucket's copy into the new bucket, its quota the copy's bytes and the storage's count beside them", () => {
    // 3,000 bytes, 1 KiB for each of the 3 objects, 3 for their chunks.
    expect(checkBucketRestore(facts)).toEqual({
      ok: true,
      value: { bucket: 'so-khcn-de-tai-restore-thang-11', quotaBytes: 6_075 },
    })
    expect(checkBucketRestore({ ...facts, sourceBucket: bucketName(ns, 'data-2') }).ok).toBe(true)
  })

  it("answers another project's bucket, its backup bucket, a restored one or one never copied as having no copy", () => {
    for (const sourceBucket of [
      bucketName('so-tc-ke-toan', 'data'),
      backupBucketName(ns),
      restoredBucketName(ns, 'cu'),
      'so-khcn-de-tai-data-x',
    ])
      expect(checkBucketRestore({ ...facts, sourceBucket })).toMatchObject({
        ok: false,
        error: { code: 'restore.bucket_not_found', params: { bucket: sourceBucket } },
      })
    expect(checkBucketRestore({ ...facts, copy: { objects: 0, bytes: 0 } })).toMatchObject({
      error: { code: 'restore.bucket_not_found' },
    })
  })

  it('refuses a label that would not make a plain bucket name, first', () => {
    for (const label of ['', 'Tháng-11', 'thang_11', '-a', 'a-', 'x'.repeat(21), '../data'])
      expect(checkBucketRestore({ ...facts, label, bucketExists: true })).toMatchObject({
        ok: false,
        error: { code: 'restore.label_invalid' },
      })
  })

  it('never writes into a bucket that exists, nor past the free object storage', () => {
    expect(checkBucketRestore({ ...facts, bucketExists: true })).toMatchObject({
      error: { code: 'restore.bucket_exists', params: { bucket: 'so-khcn-de-tai-restore-thang-11' } },
    })
    expect(checkBucketRestore({ ...facts, usedBytes: 13_926 })).toMatchObject({
      error: { code: 'restore.no_bucket_room', params: { needed: 6_075, room: 6_074 } },
    })
    expect(checkBucketRestore({ ...facts, usedBytes: 13_925 }).ok).toBe(true)
    expect(checkBucketRestore({ ...facts, usedBytes: 22_000 })).toMatchObject({
      error: { params: { room: 0 } },
    })
  })
})

describe('restored bucket names', () => {
  it("are the project's own, and only the name made from a valid label is", () => {
    const ns = 'so-khcn-de-tai'
    expect(projectBucketPurpose(ns, restoredBucketName(ns, 'thang-11'))).toBe('restore')
    expect(projectBucketPurpose(ns, `${ns}-restore-`)).toBeNull()
    expect(projectBucketPurpose(ns, `${ns}-restore-Thang`)).toBeNull()
    expect(projectBucketPurpose('so-tc-ke-toan', restoredBucketName(ns, 'thang-11'))).toBeNull()
    // A namespace with "-restore-" in it, and one long enough to be hashed.
    const odd = 'so-restore-x'
    expect(projectBucketPurpose(odd, restoredBucketName(odd, 'a-restore-b'))).toBe('restore')
    const long = `ubnd-xa-${'dong-dang-'.repeat(5)}he-thong`
    expect(restoredBucketName(long, 'thang-11').length).toBeLessThanOrEqual(63)
    expect(projectBucketPurpose(long, restoredBucketName(long, 'thang-11'))).toBe('restore')
  })
})
