// A bucket a restore made is held to its own quota like a data bucket (issue 15, decision 0086), on
// the real storage and VictoriaMetrics: a project's data bucket holds 100 kB, its copy is in the
// backup bucket, and a restore brings it back into a new bucket whose quota is the copy's bytes
// and what the storage counts beside them (restoredBucketQuota): holding its copy, it is not
// flagged. Then 50 kB more are written into it (under its quota when written); once the store has its
// bytes the bucket alerts job flags that bucket, and tells the agency's staff and the operators
// once. Before, the job looked at the data and backup buckets only and said nothing.
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evaluateBuckets } from '#server/budgets/bucket-alerts'
import { projectBucketFlags } from '#server/budgets/views'
import { dataBucketNames } from '#server/domain/bucket-names'
import { restoredBucketQuota } from '#server/domain/restore-rules'
import { renderNotice } from '#server/notifications/render'
import { copyProjectBuckets } from '#server/provisioning/bucket-copies'
import { acceptBucketRestore, copyRestoredBucket } from '#server/provisioning/bucket-restores'
import { loadProjects } from '#server/provisioning/intent'
import { reconcileProject } from '#server/provisioning/reconcile'
import { GiB, makeAgency, makeSession, makeUser } from '../../helpers/fixtures'
import { adminS3Client, bucketBytesStored, connectStackMetrics } from '../../helpers/platform'
import { openUnlockedBackupPlatform } from '../../helpers/project-backups'
import { approvedProject, leavePlatform, type OpenPlatform } from '../../helpers/provisioning'

const BYTES = 100_000
/** 100,000 bytes, 1 KiB for the object, 98 for its chunk: 101,122. */
const QUOTA = restoredBucketQuota({ objects: 1, bytes: BYTES })
let open: OpenPlatform
let project: { projectId: string; namespace: string }
let staff: string
let operator: string
let restored: string
const s3 = adminS3Client()
const store = connectStackMetrics()

const run = () => evaluateBuckets({ db: open.t.db, store, windowSeconds: 300 })

beforeAll(async () => {
  open = await openUnlockedBackupPlatform('restored-bucket-alerts')
  const { db } = open.t
  staff = await makeUser(db, 'Nguyễn Thị Hoa')
  operator = await makeUser(db, 'Lê Vận Hành')
  project = await approvedProject(db, {
    agencyId: await makeAgency(db, 'Sở Y tế', { code: 'so-y-te' }),
    requesterId: staff,
    operatorId: operator,
    lines: { objectStorage: GiB, buckets: 1n, backupStorage: GiB },
    name: 'Bệnh án điện tử',
  })
  await makeSession(db, staff, ['agency_staff'], { agencyCodes: ['so-y-te'] })
  await makeSession(db, operator, ['dc_operator'])
  await db.allocation.update({ where: { projectId: project.projectId }, data: { backupSchedule: '0 2 * * *' } })
  expect((await reconcileProject(open.d, project.projectId))?.phase).toBe('ready')

  const [data] = dataBucketNames(project.namespace, 1) as [string]
  await s3.send(new PutObjectCommand({ Bucket: data, Key: 'hồ sơ/Đồng Đăng.bin', Body: randomBytes(BYTES) }))
  const [loaded] = await loadProjects(db, [project.projectId])
  expect(await copyProjectBuckets(open.d, loaded!.intent, new Date(), { force: true })).toMatchObject({ copied: 1 })
  const actor = { id: null, label: 'Nguyễn Thị Hoa' }
  const accepted = await acceptBucketRestore(
    open.d,
    project.projectId,
    { sourceBucket: data, label: 'thang-11' },
    actor,
  )
  restored = accepted.ok ? accepted.value.bucket : ''
  expect(await copyRestoredBucket(open.d, restored, actor)).toMatchObject({ objects: 1, bytes: BYTES })
}, 180_000)

afterAll(async () => {
  s3.destroy()
  await leavePlatform(open, project ? [project.namespace] : [])
})

describe('a bucket a restore made', () => {
  it('is not flagged while it holds its copy', async () => {
    await bucketBytesStored(store, restored, BYTES)
    expect(await run()).toMatchObject({ buckets: 3, changes: 0, notices: 0 })
    expect(await projectBucketFlags(open.t.db, project.projectId)).toEqual([])
  }, 240_000)

  it('is flagged past its quota, to the agency and the operators, once', async () => {
    await s3.send(new PutObjectCommand({ Bucket: restored, Key: 'thêm.bin', Body: randomBytes(BYTES / 2) }))
    await bucketBytesStored(store, restored, BYTES * 1.5)
    expect(await run()).toMatchObject({ buckets: 3, changes: 1, notices: 2 })
    const flags = await projectBucketFlags(open.t.db, project.projectId)
    expect(flags).toEqual([
      expect.objectContaining({ bucket: restored, resource: 'objectStorage', quotaBytes: String(QUOTA) }),
    ])
    const [toStaff] = await open.t.db.notification.findMany({
      where: { recipientId: staff, kind: 'usage_threshold' },
    })
    expect(toStaff?.link).toBe(`/projects/${project.namespace}`)
    expect(renderNotice(toStaff!, 'vi').title).toMatch(
      new RegExp(`^Bệnh án điện tử: bucket ${restored} vượt hạn mức của bucket \\(14[89],[0-9]%\\)$`),
    )
    expect(await open.t.db.notification.count({ where: { recipientId: operator, kind: 'usage_threshold' } })).toBe(1)

    // A rerun tells nobody twice.
    const before = await open.t.db.notification.count()
    expect(await run()).toMatchObject({ changes: 0, notices: 0 })
    expect(await open.t.db.notification.count()).toBe(before)
  }, 240_000)
})
