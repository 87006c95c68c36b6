import * as k8s from '@kubernetes/client-node'
import { S3Client, S3ServiceException } from '@aws-sdk/client-s3'
import { connectKubernetes, type KubernetesConnection } from '#server/platform/kubernetes/connection'
import { connectObjectStorage, type ObjectStorage } from '#server/platform/storage/object-storage'
import { connectTimeSeriesStore, type TimeSeriesStore } from '#server/platform/metrics/time-series'
import { hourStart } from '#server/metering/hours'
import { eventually } from './poll'
import { requireStackSetting, stackEnv } from './stack-env'

// The local stack's Kubernetes API server and S3 server, reached with the settings the stack
// writes (stack-env.ts): as the console reaches them (its adapters), or with the plain clients for
// tests that act behind the console's back (an admin editing a bucket, a tenant using its key).

const STORAGE_SETTINGS = [
  'S3_ENDPOINT',
  'S3_REGION',
  'S3_ADMIN_ACCESS_KEY_ID',
  'S3_ADMIN_SECRET_ACCESS_KEY',
  'SEAWEEDFS_IAM_URL',
] as const

/** The settings a console, an API or a worker needs to reach the stack's object storage. */
export function storageEnv(): Record<string, string> {
  const env = stackEnv()
  return Object.fromEntries(STORAGE_SETTINGS.filter((key) => env[key]).map((key) => [key, env[key]!]))
}

/**
 * The console's connection to the stack's API server, under the console's own identity
 * (govcloud-console, decision 0026): a permission the console lacks fails the test.
 */
export async function connectStackKubernetes(requestTimeoutMs?: number): Promise<KubernetesConnection> {
  return connectKubernetes({ kubeconfigPath: requireStackSetting('KUBE_CONSOLE_KUBECONFIG'), requestTimeoutMs })
}

/**
 * The cluster administrator's connection, for what tests do behind the console's back: drift made
 * by hand, a tenant's pods, impersonating an agency's people, namespaces the console did not make.
 */
export async function connectAdminKubernetes(requestTimeoutMs?: number): Promise<KubernetesConnection> {
  return connectKubernetes({ kubeconfigPath: requireStackSetting('KUBE_ADMIN_KUBECONFIG'), requestTimeoutMs })
}

/** The console's object storage adapter on the stack's S3 server, with the admin's keys. */
export function connectStackStorage(requestTimeoutMs?: number): ObjectStorage {
  return connectObjectStorage({
    endpoint: requireStackSetting('S3_ENDPOINT'),
    region: requireStackSetting('S3_REGION'),
    iamEndpoint: stackEnv().SEAWEEDFS_IAM_URL,
    credentials: adminKeys(),
    requestTimeoutMs,
  })
}

/** The console's adapter of the stack's time-series store (decision 0046), with its basic auth. */
export function connectStackMetrics(requestTimeoutMs?: number): TimeSeriesStore {
  return connectTimeSeriesStore({
    url: requireStackSetting('METRICS_URL'),
    username: requireStackSetting('METRICS_USERNAME'),
    password: requireStackSetting('METRICS_PASSWORD'),
    requestTimeoutMs,
  })
}

/**
 * Waits until the store has `bucket`'s size at `least` bytes: SeaweedFS publishes each bucket's
 * figures once a minute and the store scrapes them every 15 s (decision 0046).
 */
export async function bucketBytesStored(store: TimeSeriesStore, bucket: string, least: number): Promise<void> {
  await eventually(
    `the bytes of ${bucket} in the store`,
    180_000,
    async () => {
      const [sample] = await store.instant(`SeaweedFS_s3_bucket_size_bytes{bucket="${bucket}"}`)
      return sample && sample.value >= least ? sample : undefined
    },
    { everyMs: 2_000 },
  )
}

/** A figure the store must hold within an hour: its query over `window` (a PromQL range), and its least value. */
export interface FigureInHour {
  readonly what: string
  readonly query: (window: string) => string
  readonly least: number
}

