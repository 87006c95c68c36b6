// What the web console and the worker say to each other about a project's backups (issue 15,
// decision 0056), through the job queue: the web holds no cluster credentials, so it asks (a job
// with its payload) and the worker, which reaches Velero and the storage, answers on the job's
// row. Both sides parse with these schemas. The worker decides every rule again: the web's
// authorisation says who may ask for which project, the worker what that project may have.
import { z } from 'zod'

/** The project's backups, the schedule's facts, the last copy of its buckets and its restores. */
export const LIST_BACKUPS_JOB = 'backup.list'
/** A restore of one of the project's backups into its namespace. */
export const RESTORE_JOB = 'backup.restore'
/** A backup of the project taken now, from its schedule's template (decommissioning asks it). */
export const BACKUP_NOW_JOB = 'backup.now'
/** A data bucket's copy restored into a new bucket of the project (bucket-restores.ts): decided and accepted. */
export const BUCKET_RESTORE_JOB = 'backup.restore_bucket'
/** An accepted bucket restore's copy, keyed by the new bucket: nobody waits on it (decision 0076). */
export const BUCKET_RESTORE_COPY_JOB = 'backup.copy_restored_bucket'

/** How long the web waits: a list reads each backup's files in the bucket (one call each). */
export const BACKUP_JOB_WAIT_MS = 40_000

const actorSchema = z.strictObject({ id: z.string().min(1).nullable(), label: z.string().max(300) })
/** Velero's object names: DNS subdomains. */
export const veleroNameSchema = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/)

export const listPayloadSchema = z.strictObject({ projectId: z.uuid() })
export type ListPayload = z.infer<typeof listPayloadSchema>

export const restorePayloadSchema = z.strictObject({
  projectId: z.uuid(),
  backupName: z.string().min(1).max(253),
  /** Absent: the project's namespace. Anything else is refused by the rule, and audited. */
  namespace: z.string().max(253).optional(),
  actor: actorSchema,
})
export type RestorePayload = z.infer<typeof restorePayloadSchema>

export const bucketRestorePayloadSchema = z.strictObject({
  projectId: z.uuid(),
  sourceBucket: z.string().min(1).max(63),
  /** Checked by the rule (restore.label_invalid), so a bad one is answered, not failed. */
  label: z.string().max(63),
  actor: actorSchema,
})
export type BucketRestorePayload = z.infer<typeof bucketRestorePayloadSchema>

export const bucketRestoreCopyPayloadSchema = z.strictObject({
  bucket: z.string().min(1).max(63),
  actor: actorSchema,
})

export const backupNowPayloadSchema = z.strictObject({
  projectId: z.uuid(),
  actor: actorSchema,
  reason: z.string().max(500),
})
export type BackupNowPayload = z.infer<typeof backupNowPayloadSchema>

const runSchema = z.strictObject({
  name: z.string(),
  phase: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  bytes: z.number().int().nonnegative(),
})
export type BackupRunView = z.infer<typeof runSchema>

const restoreSchema = z.strictObject({
  name: z.string(),
  backupName: z.string(),
  phase: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  warnings: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
})
export type RestoreView = z.infer<typeof restoreSchema>

/** The last copy of the buckets (bucket-copies.ts's record), as the backup bucket holds it. */
export const copyRecordSchema = z.object({
  finishedAt: z.string(),
  copied: z.number(),
  bytesCopied: z.number(),
  removed: z.number(),
  unchanged: z.number(),
})

/** A refusal the web shows in the reader's language (the domain's codes). */
const refusedSchema = z.strictObject({
  outcome: z.literal('refused'),
  code: z.enum([
    'restore.no_backups',
    'restore.backup_not_found',
    'restore.backup_not_completed',
    'restore.other_namespace',
    'restore.bucket_not_found',
    'restore.bucket_exists',
    'restore.no_bucket_room',
    'restore.label_invalid',
  ]),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
})
export type BackupRefusal = z.infer<typeof refusedSchema>

export const listAnswerSchema = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('listed'),
    /** The schedule as Velero holds it: its cron in Việt Nam's time and when it was made. */
    schedule: z.strictObject({ cron: z.string(), createdAt: z.string().nullable() }).nullable(),
    backups: z.array(runSchema),
    restores: z.array(restoreSchema),
    lastCopy: copyRecordSchema.nullable(),
  }),
  refusedSchema,
])
export type ListAnswer = z.infer<typeof listAnswerSchema>

export const restoreAnswerSchema = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('requested'), restoreName: z.string() }),
  refusedSchema,
])
export type RestoreAnswer = z.infer<typeof restoreAnswerSchema>

export const backupNowAnswerSchema = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('started'), backupName: z.string() }),
  refusedSchema,
])
export type BackupNowAnswer = z.infer<typeof backupNowAnswerSchema>

/** Accepted: the row is written and the copy's job queued; the copy's progress is the row's. */
export const bucketRestoreAnswerSchema = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('accepted'), bucket: z.string() }),
  refusedSchema,
])
export type BucketRestoreAnswer = z.infer<typeof bucketRestoreAnswerSchema>
