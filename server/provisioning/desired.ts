// What a project's allocation becomes on the platform: pure, from plain data, tested without
// any server. The reconciler compares this with what it reads and applies the difference.
import { createHash } from 'node:crypto'
import type * as k8s from '@kubernetes/client-node'
import { formatK8sQuantity } from '../domain/quantity'
import { shortHash } from '../domain/slug'
import { FIELD_MANAGER } from '../platform/kubernetes/connection'
import type { DesiredObject } from '../platform/kubernetes/objects'
import type { LifecycleRule } from '../platform/storage/object-storage'

export const LABEL_PREFIX = 'govcloud.langson.gov.vn'
export const LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  projectId: `${LABEL_PREFIX}/project-id`,
  project: `${LABEL_PREFIX}/project`,
  agency: `${LABEL_PREFIX}/agency`,
  securityLevel: `${LABEL_PREFIX}/security-level`,
} as const
export const ANNOTATIONS = {
  projectName: `${LABEL_PREFIX}/project-name`,
  agencyName: `${LABEL_PREFIX}/agency-name`,
  agencyNameEn: `${LABEL_PREFIX}/agency-name-en`,
  podSecurityException: `${LABEL_PREFIX}/pod-security-exception`,
} as const
/** Selects every object the console manages. */
export const MANAGED_SELECTOR = `${LABELS.managedBy}=${FIELD_MANAGER}`

export const OBJECT_NAMES = {
  quota: 'govcloud-quota',
  limits: 'govcloud-defaults',
  denyAll: 'govcloud-default-deny',
  sameNamespace: 'govcloud-allow-same-namespace',
  dns: 'govcloud-allow-dns',
  ingress: 'govcloud-allow-from-ingress',
  agencyEdit: 'govcloud-agency-edit',
} as const

export const S3_POLICY_NAME = 'project-buckets'

/** What the database says about one project (its intent), as plain data. */
export interface ProjectIntent {
  readonly projectId: string
  /** Fixed at creation; a DNS label. */
  readonly namespace: string
  readonly slug: string
  readonly name: string
  readonly securityLevel: number
  readonly agency: {
    readonly code: string
    readonly nameVi: string
    readonly nameEn: string
    /**
     * Codes of the agencies above it, nearest first. Their staff act for it in the console
     * (a provincial department for its units), so their groups get the same `edit` here.
     */
    readonly parentCodes?: readonly string[]
  }
  /** Null when the project never had an allocation. */
  readonly allocation: {
    readonly state: 'active' | 'expired' | 'revoked'
    readonly backupRetentionDays: number | null
    /** resource key → amount in canonical units */
    readonly lines: Readonly<Record<string, bigint>>
  } | null
  /** `baseline` only by a recorded exception (its reason goes into an annotation). */
  readonly podSecurity?: { readonly level: 'baseline'; readonly reason: string }
}

export interface ProvisioningSettings {
  /** Storage classes the cluster offers: those not granted get a zero quota. */
  readonly storageClasses: readonly string[]
  /** Where the ingress controller runs (allowed to reach every project). */
  readonly ingressNamespace: string
  /** Prefix the API server puts before OIDC group names (`--oidc-groups-prefix`), often empty. */
  readonly groupPrefix: string
  /** PersistentVolumeClaims a project may hold when it has any volume storage. */
  readonly pvcCount: number
  readonly noncurrentVersionDays: number
  readonly abortMultipartDays: number
  readonly defaultBackupRetentionDays: number
  /** Whether the object storage supports object lock (SeaweedFS does: decision 0003). */
  readonly objectLockSupported: boolean
}

export const DEFAULT_SETTINGS: ProvisioningSettings = {
  storageClasses: ['standard', 'fast'],
  ingressNamespace: 'ingress-nginx',
  groupPrefix: '',
  pvcCount: 20,
  noncurrentVersionDays: 30,
  abortMultipartDays: 7,
  defaultBackupRetentionDays: 30,
  objectLockSupported: true,
}

