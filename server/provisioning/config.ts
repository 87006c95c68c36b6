import { z } from 'zod'
import { parseSettings } from '../config/env'
import { reservedNamespacesSchema } from '../config/reserved-names'
import { securityScanSettingsShape } from '../config/security-scans'
import { metricsListenShape } from '../observability/metrics-server'

// Settings of the provisioning worker, validated at start-up; a bad one stops the process with a
// message naming it (never its value).
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional())
const int = (min: number, fallback: number) =>
  optional(z.coerce.number().int().min(min)).transform((v) => v ?? fallback)

export const provisioningEnvSchema = z
  .object({
    DATABASE_URL: z
      .string({ error: 'is required (a postgresql:// URL)' })
      .regex(/^postgres(ql)?:\/\//, { error: 'must be a postgresql:// URL' }),
    /**
     * The kubeconfig the console applies with. Unset in a pod (deploy/): the worker is then its
     * service account, which the platform's ClusterRoleBinding names (decision 0064).
     */
    KUBECONFIG: optional(z.string().min(1)),
    /** Set by the kubelet in every pod: where the in-cluster service account applies. */
    KUBERNETES_SERVICE_HOST: optional(z.string().min(1)),
    S3_ENDPOINT: z.url({ error: 'is required (the S3 endpoint URL)' }),
    S3_REGION: optional(z.string()).transform((v) => v ?? 'us-east-1'),
    S3_ADMIN_ACCESS_KEY_ID: z.string({ error: 'is required' }).min(1),
    S3_ADMIN_SECRET_ACCESS_KEY: z.string({ error: 'is required' }).min(1),
    SEAWEEDFS_IAM_URL: optional(z.url()),
    /** The storage master, whose volume servers' disks are the storage pools' evidence (decision 0054). */
    SEAWEEDFS_MASTER_URL: optional(z.url()),
    /** Seconds between readings of the platform's capacity (nodes' allocatable, the storage's disks). */
    CAPACITY_READING_SECONDS: int(60, 3600),
    /** Days data is kept after an allocation is revoked or expires. */
    PROVISIONING_GRACE_DAYS: int(0, 30),
    /** Seconds between full passes over every tenant. */
    PROVISIONING_PERIOD_SECONDS: int(5, 300),
    PROVISIONING_CONCURRENCY: int(1, 8),
    /** A worker that stops answering loses its tenants after this many seconds. */
    PROVISIONING_LEASE_SECONDS: int(2, 30),
    PROVISIONING_INGRESS_NAMESPACE: optional(z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)).transform(
      (v) => v ?? 'ingress-nginx',
    ),
    PROVISIONING_GROUP_PREFIX: optional(z.string()).transform((v) => v ?? ''),
    PROVISIONING_OBJECT_LOCK: optional(z.enum(['0', '1'])).transform((v) => v !== '0'),
    /**
     * The port on 127.0.0.1 where the worker receives the object storage's S3 access log (fluent
     * forward protocol; weed's -s3.auditLogConfig names it): the record of key use (GC-KEY-02).
     * Unset: no receiver here, and unused keys are not checked unless another worker receives it.
     */
    S3_ACCESS_LOG_PORT: optional(z.coerce.number().int().min(1).max(65_535)),
    /**
     * The namespace `velero server` watches (decision 0053). Unset: no Velero here, and no project
     * gets a backup location or schedule.
     */
    VELERO_NAMESPACE: optional(z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)),
    /** Namespace names the platform keeps (server/config/reserved-names.ts). */
    RESERVED_NAMESPACES: reservedNamespacesSchema,
    /** When the security scans run (server/config/security-scans.ts, decision 0039). */
    ...securityScanSettingsShape,
    /** Where this worker serves /metrics (host:port); unset: nowhere (decision 0065). */
    ...metricsListenShape,
  })
  .superRefine((env, context) => {
    if (env.KUBECONFIG || env.KUBERNETES_SERVICE_HOST) return
    context.addIssue({
      code: 'custom',
      path: ['KUBECONFIG'],
      message: 'is required (the kubeconfig the console applies with) outside a pod with a service account',
    })
  })

export type ProvisioningEnv = z.infer<typeof provisioningEnvSchema>

export function parseProvisioningEnv(source: Record<string, string | undefined> = process.env): ProvisioningEnv {
  return parseSettings(provisioningEnvSchema, source)
}
