// A long bucket copy does not hold up a key (issue 15, decision 0086), on the stack's SeaweedFS with
// the worker's loops in this process as the provisioning worker runs them: two restores of a data
// bucket of 2,000 objects are accepted, so two copies of seconds each run at once; a key asked for
// meanwhile is issued while both still copy. Before, the copies ran in the key loops (two slots):
// the key waited until a copy ended. The copies then finish with every object.
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUCKET_RESTORE_COPY_JOB } from '#server/provisioning/backup-jobs'
import { copyProjectBuckets } from '#server/provisioning/bucket-copies'
import { acceptBucketRestore } from '#server/provisioning/bucket-restores'
import { dataBucketNames } from '#server/provisioning/desired'
import { loadProjects } from '#server/provisioning/intent'
import { requestS3AccessKey } from '#server/provisioning/key-requests'
import { adminS3Client } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { openUnlockedBackupPlatform, readyBackedUpProject } from '../../helpers/project-backups'
import { leavePlatform, startKeyWorker, type OpenPlatform } from '../../helpers/provisioning'

const OBJECTS = 2000
const actor = { id: null, label: 'Nguyễn Văn An' }
let open: OpenPlatform
let worker: { stop(): Promise<void> } | undefined
let project: { projectId: string; namespace: string }
let data: string

beforeAll(async () => {
  open = await openUnlockedBackupPlatform('copy-lane')
  project = await readyBackedUpProject(open)
  const { db } = open.t
  ;[data] = dataBucketNames(project.namespace, 1) as [string]
  const s3 = adminS3Client()
  for (let i = 0; i < OBJECTS; i += 20)
    await Promise.all(
      Array.from({ length: 20 }, (_, j) =>
        s3.send(new PutObjectCommand({ Bucket: data, Key: `hồ sơ/${i + j}.txt`, Body: `Đồng Đăng ${i + j}` })),
      ),
    )
  s3.destroy()
  const [loaded] = await loadProjects(db, [project.projectId])
  expect(await copyProjectBuckets(open.d, loaded!.intent, new Date(), { force: true })).toMatchObject({
    copied: OBJECTS,
  })
  worker = await startKeyWorker(open.t, open.storage)
}, 600_000)

afterAll(async () => {
  await worker?.stop()
  await leavePlatform(open, project ? [project.namespace] : [])
})

describe('a long bucket copy', () => {
  it('runs in its own lane: a key asked for meanwhile is issued while two copies run', async () => {
    const { db } = open.t
    for (const label of ['dai-1', 'dai-2'])
      expect(await acceptBucketRestore(open.d, project.projectId, { sourceBucket: data, label }, actor)).toMatchObject({
        ok: true,
      })
    await eventually('both copies running', 60_000, async () =>
      (await db.job.count({ where: { kind: BUCKET_RESTORE_COPY_JOB, state: 'running' } })) === 2 ? true : undefined,
    )

    const asked = Date.now()
    const key = await requestS3AccessKey(db, { projectId: project.projectId, actor, label: 'trong lúc chép' })
    const issuedAfterMs = Date.now() - asked
    expect(key.accessKeyId).toMatch(/\S/)
    // Both copies were still running when the key came back.
    const copying = await db.bucketRestore.findMany({ where: { copiedAt: null }, select: { bucket: true } })
    expect({ copying: copying.length, issuedAfterMs }).toMatchObject({ copying: 2 })

    const done = await eventually('both copies done', 300_000, async () => {
      const rows = await db.bucketRestore.findMany({ where: { copiedAt: { not: null } }, select: { objects: true } })
      return rows.length === 2 ? rows : undefined
    })
    expect(done.map((row) => row.objects)).toEqual([OBJECTS, OBJECTS])
  }, 420_000)
})