export interface DesiredBucket {
  readonly name: string
  readonly purpose: 'data' | 'backup'
  readonly quotaBytes: bigint
  readonly versioning: 'Enabled'
  readonly encryption: 'AES256'
  readonly lifecycle: readonly LifecycleRule[]
  /** Compliance retention of a backup bucket; null when not wanted or not supported. */
  readonly objectLock: { readonly mode: 'COMPLIANCE'; readonly days: number } | null
}

export interface PostureNote {
  readonly code: string
  readonly severity: 'low' | 'medium' | 'high'
  readonly message: string
}

export interface DesiredState {
  readonly projectId: string
  readonly namespace: string
  /** The Namespace first, then what lives in it. */
  readonly objects: readonly DesiredObject[]
  readonly buckets: readonly DesiredBucket[]
  /** The project's S3 identity and the policy that scopes it to its buckets; null without buckets. */
  readonly identity: { readonly user: string; readonly policy: S3Policy } | null
  readonly notes: readonly PostureNote[]
  /** Changes exactly when anything above changes. */
  readonly hash: string
}

export interface S3Policy {
  readonly Version: '2012-10-17'
  readonly Statement: readonly {
    readonly Sid: string
    readonly Effect: 'Allow'
    readonly Action: readonly string[]
    readonly Resource: readonly string[]
  }[]
}

const Mi = 1024n * 1024n
const S3_BUCKET_MAX = 63

/** Object-level rights only: bucket settings (versioning, policy, lifecycle, quota) stay the console's. */
export const TENANT_S3_ACTIONS = [
  's3:GetObject',
  's3:GetObjectVersion',
  's3:PutObject',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:ListBucket',
  's3:ListBucketVersions',
  's3:GetBucketLocation',
  's3:GetBucketVersioning',
  's3:ListBucketMultipartUploads',
  's3:ListMultipartUploadParts',
  's3:AbortMultipartUpload',
  's3:GetObjectTagging',
  's3:PutObjectTagging',
  's3:GetObjectRetention',
  's3:GetObjectLegalHold',
] as const

/** Whether the project should exist on the platform at all (an ended allocation is retired). */
export function isLive(intent: ProjectIntent): boolean {
  return intent.allocation?.state === 'active'
}

/**
 * An S3 bucket name from the namespace and a suffix: at most 63 characters, lowercase letters,
 * digits and hyphens (the namespace already is), none of the prefixes S3 reserves. A namespace
 * too long for the suffix keeps its start and gains an 8-digit hash of the whole name.
 */
export function bucketName(namespace: string, suffix: string): string {
  let base = namespace
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(base)) base = `gc-${base}`
  const full = `${base}-${suffix}`
  if (full.length <= S3_BUCKET_MAX) return full
  const hash = shortHash(full)
  const room = S3_BUCKET_MAX - suffix.length - hash.length - 2
  return `${base.slice(0, room).replace(/-+$/, '')}-${hash}-${suffix}`
}

/** The data buckets of a project: `-data`, `-data-2`, … one per granted bucket. */
export function dataBucketNames(namespace: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => bucketName(namespace, i === 0 ? 'data' : `data-${i + 1}`))
}

/** Whether a bucket name is one the console would make for this namespace (for orphans). */
export function isProjectBucket(namespace: string, bucket: string): boolean {
  if (bucket === bucketName(namespace, 'backup')) return true
  const match = /-data(?:-(\d{1,4}))?$/.exec(bucket)
  if (!match) return false
  const n = match[1] === undefined ? 1 : Number(match[1])
  return n >= 1 && bucket === bucketName(namespace, n === 1 ? 'data' : `data-${n}`)
}