/** A bucket's highest bytes over the window (as the metering's peak reads it). */
export const bucketBytes = (bucket: string, least: number): FigureInHour => ({
  what: `the bytes of ${bucket}`,
  query: (window) => `max_over_time(SeaweedFS_s3_bucket_size_bytes{bucket="${bucket}"}[${window}])`,
  least,
})

/**
 * Waits until the store holds every figure within the hour now running, and returns that hour, for
 * the test to meter. Seeing a figure at all is not enough: the hour metered must hold it, and one
 * just begun may have no scrape yet (CI crossed 20:00 between seeing a bucket's bytes and metering
 * the hour, whose peak was then null).
 */
export async function hourHolding(store: TimeSeriesStore, figures: readonly FigureInHour[]): Promise<Date> {
  return eventually(
    `${figures.map((f) => f.what).join(', ')} within the hour`,
    240_000,
    async () => {
      const now = new Date()
      const hour = hourStart(now)
      const window = `${Math.max(1, Math.floor((now.getTime() - hour.getTime()) / 1000))}s`
      for (const figure of figures) {
        const [sample] = await store.instant(figure.query(window), now)
        if (!sample || !(sample.value >= figure.least)) return undefined
      }
      return hour
    },
    { everyMs: 2_000 },
  )
}

/**
 * Writes samples into the stack's time-series store as a scraper would have (Prometheus text with
 * millisecond timestamps), then makes them searchable at once: how a test plays a late scrape, a
 * broken exporter or a sender whose clock runs fast, in series of its own namespaces and buckets.
 */
export async function importSamples(lines: readonly string[]): Promise<void> {
  const base = requireStackSetting('METRICS_URL')
  const auth = `Basic ${Buffer.from(`${requireStackSetting('METRICS_USERNAME')}:${requireStackSetting('METRICS_PASSWORD')}`).toString('base64')}`
  const imported = await fetch(new URL('api/v1/import/prometheus', base), {
    method: 'POST',
    headers: { Authorization: auth },
    body: `${lines.join('\n')}\n`,
  })
  if (!imported.ok) throw new Error(`the store refused the samples: ${imported.status} ${await imported.text()}`)
  const flushed = await fetch(new URL('internal/force_flush', base), { headers: { Authorization: auth } })
  if (!flushed.ok) throw new Error(`the store did not flush: ${flushed.status}`)
}

/** The cluster administrator's kubeconfig, loaded for @kubernetes/client-node's own clients. */
export function adminKubeConfig(): k8s.KubeConfig {
  const kc = new k8s.KubeConfig()
  kc.loadFromFile(requireStackSetting('KUBE_ADMIN_KUBECONFIG'))
  return kc
}

export interface S3Keys {
  readonly accessKeyId: string
  readonly secretAccessKey: string
}

function adminKeys(): S3Keys {
  return {
    accessKeyId: requireStackSetting('S3_ADMIN_ACCESS_KEY_ID'),
    secretAccessKey: requireStackSetting('S3_ADMIN_SECRET_ACCESS_KEY'),
  }
}

/** An S3 client of the stack's S3 server with these keys (an agency's, say). */
export function s3ClientWith(keys: S3Keys): S3Client {
  return new S3Client({
    endpoint: requireStackSetting('S3_ENDPOINT'),
    region: requireStackSetting('S3_REGION'),
    forcePathStyle: true,
    credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey },
  })
}

/** An S3 client with the storage admin's keys: someone with full access acting outside the console. */
export function adminS3Client(): S3Client {
  return s3ClientWith(adminKeys())
}

/** 200 when the S3 call succeeds, else the HTTP status S3 refused it with (other errors throw). */
export async function s3StatusOf(call: Promise<unknown>): Promise<number | undefined> {
  try {
    await call
    return 200
  } catch (error) {
    if (error instanceof S3ServiceException) return error.$metadata.httpStatusCode
    throw error
  }
}

/** 200 when the Kubernetes call succeeds, else the HTTP status the API server refused it with. */
export async function k8sStatusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call
    return 200
  } catch (error) {
    if (error instanceof k8s.ApiException) return error.code
    throw error
  }
}
