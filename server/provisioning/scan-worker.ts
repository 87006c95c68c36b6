// The security scans in the provisioning worker (decision 0039): their jobs in a loop of their
// own (a full scan of a thousand namespaces must not hold up a reconcile or a key), on the
// periods the settings give, and the watch that re-scans a namespace within seconds of a change.
import type { AuditReader } from '../audit/settings'
import type { Db } from '../db/client'
import type { ClaimedJob } from '../jobs/queue'
import { startWorker, type JobResult, type Worker } from '../jobs/worker'
import type { KubernetesConnection } from '../platform/kubernetes/connection'
import type { ObjectStorage } from '../platform/storage/object-storage'
import { scanJobHandlers, scanSchedule, startScanOnChange } from '../security/scan-jobs'
import type { ProvisioningEnv } from './config'

/** Buckets the platform scan asks to list without a signature (GC-PLT-04): a few of those there are. */
const SAMPLE_BUCKETS = 3
/** Scans at once: a full scan and the namespaces' scans queued meanwhile. */
export const SCAN_CONCURRENCY = 2

export interface ScanWorkerInput {
  readonly db: Db
  readonly holder: string
  readonly kube: KubernetesConnection
  readonly storage: ObjectStorage
  readonly env: ProvisioningEnv
  /** The audit trail's settings and public key, for GC-PLT-05; absent: not evaluated. */
  readonly audit?: AuditReader
  readonly onResult: (job: ClaimedJob, result: JobResult | { status: 'crashed'; error: string }) => void
  readonly log: (message: string) => void
}

export function startScanWorker(input: ScanWorkerInput): { worker: Worker; stopWatching(): void } {
  const { db, env } = input
  const handlers = scanJobHandlers({
    db,
    kube: input.kube,
    storage: input.storage,
    platform: {
      s3Endpoint: env.S3_ENDPOINT,
      sampleBuckets: async () => (await input.storage.listBuckets()).slice(0, SAMPLE_BUCKETS),
      ...(env.SEAWEEDFS_FILER_URL ? { filerUrl: env.SEAWEEDFS_FILER_URL } : {}),
      ...(input.audit ? { audit: input.audit } : {}),
    },
    onProblem: input.log,
  })
  const worker = startWorker({
    db,
    holder: `${input.holder}:scans`,
    concurrency: SCAN_CONCURRENCY,
    handlers,
    periodic: scanSchedule(
      {
        clusterMs: env.SECURITY_SCAN_CLUSTER_SECONDS * 1000,
        storageMs: env.SECURITY_SCAN_STORAGE_SECONDS * 1000,
        platformMs: env.SECURITY_SCAN_PLATFORM_SECONDS * 1000,
      },
      { platform: true },
    ),
    leaseMs: env.PROVISIONING_LEASE_SECONDS * 1000,
    pollMs: 1_000,
    onResult: input.onResult,
  })
  const watch = env.SECURITY_SCAN_WATCH
    ? startScanOnChange({ db, kube: input.kube }, { debounceMs: env.SECURITY_SCAN_DEBOUNCE_MS, onProblem: input.log })
    : null
  return { worker, stopWatching: () => watch?.stop() }
}
