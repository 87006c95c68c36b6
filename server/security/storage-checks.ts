// The storage checks as rules over what was read (no I/O): a project's buckets against GC-S3-01..04
// and its access keys against GC-KEY-01..02, each at the project's level (checksAt), so a level
// that does not have a check finds nothing and a higher level finds it more severe.
import type { SecurityLevel } from '../domain/project'
import type { BucketState } from '../platform/storage/object-storage'
import { DEFAULT_LEVEL_SETTINGS, type LevelSettings } from './catalogue/level-settings'
import { checksAt, type Severity } from './catalogue'
import type { FindingDetail, Observation } from './findings'
import { publicAccessOf } from './public-bucket'

const DAY_MS = 86_400_000

export const BUCKET_CHECK_IDS = ['GC-S3-01', 'GC-S3-02', 'GC-S3-03', 'GC-S3-04'] as const
export const KEY_AGE_CHECK = 'GC-KEY-01'
export const KEY_IDLE_CHECK = 'GC-KEY-02'

/** The project a bucket or key belongs to. */
export interface ProjectRef {
  readonly projectId: string
  readonly agencyId: string
  readonly namespace: string
  readonly securityLevel: SecurityLevel
}

export interface ScannedBucket {
  readonly purpose: 'data' | 'backup' | 'restore'
  readonly state: BucketState
  /** GetBucketPolicyStatus's answer; null without a policy. */
  readonly policyPublic: boolean | null
}

export interface ScannedKey {
  readonly accessKeyId: string
  readonly label: string
  readonly createdAt: Date
  /** When the storage last saw it sign a request; null: never seen. */
  readonly lastUsedAt: Date | null
}

/** The severity of each check the level has, by id. */
function severities(level: SecurityLevel): Map<string, Severity> {
  return new Map(checksAt(level).map(({ check, rule }) => [check.id, rule.severity]))
}

/** Observations of one kind of subject in the project, each at the severity its check has at the project's level. */
export function observer(project: ProjectRef, kind: string) {
  const atLevel = severities(project.securityLevel)
  return (checkId: string, name: string, detail: FindingDetail): Observation[] => {
    const severity = atLevel.get(checkId)
    if (!severity) return []
    return [
      {
        checkId,
        subject: { kind, namespace: project.namespace, name },
        projectId: project.projectId,
        agencyId: project.agencyId,
        securityLevel: project.securityLevel,
        severity,
        detail,
      },
    ]
  }
}

/** What fails in one bucket of the project. */
export function bucketObservations(project: ProjectRef, bucket: ScannedBucket): Observation[] {
  const seen = observer(project, 'Bucket')
  const { state } = bucket
  const name = state.name
  const open = publicAccessOf(state, bucket.policyPublic)
  return [
    ...(state.versioning !== 'Enabled' ? seen('GC-S3-01', name, { versioning: state.versioning }) : []),
    ...(state.encryption === null ? seen('GC-S3-02', name, { encryption: 'none' }) : []),
    // Object lock keeps the records a level must keep: the backup bucket's (data buckets are
    // meant to change, and lock can only be switched on when a bucket is made).
    ...(bucket.purpose === 'backup' && !state.objectLock.enabled
      ? seen('GC-S3-03', name, { purpose: bucket.purpose, objectLock: 'off' })
      : []),
    ...(open
      ? seen('GC-S3-04', name, {
          policyStatus: open.policyPublic === null ? 'none' : open.policyPublic ? 'public' : 'not public',
          statements: open.statements,
          grants: open.grants,
        })
      : []),
  ]
}

const days = (ms: number) => Math.floor(ms / DAY_MS)

/**
 * What fails in one access key: older than the level allows, and, when the storage's access log
 * is known (`logSince`: when the record began; null: no record), unused for longer than it allows:
 * since its last use, or, if the log never saw it, since it was made or the log began, whichever
 * is later (before the log began nothing says whether it was used).
 */
export function keyObservations(
  project: ProjectRef,
  key: ScannedKey,
  now: Date,
  options: { logSince: Date | null; settings?: LevelSettings },
): Observation[] {
  const seen = observer(project, 'AccessKey')
  const settings = options.settings ?? DEFAULT_LEVEL_SETTINGS[project.securityLevel]
  const ageDays = days(now.getTime() - key.createdAt.getTime())
  const base = { label: key.label, createdAt: key.createdAt.toISOString() }
  const aged =
    ageDays > settings.maxKeyAgeDays
      ? seen(KEY_AGE_CHECK, key.accessKeyId, { ...base, ageDays, maxAgeDays: settings.maxKeyAgeDays })
      : []
  const { logSince } = options
  if (!logSince) return aged
  const since = key.lastUsedAt ?? new Date(Math.max(key.createdAt.getTime(), logSince.getTime()))
  const idleDays = days(now.getTime() - since.getTime())
  if (idleDays <= settings.maxKeyIdleDays) return aged
  return [
    ...aged,
    ...seen(KEY_IDLE_CHECK, key.accessKeyId, {
      ...base,
      lastUsedAt: key.lastUsedAt ? key.lastUsedAt.toISOString() : 'never',
      logSince: logSince.toISOString(),
      idleDays,
      maxIdleDays: settings.maxKeyIdleDays,
    }),
  ]
}