export function desiredState(intent: ProjectIntent, settings: ProvisioningSettings = DEFAULT_SETTINGS): DesiredState {
  const lines = intent.allocation?.lines ?? {}
  const amount = (key: string) => lines[key] ?? 0n
  const ns = intent.namespace
  const notes: PostureNote[] = []

  const common = {
    [LABELS.managedBy]: FIELD_MANAGER,
    [LABELS.projectId]: intent.projectId,
  }
  const meta = (name: string): k8s.V1ObjectMeta & { name: string } => ({ name, namespace: ns, labels: { ...common } })

  const psa = intent.podSecurity?.level ?? 'restricted'
  const namespace: DesiredObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: ns,
      labels: {
        ...common,
        [LABELS.project]: intent.slug,
        [LABELS.agency]: intent.agency.code,
        [LABELS.securityLevel]: String(intent.securityLevel),
        'pod-security.kubernetes.io/enforce': psa,
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
      },
      annotations: {
        [ANNOTATIONS.projectName]: intent.name,
        [ANNOTATIONS.agencyName]: intent.agency.nameVi,
        [ANNOTATIONS.agencyNameEn]: intent.agency.nameEn,
        ...(intent.podSecurity ? { [ANNOTATIONS.podSecurityException]: intent.podSecurity.reason } : {}),
      },
    },
  }

  // ResourceQuota: exactly the allocation; what was not granted is zero, never unlimited.
  const cpu = amount('cpu')
  const memory = amount('memory')
  const volumes = new Map<string, bigint>()
  for (const storageClass of settings.storageClasses) volumes.set(storageClass, 0n)
  for (const [key, value] of Object.entries(lines)) {
    if (key.startsWith('volume:')) volumes.set(key.slice('volume:'.length), value)
  }
  const totalVolume = [...volumes.values()].reduce((a, b) => a + b, 0n)
  const hard: Record<string, string> = {
    'requests.cpu': formatK8sQuantity(cpu, 'millicores'),
    'limits.cpu': formatK8sQuantity(cpu, 'millicores'),
    'requests.memory': formatK8sQuantity(memory, 'bytes'),
    'limits.memory': formatK8sQuantity(memory, 'bytes'),
    pods: formatK8sQuantity(amount('pods'), 'count'),
    'requests.nvidia.com/gpu': formatK8sQuantity(amount('gpu'), 'count'),
    persistentvolumeclaims: String(totalVolume > 0n ? settings.pvcCount : 0),
    'requests.storage': formatK8sQuantity(totalVolume, 'bytes'),
    'services.loadbalancers': '0',
    'services.nodeports': '0',
  }
  for (const [storageClass, bytes] of [...volumes].sort(([a], [b]) => a.localeCompare(b))) {
    hard[`${storageClass}.storageclass.storage.k8s.io/requests.storage`] = formatK8sQuantity(bytes, 'bytes')
  }
  const quota: DesiredObject = {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: meta(OBJECT_NAMES.quota),
    spec: { hard },
  }

  // LimitRange: defaults for containers that say nothing (quota on limits needs them), never
  // above what the whole project holds.
  const min = (a: bigint, b: bigint) => (a < b ? a : b)
  const containerLimits: k8s.V1LimitRangeItem = { type: 'Container' }
  if (cpu > 0n) {
    containerLimits.defaultRequest = {
      ...containerLimits.defaultRequest,
      cpu: formatK8sQuantity(min(100n, cpu), 'millicores'),
    }
    containerLimits._default = { ...containerLimits._default, cpu: formatK8sQuantity(min(500n, cpu), 'millicores') }
    containerLimits.max = { ...containerLimits.max, cpu: formatK8sQuantity(cpu, 'millicores') }
  }
  if (memory > 0n) {
    containerLimits.defaultRequest = {
      ...containerLimits.defaultRequest,
      memory: formatK8sQuantity(min(128n * Mi, memory), 'bytes'),
    }
    containerLimits._default = {
      ...containerLimits._default,
      memory: formatK8sQuantity(min(512n * Mi, memory), 'bytes'),
    }
    containerLimits.max = { ...containerLimits.max, memory: formatK8sQuantity(memory, 'bytes') }
  }
  const limitItems: k8s.V1LimitRangeItem[] = [containerLimits]
  const largestVolume = [...volumes.values()].reduce((a, b) => (b > a ? b : a), 0n)
  if (largestVolume > 0n)
    limitItems.push({ type: 'PersistentVolumeClaim', max: { storage: formatK8sQuantity(largestVolume, 'bytes') } })
  const limits: DesiredObject = {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: meta(OBJECT_NAMES.limits),
    spec: { limits: limitItems },
  }

  const netpol = (name: string, spec: k8s.V1NetworkPolicySpec): DesiredObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(name),
    spec,
  })
  const policies: DesiredObject[] = [
    netpol(OBJECT_NAMES.denyAll, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    netpol(OBJECT_NAMES.sameNamespace, {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ _from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    }),
    netpol(OBJECT_NAMES.dns, {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    }),
    netpol(OBJECT_NAMES.ingress, {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [
        {
          _from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': settings.ingressNamespace } } }],
        },
      ],
    }),
  ]

  const binding: DesiredObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: meta(OBJECT_NAMES.agencyEdit),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
    subjects: [intent.agency.code, ...(intent.agency.parentCodes ?? [])].map((code) => ({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Group',
      name: agencyGroup(code, settings.groupPrefix),
    })),
  }

  // Buckets: the object storage granted, split evenly over the granted number of buckets
  // (SeaweedFS enforces quotas per bucket), and a backup bucket with compliance retention.
  const buckets: DesiredBucket[] = []
  const objectStorage = amount('objectStorage')
  if (objectStorage > 0n) {
    const count = Number(amount('buckets') > 0n ? amount('buckets') : 1n)
    const share = objectStorage / BigInt(count)
    const names = dataBucketNames(ns, count)
    names.forEach((name, i) => {
      buckets.push({
        name,
        purpose: 'data',
        quotaBytes: i === 0 ? share + (objectStorage - share * BigInt(count)) : share,
        versioning: 'Enabled',
        encryption: 'AES256',
        lifecycle: [
          { id: 'govcloud-noncurrent-versions', noncurrentDays: settings.noncurrentVersionDays },
          { id: 'govcloud-abort-multipart', abortMultipartDays: settings.abortMultipartDays },
        ],
        objectLock: null,
      })
    })
  }
  const backup = amount('backupStorage')
  if (backup > 0n) {
    const days = intent.allocation?.backupRetentionDays ?? settings.defaultBackupRetentionDays
    if (!settings.objectLockSupported) {
      notes.push({
        code: 'backup.object_lock_unsupported',
        severity: 'high',
        message: 'The object storage has no object lock: backups can be deleted before their retention ends.',
      })
    }
    buckets.push({
      name: bucketName(ns, 'backup'),
      purpose: 'backup',
      quotaBytes: backup,
      versioning: 'Enabled',
      encryption: 'AES256',
      lifecycle: [
        { id: 'govcloud-noncurrent-versions', noncurrentDays: Math.max(days, settings.noncurrentVersionDays) },
        { id: 'govcloud-abort-multipart', abortMultipartDays: settings.abortMultipartDays },
      ],
      objectLock: settings.objectLockSupported ? { mode: 'COMPLIANCE', days } : null,
    })
  }
  const identity = buckets.length > 0 ? { user: ns, policy: tenantPolicy(buckets.map((b) => b.name)) } : null

  const objects = [namespace, quota, limits, ...policies, binding]
  const body = { projectId: intent.projectId, namespace: ns, objects, buckets, identity, notes }
  return { ...body, hash: stableHash(body) }
}

export function agencyGroup(code: string, prefix = ''): string {
  return `${prefix}/agencies/${code}`
}

/** The IAM policy of a project's identity: its own buckets, object-level actions only. */
export function tenantPolicy(buckets: readonly string[]): S3Policy {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ProjectBuckets',
        Effect: 'Allow',
        Action: [...TENANT_S3_ACTIONS],
        Resource: buckets.flatMap((b) => [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`]),
      },
    ],
  }
}

/** SHA-256 of a canonical JSON (sorted keys, bigints as strings): same content, same hash. */
export function stableHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex')
}

export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'bigint') return JSON.stringify(value.toString())
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}
