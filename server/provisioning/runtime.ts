// Wiring for a provisioning worker: connections from validated settings, the job handlers, the
// periodic full pass. Used by worker-cli.ts and by tests that run workers in-process.
import type { Db } from '../db/client'
import { pruneFinished, recoverExpiredLeases } from '../jobs/queue'
import type { JobHandler, PeriodicTask } from '../jobs/worker'
import { connectKubernetes, type KubernetesConnection } from '../platform/kubernetes/connection'
import { kubernetesPlatform } from '../platform/kubernetes/platform'
import { veleroObjects } from '../platform/kubernetes/velero'
import { connectObjectStorage } from '../platform/storage/object-storage'
import type { ProvisioningEnv } from './config'
import { DEFAULT_SETTINGS, type ProvisioningSettings } from './desired'
import { RECONCILE_JOB } from '../jobs/shared-with-sql'
import { policyInForce } from '../policies/store'
import { closingHandlers } from './closing'
import { reconcileProject, type ReconcilerDeps } from './reconcile'
import { reconcileAll } from './reconcile-all'
import { BUCKET_COPIES_JOB, copyAllProjects } from './bucket-copies'

export const RECONCILE_ALL_JOB = 'provisioning.reconcile_all'

export async function provisioningDeps(
  db: Db,
  env: ProvisioningEnv,
): Promise<ReconcilerDeps & { connection: KubernetesConnection; close(): Promise<void> }> {
  const connection = await connectKubernetes(env.KUBECONFIG ? { kubeconfigPath: env.KUBECONFIG } : { inCluster: true })
  const storage = connectObjectStorage({
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    iamEndpoint: env.SEAWEEDFS_IAM_URL,
    credentials: { accessKeyId: env.S3_ADMIN_ACCESS_KEY_ID, secretAccessKey: env.S3_ADMIN_SECRET_ACCESS_KEY },
  })
  return {
    db,
    kube: kubernetesPlatform(connection),
    ...(env.VELERO_NAMESPACE ? { velero: veleroObjects(connection, env.VELERO_NAMESPACE) } : {}),
    connection,
    storage,
    settings: await loadSettings(db, env),
    retentionGraceMs: env.PROVISIONING_GRACE_DAYS * 86_400_000,
    async close() {
      storage.close()
      await connection.close()
    },
  }
}

/** Storage classes come from the database (operators add and retire them). */
export async function loadSettings(
  db: Db,
  env?: Pick<
    ProvisioningEnv,
    | 'PROVISIONING_INGRESS_NAMESPACE'
    | 'PROVISIONING_GROUP_PREFIX'
    | 'PROVISIONING_OBJECT_LOCK'
    | 'RESERVED_NAMESPACES'
    | 'VELERO_NAMESPACE'
    | 'S3_ENDPOINT'
    | 'S3_REGION'
  >,
): Promise<ProvisioningSettings> {
  const classes = await db.storageClass.findMany({ select: { name: true }, orderBy: { name: 'asc' } })
  return {
    ...DEFAULT_SETTINGS,
    storageClasses: classes.length > 0 ? classes.map((c) => c.name) : DEFAULT_SETTINGS.storageClasses,
    ...(env
      ? {
          ingressNamespace: env.PROVISIONING_INGRESS_NAMESPACE,
          groupPrefix: env.PROVISIONING_GROUP_PREFIX,
          objectLockSupported: env.PROVISIONING_OBJECT_LOCK,
          reservedNamespaces: env.RESERVED_NAMESPACES,
          velero: env.VELERO_NAMESPACE
            ? { namespace: env.VELERO_NAMESPACE, s3Url: env.S3_ENDPOINT, s3Region: env.S3_REGION }
            : null,
        }
      : {}),
  }
}

/** How stale a policy a reconcile may apply: a saved version reaches the worker within this. */
export const POLICY_MAX_AGE_MS = 5_000

/**
 * The deps under the policy version in force (decision 0049): its reserved names, its grace period
 * (for allocations that end from now on: one already ended keeps the deleteAfter it was given).
 */
export async function withPolicyInForce(deps: ReconcilerDeps): Promise<ReconcilerDeps> {
  const policy = await policyInForce(deps.db, { maxAgeMs: POLICY_MAX_AGE_MS })
  return {
    ...deps,
    settings: { ...(deps.settings ?? DEFAULT_SETTINGS), reservedNamespaces: policy.reservedNamespaces },
    retentionGraceMs: policy.graceMs,
    policy: policy.approval,
  }
}

/** The job handlers: one tenant's reconcile, and the full pass over all of them. */
export function provisioningHandlers(
  fixed: ReconcilerDeps,
  options: { holder: string; concurrency?: number; leaseMs?: number; policyInForce?: boolean },
): Record<string, JobHandler> {
  const current = options.policyInForce ? () => withPolicyInForce(fixed) : () => Promise.resolve(fixed)
  return {
    [RECONCILE_JOB]: async (job) => {
      const deps = await current()
      const outcome = await reconcileProject(deps, job.key)
      if (!outcome) return { status: 'done' }
      if (outcome.error)
        return outcome.error.retryable
          ? { status: 'retry', error: outcome.error.message }
          : { status: 'terminal', error: outcome.error.message }
      return { status: 'done', requeueAfterMs: outcome.requeueAfterMs }
    },
    [RECONCILE_ALL_JOB]: async () => {
      const deps = await current()
      await recoverExpiredLeases(deps.db)
      await reconcileAll(
        { ...deps, leaseHolder: options.holder },
        { concurrency: options.concurrency, leaseMs: options.leaseMs },
      )
      // Finished jobs are kept a week for operators; the audit log keeps what matters for longer.
      await pruneFinished(deps.db, 7 * 86_400_000)
      return { status: 'done' }
    },
    [BUCKET_COPIES_JOB]: async () => {
      const failures = await copyAllProjects(await current())
      if (failures.size === 0) return { status: 'done' }
      return { status: 'retry', error: [...failures].map(([id, message]) => `${id}: ${message}`).join('; ') }
    },
    // A closed system's last backup (decision 0058).
    ...closingHandlers(current),
  }
}

/** The full pass; and each minute, the copies of the buckets whose backup schedule fell due (decision 0053). */
export function provisioningSchedule(everyMs: number): PeriodicTask[] {
  return [
    { name: RECONCILE_ALL_JOB, everyMs, job: { kind: RECONCILE_ALL_JOB, key: 'all' } },
    { name: BUCKET_COPIES_JOB, everyMs: 60_000, job: { kind: BUCKET_COPIES_JOB, key: 'all' } },
  ]
}
