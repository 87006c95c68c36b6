// The time-series store of the stack (decision 0046), through the console's adapter: a pod's
// simulated CPU and memory use as kwok's kubelets report it, the API server's and SeaweedFS's own
// series, a bucket's bytes and objects from the storage server itself, and the adapter's answers
// when the store refuses a query, the password is wrong or nothing listens.
import { randomBytes } from 'node:crypto'
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PlatformError } from '#server/platform/errors'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import { connectTimeSeriesStore, type TimeSeriesStore } from '#server/platform/metrics/time-series'
import { adminS3Client, connectAdminKubernetes, connectStackMetrics } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { requireStackSetting } from '../../helpers/stack-env'

const run = `${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`
const namespace = `it-metrics-${run}`
const bucket = `it-metrics-${run}`
const MiB = 1024 * 1024
const scrapeMs = Number(requireStackSetting('METRICS_SCRAPE_SECONDS')) * 1000
let store: TimeSeriesStore
let admin: KubernetesConnection
const s3 = adminS3Client()

beforeAll(async () => {
  store = connectStackMetrics()
  admin = await connectAdminKubernetes()
})
afterAll(async () => {
  await admin?.core.deleteNamespace({ name: namespace }).catch(() => undefined)
  await admin?.close()
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'report.bin' })).catch(() => undefined)
  await s3.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined)
  s3.destroy()
})

/** The one sample a query gives, once it gives one that passes `ready`. */
function sampleOf(query: string, ready: (value: number) => boolean) {
  return async () => {
    const samples = await store.instant(query)
    return samples.length === 1 && ready(samples[0]!.value) ? samples[0]! : undefined
  }
}

describe('the time-series store (VictoriaMetrics) through the adapter', () => {
  it("shows a pod's CPU and memory use, a fraction of what it requests, within a few scrapes", async () => {
    await admin.core.createNamespace({ body: { metadata: { name: namespace } } })
    await admin.core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: 'bao-cao' },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'registry.langson.gov.vn/bao-cao:1.0',
              resources: { requests: { cpu: '500m', memory: '256Mi' }, limits: { memory: '512Mi' } },
            },
          ],
        },
      },
    })
    // The counter's first sample is its start: a rate needs two scrapes after kwok runs the pod.
    const cpu = await eventually(
      'the pod CPU rate',
      6 * scrapeMs + 30_000,
      sampleOf(
        `sum(rate(container_cpu_usage_seconds_total{namespace="${namespace}",container="app"}[1m]))`,
        (v) => v > 0,
      ),
      { everyMs: 2_000 },
    )
    const memory = await eventually(
      'the pod working set',
      2 * scrapeMs,
      sampleOf(`pod_memory_working_set_bytes{namespace="${namespace}",pod="bao-cao"}`, (v) => v > 0),
    )
    // infra/local/kubernetes/kwok-resource-usage.yaml: CPU 15-75 % of 0.5 cores, memory 45-75 % of 256 MiB.
    expect(cpu.value).toBeGreaterThanOrEqual(0.5 * 0.15 * 0.95)
    expect(cpu.value).toBeLessThanOrEqual(0.5 * 0.75 * 1.05)
    expect(memory.value).toBeGreaterThanOrEqual(256 * MiB * 0.45 * 0.99)
    expect(memory.value).toBeLessThanOrEqual(256 * MiB * 0.75 * 1.01)
    expect(memory.labels).toMatchObject({ job: 'kubelet-resource', namespace, pod: 'bao-cao' })
    expect(memory.labels.node).toMatch(/^kwok-node-\d$/)
    expect(Math.abs(memory.at.getTime() - Date.now())).toBeLessThan(60_000)
  })

  it("has the API server's and SeaweedFS's own series, scraped as they run", async () => {
    const up = await store.instant('up')
    const health: Record<string, number> = Object.fromEntries(up.map((s) => [s.labels.job ?? '', s.value]))
    expect(health).toMatchObject({ 'kubernetes-apiserver': 1, seaweedfs: 1 })
    const requests = await store.instant('sum(apiserver_request_total{job="kubernetes-apiserver"})')
    expect(requests[0]?.value).toBeGreaterThan(0)
    const writes = await store.instant('sum(SeaweedFS_volumeServer_request_total{job="seaweedfs"})')
    expect(writes[0]?.value).toBeGreaterThan(0)
  })

  it("gives a bucket's bytes and objects from the storage server once an object is in it", async () => {
    const body = randomBytes(100_000)
    await s3.send(new CreateBucketCommand({ Bucket: bucket }))
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'report.bin', Body: body }))
    // SeaweedFS's S3 server asks its master for each bucket's collection once a minute.
    const bytes = await eventually(
      'the bucket size',
      // a minute, twice if SeaweedFS restarts meanwhile (other tests on a shared stack do)
      150_000 + 2 * scrapeMs,
      sampleOf(`SeaweedFS_s3_bucket_size_bytes{bucket="${bucket}"}`, (v) => v >= body.length),
      { everyMs: 2_000 },
    )
    const objects = await store.instant(`SeaweedFS_s3_bucket_object_count{bucket="${bucket}"}`)
    expect(objects.map((s) => s.value)).toEqual([1])
    // A stored needle carries a few dozen bytes of its own beside the object.
    expect(bytes.value).toBeLessThan(body.length + 1_024)
  }, 200_000)

  it('reads a range at its step', async () => {
    const end = new Date()
    const start = new Date(end.getTime() - 60_000)
    const series = await store.range('up{job="seaweedfs"}', { start, end, stepSeconds: 15 })
    expect(series).toHaveLength(1)
    expect(series[0]!.points.length).toBeGreaterThanOrEqual(2)
    const steps = series[0]!.points.slice(1).map((p, i) => p.at.getTime() - series[0]!.points[i]!.at.getTime())
    expect(new Set(steps)).toEqual(new Set([15_000]))
  })

  it("says why a query fails: the store's words for a bad query, forbidden for a wrong password, unavailable for silence", async () => {
    const bad = await store.instant('sum(rate(up[1m])').catch((e: unknown) => e)
    expect(bad).toBeInstanceOf(PlatformError)
    expect(bad).toMatchObject({ system: 'metrics', kind: 'invalid', status: 400 })
    expect((bad as Error).message).toMatch(/unexpected|parse|cannot/i)

    const url = requireStackSetting('METRICS_URL')
    const stranger = connectTimeSeriesStore({ url, username: 'govcloud', password: 'not-the-password' })
    await expect(stranger.instant('up')).rejects.toMatchObject({ kind: 'forbidden', status: 401 })
    const anonymous = connectTimeSeriesStore({ url })
    await expect(anonymous.instant('up')).rejects.toMatchObject({ kind: 'forbidden', status: 401 })

    const nobody = connectTimeSeriesStore({ url: 'http://127.0.0.1:9', requestTimeoutMs: 2_000 })
    await expect(nobody.instant('up')).rejects.toMatchObject({ system: 'metrics', kind: 'unavailable', status: null })
  })
})
