// A bucket a restore made is metered as the project's object storage (issue 15, decision 0076),
// on the real storage and VictoriaMetrics: a project's data bucket holds 100 kB, its copy is in the
// backup bucket, and a restore brings it back into a new bucket. The hour's record then counts the
// data bucket and the restored bucket against the object storage (200 kB at the peak, not 100),
// the backup bucket alone against the backup quota, and the restored bucket not as a bucket granted.
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backupBucketName, dataBucketNames } from '#server/domain/bucket-names'
import { meterHour } from '#server/metering/job'
import { copyProjectBuckets } from '#server/provisioning/bucket-copies'
import { acceptBucketRestore, copyRestoredBucket } from '#server/provisioning/bucket-restores'
import { loadProjects } from '#server/provisioning/intent'
import { GiB } from '../../helpers/fixtures'
import { adminS3Client, bucketBytes, connectStackMetrics, hourHolding } from '../../helpers/platform'
import { openUnlockedBackupPlatform, readyBackedUpProject } from '../../helpers/project-backups'
import { leavePlatform, type OpenPlatform } from '../../helpers/provisioning'

const BYTES = 100_000
let open: OpenPlatform
let project: { projectId: string; namespace: string }
const s3 = adminS3Client()
const store = connectStackMetrics()

beforeAll(async () => {
  open = await openUnlockedBackupPlatform('metering-restored')
  project = await readyBackedUpProject(open)
}, 120_000)

afterAll(async () => {
  s3.destroy()
  await leavePlatform(open, project ? [project.namespace] : [])
})

describe('the metering of a restored bucket', () => {
  it("counts it against the project's object storage beside the data bucket, and the backup bucket against the backup quota", async () => {
    const { db } = open.t
    const [data] = dataBucketNames(project.namespace, 1) as [string]
    await s3.send(new PutObjectCommand({ Bucket: data, Key: 'hồ sơ/Đồng Đăng.bin', Body: randomBytes(BYTES) }))
    const [loaded] = await loadProjects(db, [project.projectId])
    expect(await copyProjectBuckets(open.d, loaded!.intent, new Date(), { force: true })).toMatchObject({ copied: 1 })
    // The worker's two steps: the restore accepted, then its copy (its own job in the worker).
    const actor = { id: null, label: 'Nguyễn Văn An' }
    const accepted = await acceptBucketRestore(
      open.d,
      project.projectId,
      { sourceBucket: data, label: 'thang-11' },
      actor,
    )
    const bucket = accepted.ok ? accepted.value.bucket : ''
    expect(await copyRestoredBucket(open.d, bucket, actor)).toMatchObject({ objects: 1, bytes: BYTES })

    // SeaweedFS's per-bucket figures reach the store once a minute (decision 0046), in the hour metered.
    const names = [data, bucket, backupBucketName(project.namespace)]
    const hour = await hourHolding(
      store,
      names.map((name) => bucketBytes(name, BYTES)),
    )
    expect(await meterHour({ db, pool: open.t.pool, store }, hour)).toMatchObject({ projects: 1, refused: 0 })
    const rows = await db.usageRecord.findMany({ where: { projectId: project.projectId, hour } })
    const byResource = Object.fromEntries(rows.map((r) => [r.resource, r]))
    // The data bucket and the restored one, each at 100 kB after the restore.
    expect(byResource.objectStorage!.usedPeak).toBeGreaterThanOrEqual(BigInt(2 * BYTES))
    expect(byResource.objectStorage).toMatchObject({ granted: GiB, refusal: null })
    // The copy is the backup bucket's (with its small record of the copy); the restore is not counted there.
    expect(byResource.backupStorage!.usedPeak).toBeGreaterThanOrEqual(BigInt(BYTES))
    expect(byResource.backupStorage!.usedPeak).toBeLessThan(BigInt(2 * BYTES))
    expect(byResource.buckets).toMatchObject({ granted: 1n, used: 1n })
  }, 420_000)
})
