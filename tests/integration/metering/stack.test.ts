// The metering end to end on the stack: a project the console provisioned, a pod in its namespace
// whose use kwok simulates (decision 0046) and an object in its data bucket get records with
// their use measured: CPU and memory above zero, the bucket's bytes, the grant from the ledger and
// what the quota counts as requested.
import { PutObjectCommand } from '@aws-sdk/client-s3'
import type { V1PodSpec } from '@kubernetes/client-node'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dataBucketNames } from '#server/domain/bucket-names'
import { meterHour } from '#server/metering/job'
import { reconcileAll } from '#server/provisioning/reconcile-all'
import { reconcileProject } from '#server/provisioning/reconcile'
import { container, podSpec } from '#server/security/corpus/workload-kinds'
import { GiB, makeAgency, makeUser } from '../../helpers/fixtures'
import { adminS3Client, bucketBytes, connectStackMetrics, hourHolding } from '../../helpers/platform'
import { approvedProject, leavePlatform, openPlatform, type OpenPlatform } from '../../helpers/provisioning'

let open: OpenPlatform
let project: { projectId: string; namespace: string }
const s3 = adminS3Client()
const store = connectStackMetrics()

beforeAll(async () => {
  open = await openPlatform({ name: 'metering-stack' })
  const { db } = open.t
  const agencyId = await makeAgency(db)
  project = await approvedProject(db, {
    agencyId,
    requesterId: await makeUser(db, 'Nguyễn Văn An'),
    operatorId: await makeUser(db),
    lines: { cpu: 2000n, memory: 4n * GiB, pods: 10n, objectStorage: 1n * GiB, buckets: 1n },
  })
  const outcome = await reconcileProject(open.d, project.projectId)
  expect(outcome?.phase).toBe('ready')
}, 120_000)

afterAll(async () => {
  s3.destroy()
  await leavePlatform(open, project ? [project.namespace] : [])
})

describe('the metering of a provisioned project', () => {
  it("records the pod's CPU and memory and the bucket's bytes, with the grant and the requests", async () => {
    const { namespace } = project
    const bucket = dataBucketNames(namespace, 1)[0]!
    await open.admin.core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: `bao-cao-${randomBytes(2).toString('hex')}` },
        spec: podSpec({
          containers: [
            container({
              resources: { requests: { cpu: '500m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
            }),
          ],
        }) as unknown as V1PodSpec,
      },
    })
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'bao-cao.bin', Body: randomBytes(100_000) }))
    // kwok's kubelet after two scrapes; SeaweedFS's per-bucket figures once a minute (decision 0046);
    // both within the hour metered.
    const hour = await hourHolding(store, [
      {
        what: 'the pod CPU seconds',
        query: (window) => `sum(increase(pod_cpu_usage_seconds_total{namespace="${namespace}"}[${window}]))`,
        least: 4,
      },
      bucketBytes(bucket, 1e5),
    ])
    // The provisioning pass records what the quota counts (QuotaUsage), as the worker's does.
    await reconcileAll(open.d, { projectIds: [project.projectId] })

    const report = await meterHour({ db: open.t.db, pool: open.t.pool, store }, hour)
    expect(report).toMatchObject({ projects: 1, refused: 0 })
    const rows = await open.t.db.usageRecord.findMany({ where: { projectId: project.projectId, hour } })
    const byResource = Object.fromEntries(rows.map((r) => [r.resource, r]))
    expect(byResource.cpu).toMatchObject({ granted: 2000n, requested: 500n, refusal: null })
    expect(byResource.cpu!.used).toBeGreaterThan(0n)
    expect(byResource.memory).toMatchObject({ granted: 4n * GiB, requested: 256n * 1024n ** 2n })
    expect(byResource.memory!.used).toBeGreaterThan(0n)
    // kwok's working set is 45-75 % of the request.
    expect(byResource.memory!.usedPeak).toBeLessThanOrEqual((256n * 1024n ** 2n * 76n) / 100n)
    // The hour's average counts the minutes before the put; its peak is after it.
    expect(byResource.objectStorage!.used).toBeGreaterThan(0n)
    expect(byResource.objectStorage!.usedPeak).toBeGreaterThanOrEqual(100_000n)
    expect(byResource.buckets).toMatchObject({ granted: 1n, used: 1n })
    expect(byResource.pods).toMatchObject({ granted: 10n, requested: 1n })
  }, 420_000)
})
