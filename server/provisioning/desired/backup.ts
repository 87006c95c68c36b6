// The Kubernetes side of a project's backups (issue 15, decision 0053): what Velero is told, in its
// own namespace, for a project with a backup quota. A BackupStorageLocation on the project's backup
// bucket, reached with the keys of the project's own backup identity (never another project's),
// and a Schedule that backs up the project's namespace, and nothing else, on the agency's cron in
// Việt Nam's time, kept for the retention the grant says. Pure: apply-backups.ts applies it.
import { backupBucketName } from '../../domain/bucket-names'
import type { DesiredIdentity, S3Policy } from './storage-identity'
import { commonLabels } from './metadata'
import { granted, type ProjectIntent, type ProvisioningSettings } from './model'

/** Where the Kubernetes backups go inside the backup bucket; the buckets' copies go under `buckets/`. */
export const VELERO_PREFIX = 'velero'
/** The key inside the location's Secret, holding an AWS shared-credentials file. */
export const CREDENTIALS_KEY = 'cloud'
/** Backup schedules are local time (server/domain/backup-schedule.ts); Velero reads cron in UTC unless told. */
const SCHEDULE_ZONE = 'Asia/Ho_Chi_Minh'

export interface VeleroObject {
  readonly apiVersion: 'velero.io/v1'
  readonly kind: 'BackupStorageLocation' | 'Schedule'
  readonly metadata: { readonly name: string; readonly namespace: string; readonly labels: Record<string, string> }
  readonly spec: Record<string, unknown>
}

export interface DesiredBackup {
  /** One name for the location, the schedule and the Secret: the project's namespace (unique). */
  readonly name: string
  readonly bucket: string
  readonly location: VeleroObject
  readonly schedule: VeleroObject
  /** The identity whose keys the location uses: the backup bucket only. */
  readonly identity: DesiredIdentity
}

/** The IAM user of a project's backups: a dot cannot be in a namespace, so no project's own user is named so. */
export const backupUserName = (namespace: string): string => `${namespace}.backup`

/**
 * Null without a backup quota, without a schedule, or when Velero is not configured
 * (settings.velero absent): then nothing of this is made, and what was made is removed.
 */
export function desiredBackup(intent: ProjectIntent, settings: ProvisioningSettings): DesiredBackup | null {
  const velero = settings.velero ?? null
  const cron = intent.allocation?.backupSchedule ?? null
  if (velero === null || cron === null || granted(intent, 'backupStorage') <= 0n) return null
  const name = intent.namespace
  const bucket = backupBucketName(intent.namespace)
  const days = intent.allocation?.backupRetentionDays ?? settings.defaultBackupRetentionDays
  const metadata = { name, namespace: velero.namespace, labels: commonLabels(intent) }
  return {
    name,
    bucket,
    location: {
      apiVersion: 'velero.io/v1',
      kind: 'BackupStorageLocation',
      metadata,
      spec: {
        provider: 'aws',
        objectStorage: { bucket, prefix: VELERO_PREFIX },
        credential: { name, key: CREDENTIALS_KEY },
        config: { region: velero.s3Region, s3Url: velero.s3Url, s3ForcePathStyle: 'true' },
      },
    },
    schedule: {
      apiVersion: 'velero.io/v1',
      kind: 'Schedule',
      metadata,
      spec: {
        schedule: `CRON_TZ=${SCHEDULE_ZONE} ${cron}`,
        template: {
          includedNamespaces: [intent.namespace],
          storageLocation: name,
          ttl: `${days * 24}h0m0s`,
          snapshotVolumes: false,
          metadata: { labels: commonLabels(intent) },
        },
      },
    },
    identity: { user: backupUserName(intent.namespace), policy: backupPolicy(bucket) },
  }
}

/** What Velero does with a location: list, read, write and delete backups in the one bucket. */
function backupPolicy(bucket: string): S3Policy {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ProjectBackupBucket',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket', 's3:GetBucketLocation'],
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
      },
    ],
  }
}
