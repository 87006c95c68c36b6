// The security scans as jobs of the provisioning worker, the one process with the storage's admin
// keys (decision 0032) and the console's identity on the cluster (decision 0039): each source's
// full scan on its own period, one namespace after a change the watch saw (debounced here, then
// queued: several workers watching queue one job, the queue keeps one per key), and one project's
// keys after a key was issued or revoked.
import type { KubernetesConnection } from '../platform/kubernetes/connection'
import type { ObjectStorage } from '../platform/storage/object-storage'
import type { Db } from '../db/client'
import { enqueue } from '../jobs/queue'
import type { JobHandler, JobResult, PeriodicTask } from '../jobs/worker'
import { scanCluster, scanNamespace } from './cluster-scan'
import { watchCluster } from './cluster-watch'
import { keyedDebounce } from './debounce'
import { judgementMemo } from './judgement-memo'
import { reportPublisher } from './namespace-reports'
import type { PlatformProbeDeps } from './platform-probes'
import { scanPlatform } from './platform-scan'
import type { ScanRun } from './scan-runs'
import { scanProjectKeys, scanStorage } from './storage-scan'

export const SCAN_JOBS = {
  cluster: 'security.scan_cluster',
  namespace: 'security.scan_namespace',
  storage: 'security.scan_storage',
  keys: 'security.scan_keys',
  platform: 'security.scan_platform',
} as const

export interface ScanJobDeps {
  readonly db: Db
  readonly kube: KubernetesConnection
  readonly storage: ObjectStorage
  /** The platform scan's probes beyond the database and the cluster; absent: no platform scan. */
  readonly platform?: Omit<PlatformProbeDeps, 'db' | 'kube'>
  /** Reports that could not be written (logs); the next scan of that namespace writes them again. */
  readonly onProblem?: (message: string) => void
}

export interface ScanPeriods {
  readonly clusterMs: number
  readonly storageMs: number
  readonly platformMs: number
}

/** A scan's run as the job's result: the namespaces whose report failed are named, the job is done. */
function done(deps: ScanJobDeps, kind: string) {
  return async (run: Promise<ScanRun>): Promise<JobResult> => {
    const { reports } = await run
    for (const failed of reports?.failed ?? [])
      deps.onProblem?.(`${kind}: the report of ${failed.namespace} was not written: ${failed.error}`)
    return { status: 'done' }
  }
}

/**
 * The handlers of the scan jobs. Every scan that speaks for project namespaces publishes their
 * reports (decision 0042) once its findings are recorded, as the console.
 */
export function scanJobHandlers(deps: ScanJobDeps): Record<string, JobHandler> {
  const publish = reportPublisher({ db: deps.db, kube: deps.kube })
  // Kept for the worker's life: a periodic scan judges again only what changed (decision 0039).
  const cluster = { db: deps.db, kubeConfig: deps.kube.kubeConfig, publish, memo: judgementMemo() }
  const storage = { db: deps.db, storage: deps.storage, publish }
  const platform = deps.platform
  return {
    [SCAN_JOBS.cluster]: () => done(deps, SCAN_JOBS.cluster)(scanCluster(cluster)),
    [SCAN_JOBS.namespace]: (job) => done(deps, SCAN_JOBS.namespace)(scanNamespace(cluster, job.key)),
    [SCAN_JOBS.storage]: () => done(deps, SCAN_JOBS.storage)(scanStorage(storage)),
    [SCAN_JOBS.keys]: (job) => done(deps, SCAN_JOBS.keys)(scanProjectKeys(storage, job.key)),
    ...(platform
      ? {
          [SCAN_JOBS.platform]: () =>
            done(deps, SCAN_JOBS.platform)(scanPlatform({ ...platform, db: deps.db, kube: deps.kube })),
        }
      : {}),
  }
}

export function scanSchedule(periods: ScanPeriods, options: { platform: boolean }): PeriodicTask[] {
  const task = (kind: string, everyMs: number) => ({ name: kind, everyMs, job: { kind, key: 'all' } })
  return [
    task(SCAN_JOBS.cluster, periods.clusterMs),
    task(SCAN_JOBS.storage, periods.storageMs),
    ...(options.platform ? [task(SCAN_JOBS.platform, periods.platformMs)] : []),
  ]
}

/** Queues a scan of one project's keys (after a key was issued or revoked). */
export function enqueueKeyScan(db: Db, projectId: string): Promise<bigint> {
  return enqueue(db, { kind: SCAN_JOBS.keys, key: projectId, maxAttempts: 3 })
}

/**
 * Watches the cluster and queues a scan of each namespace that changed, once its changes have
 * been quiet for `debounceMs` (at the latest five times that after the first), and a full scan
 * when the watch may have missed events.
 */
export function startScanOnChange(
  deps: { db: Db; kube: KubernetesConnection },
  options: { debounceMs: number; onProblem?: (message: string) => void },
): { started: Promise<void>; stop(): void } {
  const report = (error: unknown) => options.onProblem?.(`queueing a scan: ${String(error)}`)
  const debounce = keyedDebounce(
    (namespace) => void enqueue(deps.db, { kind: SCAN_JOBS.namespace, key: namespace, maxAttempts: 3 }).catch(report),
    { quietMs: options.debounceMs, maxWaitMs: 5 * Math.max(options.debounceMs, 1_000) },
  )
  const watch = watchCluster({
    kubeConfig: deps.kube.kubeConfig,
    onChange: (namespace) => debounce.touch(namespace),
    onResync: () => void enqueue(deps.db, { kind: SCAN_JOBS.cluster, key: 'all' }).catch(report),
    onProblem: options.onProblem,
  })
  return {
    started: watch.started,
    stop() {
      watch.stop()
      debounce.flush()
    },
  }
}
