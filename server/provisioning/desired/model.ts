// The plain data desiredState is computed from (a project's intent, the platform's settings) and
// the notes it leaves for the posture checks. No I/O: intent.ts reads the intent from the database.
import { DEFAULT_RESERVED_NAMESPACES } from '../../config/reserved-names'

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
     * (a provincial department for its units), so their groups get the same role here.
     */
    readonly parentCodes?: readonly string[]
  }
  /** Null when the project never had an allocation. */
  readonly allocation: {
    readonly state: 'active' | 'expired' | 'revoked'
    readonly backupRetentionDays: number | null
    /** Five-field cron in Việt Nam's time (server/domain/backup-schedule.ts); null without backups. */
    readonly backupSchedule?: string | null
    /** resource key → amount in canonical units */
    readonly lines: Readonly<Record<string, bigint>>
  } | null
  /** Buckets restores made from the backup's copies (BucketRestore rows, decision 0056). */
  readonly restoredBuckets?: readonly { readonly name: string; readonly quotaBytes: bigint }[]
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
  /** Namespace names the platform keeps (RESERVED_NAMESPACES): never applied to or deleted. */
  readonly reservedNamespaces: readonly string[]
  /**
   * Where Velero runs and how it reaches the object storage (decision 0053); absent where no
   * Velero runs, and then no project gets backup schedules.
   */
  readonly velero?: VeleroSettings | null
}

export interface VeleroSettings {
  /** The namespace `velero server` watches: the projects' locations, schedules, backups, restores. */
  readonly namespace: string
  /** The S3 endpoint as Velero reaches it, and its region. */
  readonly s3Url: string
  readonly s3Region: string
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
  reservedNamespaces: DEFAULT_RESERVED_NAMESPACES,
}

export interface PostureNote {
  readonly code: string
  readonly severity: 'low' | 'medium' | 'high'
  readonly message: string
}

/** Whether the project should exist on the platform at all (an ended allocation is retired). */
export function isLive(intent: ProjectIntent): boolean {
  return intent.allocation?.state === 'active'
}

/** The amount granted of one resource key (zero when not granted). */
export function granted(intent: ProjectIntent, key: string): bigint {
  return intent.allocation?.lines[key] ?? 0n
}

/**
 * Volume storage by storage class: every class the cluster offers (zero when not granted), then
 * those granted, in the order the allocation lists them.
 */
export function volumesByClass(intent: ProjectIntent, settings: ProvisioningSettings): Map<string, bigint> {
  const volumes = new Map<string, bigint>()
  for (const storageClass of settings.storageClasses) volumes.set(storageClass, 0n)
  for (const [key, value] of Object.entries(intent.allocation?.lines ?? {})) {
    if (key.startsWith('volume:')) volumes.set(key.slice('volume:'.length), value)
  }
  return volumes
}
