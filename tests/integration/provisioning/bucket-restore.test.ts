// A data bucket's copy restored into a new bucket of the project (issue 15, decision 0056), asked
// through the job queue as the web console asks it, answered by the worker's loop running in this
// process with the stack's admin keys. What came back is compared with what was there: the same
// keys (Vietnamese ones included), sizes, ETags and bytes. The new bucket is the project's: its
// keys' policy reaches it and the next reconcile keeps it. Agency A asking to restore agency B's
// bucket gets "no copy of that bucket" and nothing is made; a name that exists and a copy larger
// than the free object storage are refused with nothing written.
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { restoredBucketName } from '#server/domain/bucket-names'
import { askBucketRestore, bucketRestoresOf } from '#server/provisioning/backup-requests'
import { copyProjectBuckets } from '#server/provisioning/bucket-copies'
import { dataBucketNames, S3_POLICY_NAME } from '#server/provisioning/desired'
import { loadProjects } from '#server/provisioning/intent'
import { reconcileProject } from '#server/provisioning/reconcile'
import { GiB, makeAgency, makeUser } from '../../helpers/fixtures'
import { adminS3Client } from '../../helpers/platform'
import { approvedProject, leavePlatform, startKeyWorker, type OpenPlatform } from '../../helpers/provisioning'
import { openUnlockedBackupPlatform } from '../../helpers/project-backups'

const actor = { id: null, label: 'Nguyễn Văn An' }
const OBJECTS: Record<string, number> = {
  'ho-so/2026/quyet-dinh-128.pdf': 10_000,
  'ảnh/Đồng Đăng.jpg': 8_000,
  'doc-truoc.txt': 2_000,
}
let open: OpenPlatform
let worker: { stop(): Promise<void> }
const s3 = adminS3Client()
const projects: { projectId: string; namespace: string }[] = []

/** A project of a new agency: 48 KiB of object storage, a backup bucket, its data copied into it. */
async function projectWithCopy(agency: string): Promise<{ projectId: string; namespace: string; data: string }> {
  const db = open.t.db
  const project = await approvedProject(db, {
    agencyId: await makeAgency(db, agency),
    requesterId: await makeUser(db, 'Nguyễn Văn An'),
    operatorId: await makeUser(db, 'Đặng Minh Đức'),
    lines: { objectStorage: 49_152n, buckets: 1n, backupStorage: GiB },
  })
  projects.push(project)
  await db.allocation.update({ where: { projectId: project.projectId }, data: { backupSchedule: '0 2 * * *' } })
  expect((await reconcileProject(open.d, project.projectId))?.phase).toBe('ready')
  const [data] = dataBucketNames(project.namespace, 1) as [string]
  for (const [key, size] of Object.entries(OBJECTS))
    await s3.send(new PutObjectCommand({ Bucket: data, Key: key, Body: Buffer.alloc(size, key.length) }))
  const [loaded] = await loadProjects(db, [project.projectId])
  expect(await copyProjectBuckets(open.d, loaded!.intent, new Date(), { force: true })).toMatchObject({ copied: 3 })
  return { ...project, data }
}

/** Keys with their sizes and ETags, as the storage lists them. */
async function contents(bucket: string): Promise<Record<string, [number, string]>> {
  const listed = await open.storage.listObjects(bucket, '')
  return Object.fromEntries(listed.map((o) => [o.key, [o.size, o.etag]]))
}

beforeAll(async () => {
  open = await openUnlockedBackupPlatform('bucket-restore')
  worker = await startKeyWorker(open.t, open.storage)
}, 120_000)

afterAll(async () => {
  await worker?.stop()
  s3.destroy()
  await leavePlatform(
    open,
    projects.map((p) => p.namespace),
  )
})

