// A bucket over its own quota, flagged by the console (issue 14, decision 0050) on the real stack:
// a project the console provisioned with two data buckets sharing 300.000 bytes (150.000 each),
// 200.000 bytes written into its first bucket (SeaweedFS enforces the quota late, so the put
// succeeds); once the time-series store has the bucket's bytes, the bucket alerts job flags that
// bucket alone (not the project's sum, 200.000 of 300.000, which is under its grant), tells the
// agency's staff and the operators once, and a rerun tells nobody twice. Another agency's staff
// hear nothing and its project has no flag.
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evaluateBuckets } from '#server/budgets/bucket-alerts'
import { projectBucketFlags } from '#server/budgets/views'
import { dataBucketNames } from '#server/domain/bucket-names'
import { renderNotice } from '#server/notifications/render'
import { reconcileProject } from '#server/provisioning/reconcile'
import { makeAgency, makeProject, makeSession, makeUser } from '../../helpers/fixtures'
import { adminS3Client, bucketBytesStored, connectStackMetrics } from '../../helpers/platform'
import { approvedProject, leavePlatform, openPlatform, type OpenPlatform } from '../../helpers/provisioning'

let open: OpenPlatform
let project: { projectId: string; namespace: string }
let otherProject: string
let staff: string
let operator: string
let otherStaff: string
const s3 = adminS3Client()
const store = connectStackMetrics()

const run = () => evaluateBuckets({ db: open.t.db, store, windowSeconds: 300 })
const noticesOf = (recipientId: string) =>
  open.t.db.notification.findMany({
    where: { recipientId, kind: 'usage_threshold' },
    select: { kind: true, params: true, link: true, requestNumber: true },
  })

beforeAll(async () => {
  open = await openPlatform({ name: 'bucket-alerts' })
  const { db } = open.t
  const agencyId = await makeAgency(db, 'Sở Y tế', { code: 'so-y-te' })
  const otherAgency = await makeAgency(db, 'Sở Tài chính', { code: 'so-tai-chinh' })
  staff = await makeUser(db, 'Nguyễn Thị Hoa')
  otherStaff = await makeUser(db, 'Trần Văn Bình')
  operator = await makeUser(db, 'Lê Vận Hành')
  project = await approvedProject(db, {
    agencyId,
    requesterId: staff,
    operatorId: operator,
    lines: { objectStorage: 300_000n, buckets: 2n },
    name: 'Bệnh án điện tử',
  })
  otherProject = await makeProject(db, otherAgency)
  await makeSession(db, staff, ['agency_staff'], { agencyCodes: ['so-y-te'] })
  await makeSession(db, otherStaff, ['agency_staff'], { agencyCodes: ['so-tai-chinh'] })
  await makeSession(db, operator, ['dc_operator'])
  const outcome = await reconcileProject(open.d, project.projectId)
  expect(outcome?.phase).toBe('ready')
}, 120_000)

afterAll(async () => {
  s3.destroy()
  await leavePlatform(open, project ? [project.namespace] : [])
})

describe('a bucket over its own quota', () => {
  it('nothing is flagged while the buckets are within their quotas', async () => {
    expect(await run()).toMatchObject({ buckets: 2, changes: 0, notices: 0 })
    expect(await projectBucketFlags(open.t.db, project.projectId)).toEqual([])
  })

  it('is flagged within one metering interval, to the agency and the operators, once', async () => {
    const [first] = dataBucketNames(project.namespace, 2)
    await s3.send(new PutObjectCommand({ Bucket: first, Key: 'ho-so-benh-an.bin', Body: randomBytes(200_000) }))
    await bucketBytesStored(store, first!, 200_000)
    expect(await run()).toMatchObject({ buckets: 2, changes: 1, notices: 2 })
    const flags = await projectBucketFlags(open.t.db, project.projectId)
    expect(flags).toEqual([expect.objectContaining({ bucket: first, resource: 'objectStorage', quotaBytes: '150000' })])
    expect(BigInt(flags[0]!.bytes)).toBeGreaterThanOrEqual(200_000n)
    const [toStaff] = await noticesOf(staff)
    expect(toStaff).toMatchObject({ kind: 'usage_threshold', link: `/projects/${project.namespace}` })
    expect(renderNotice(toStaff!, 'vi').title).toMatch(
      new RegExp(`^Bệnh án điện tử: bucket ${first} vượt hạn mức của bucket \\(1[3-9][0-9],[0-9]%\\)$`),
    )
    expect(await noticesOf(operator)).toHaveLength(1)
    // The project's sum is under its grant: the hour's project-wide level would say nothing.
    expect(await open.t.db.usageAlertState.count()).toBe(0)
  }, 240_000)

  it('a rerun tells nobody twice; another agency hears nothing and has no flag', async () => {
    const before = await open.t.db.notification.count()
    expect(await run()).toMatchObject({ changes: 0, notices: 0 })
    expect(await open.t.db.notification.count()).toBe(before)
    expect(await open.t.db.notification.count({ where: { recipientId: otherStaff } })).toBe(0)
    expect(await projectBucketFlags(open.t.db, otherProject)).toEqual([])
  })
})
