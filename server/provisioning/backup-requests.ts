// The web console's side of a project's backups (issue 15, decision 0056): it holds no cluster
// credentials, so it asks the worker through the job queue (backup-jobs.ts) and reads the answer.
// A refusal comes back as the domain's error, for the form's field or the API's problem; the
// worker failing (or not answering in time) as a PlatformError.
import type { Actor } from '../audit/log'
import type { Db } from '../db/client'
import { backupHealth, type BackupHealth } from '../domain/backup-health'
import { err, ok, type Result } from '../domain/errors'
import { askWorker, malformedAnswer, type AskOptions } from './ask-worker'
import {
  BACKUP_JOB_WAIT_MS,
  BACKUP_NOW_JOB,
  LIST_BACKUPS_JOB,
  RESTORE_JOB,
  backupNowAnswerSchema,
  listAnswerSchema,
  restoreAnswerSchema,
  type BackupRefusal,
  type ListAnswer,
} from './backup-jobs'
import type { z } from 'zod'

export type BackupsOverview = Omit<Extract<ListAnswer, { outcome: 'listed' }>, 'outcome'> & {
  /** Null without a schedule (no backup quota, or Velero not configured). */
  readonly health: BackupHealth | null
}

async function ask<S extends z.ZodType<{ outcome: string }>>(
  db: Db,
  kind: string,
  payload: Record<string, unknown>,
  schema: S,
  options: AskOptions,
): Promise<z.infer<S>> {
  const { jobId, result } = await askWorker(
    db,
    { kind, payload, system: 'kubernetes', waitMs: BACKUP_JOB_WAIT_MS },
    options,
  )
  const answer = schema.safeParse(result)
  if (!answer.success) throw malformedAnswer(kind, jobId, 'kubernetes')
  return answer.data
}

const refusal = (answer: BackupRefusal) => err(answer.code, answer.params ?? {})

/** The project's backups, restores and last copy, with what they say (health) at `now`. */
export async function readBackups(
  db: Db,
  projectId: string,
  options: AskOptions & { now?: Date } = {},
): Promise<Result<BackupsOverview>> {
  const answer = await ask(db, LIST_BACKUPS_JOB, { projectId }, listAnswerSchema, options)
  if (answer.outcome === 'refused') return refusal(answer)
  const { outcome: _, ...listed } = answer
  const health = listed.schedule
    ? backupHealth({
        schedule: listed.schedule.cron,
        scheduledSince: listed.schedule.createdAt ? new Date(listed.schedule.createdAt) : null,
        runs: listed.backups,
        now: options.now ?? new Date(),
      })
    : null
  return ok({ ...listed, health })
}

/** A restore of one of the project's backups into its namespace; refused as the rule says. */
export async function askRestore(
  db: Db,
  input: { projectId: string; backupName: string; namespace?: string; actor: Actor },
  options: AskOptions = {},
): Promise<Result<{ restoreName: string }>> {
  const payload = {
    projectId: input.projectId,
    backupName: input.backupName,
    ...(input.namespace !== undefined ? { namespace: input.namespace } : {}),
    actor: { id: input.actor.id, label: input.actor.label },
  }
  const answer = await ask(db, RESTORE_JOB, payload, restoreAnswerSchema, options)
  return answer.outcome === 'refused' ? refusal(answer) : ok({ restoreName: answer.restoreName })
}

/**
 * A backup of the project now, from its schedule's template (decommissioning's last backup): the
 * Backup is created and runs on; its phase shows with the others. Refused without a schedule.
 */
export async function requestBackupNow(
  db: Db,
  input: { projectId: string; actor: Actor; reason: string },
  options: AskOptions = {},
): Promise<Result<{ backupName: string }>> {
  const payload = {
    projectId: input.projectId,
    actor: { id: input.actor.id, label: input.actor.label },
    reason: input.reason,
  }
  const answer = await ask(db, BACKUP_NOW_JOB, payload, backupNowAnswerSchema, options)
  return answer.outcome === 'refused' ? refusal(answer) : ok({ backupName: answer.backupName })
}