describe("a data bucket's copy restored into a new bucket", () => {
  it('brings back the same keys, sizes, ETags and bytes into a bucket that stays the project’s', async () => {
    const a = await projectWithCopy('Sở Khoa học và Công nghệ')
    const restored = await askBucketRestore(open.t.db, {
      projectId: a.projectId,
      sourceBucket: a.data,
      label: 'thang-11',
      actor,
    })
    const bucket = restoredBucketName(a.namespace, 'thang-11')
    expect(restored).toMatchObject({ ok: true, value: { bucket, state: 'done', objects: 3, bytes: 20_000 } })
    expect(await contents(bucket)).toEqual(await contents(a.data))
    const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'ảnh/Đồng Đăng.jpg' }))
    expect(Buffer.from(await body.Body!.transformToByteArray())).toEqual(
      Buffer.alloc(8_000, 'ảnh/Đồng Đăng.jpg'.length),
    )

    const [row] = await bucketRestoresOf(open.t.db, a.projectId)
    expect(row).toMatchObject({ bucket, sourceBucket: a.data, objects: 3, bytes: 20_000 })
    expect(row!.copiedAt).not.toBeNull()
    const actions = await open.t.db.auditEntry.findMany({ where: { entityId: a.projectId }, select: { action: true } })
    expect(actions.map((e) => e.action)).toEqual(
      expect.arrayContaining(['backup.bucket_restore_requested', 'backup.bucket_restored']),
    )

    // The next pass keeps it, versioned and private, and the project's keys reach it.
    expect((await reconcileProject(open.d, a.projectId))?.phase).toBe('ready')
    expect(await open.storage.readBucket(bucket)).toMatchObject({ versioning: 'Enabled' })
    expect(JSON.stringify(await open.storage.getUserPolicy(a.namespace, S3_POLICY_NAME))).toContain(
      `arn:aws:s3:::${bucket}/*`,
    )
  }, 120_000)

  it('refuses a name that exists and a copy larger than the free object storage, writing nothing', async () => {
    const [a] = projects as [{ projectId: string; namespace: string }]
    const [data] = dataBucketNames(a.namespace, 1) as [string]
    const again = await askBucketRestore(open.t.db, {
      projectId: a.projectId,
      sourceBucket: data,
      label: 'thang-11',
      actor,
    })
    expect(again).toMatchObject({ ok: false, error: { code: 'restore.bucket_exists' } })
    // 20,000 bytes in the data bucket and 23,092 reserved by the first restore (its quota: the
    // copy's 20,000 bytes, 1 KiB for each of its 3 objects, 20 for their chunks), of 49,152.
    const full = await askBucketRestore(open.t.db, {
      projectId: a.projectId,
      sourceBucket: data,
      label: 'lan-2',
      actor,
    })
    expect(full).toMatchObject({
      ok: false,
      error: { code: 'restore.no_bucket_room', params: { needed: 23_092, room: 6_060 } },
    })
    expect(await open.storage.bucketExists(restoredBucketName(a.namespace, 'lan-2'))).toBe(false)
    expect(await open.t.db.bucketRestore.count({ where: { projectId: a.projectId } })).toBe(1)
  }, 60_000)

  it("answers agency A asking for agency B's bucket as having no copy of it, and makes nothing", async () => {
    const [a] = projects as [{ projectId: string; namespace: string }]
    const b = await projectWithCopy('Sở Tài chính')
    const before = await contents(b.data)
    const taken = await askBucketRestore(open.t.db, {
      projectId: a.projectId,
      sourceBucket: b.data,
      label: 'lay-cua-b',
      actor,
    })
    expect(taken).toMatchObject({ ok: false, error: { code: 'restore.bucket_not_found', params: { bucket: b.data } } })
    expect(await open.storage.bucketExists(restoredBucketName(a.namespace, 'lay-cua-b'))).toBe(false)
    expect(await open.t.db.bucketRestore.count()).toBe(1)
    expect(await contents(b.data)).toEqual(before)
    const refused = await open.t.db.auditEntry.findMany({
      where: { entityId: a.projectId, action: 'backup.bucket_restore_refused' },
      select: { outcome: true },
    })
    expect(refused.map((e) => e.outcome)).toEqual(['denied', 'denied', 'denied'])
  }, 120_000)
})
