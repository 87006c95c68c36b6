// The web console's side of S3 keys (decision 0032): it holds no storage keys, so it asks the
// worker through the job queue and waits for the answer. A new key's secret comes back sealed to
// a key pair this request made (sealed-secret.ts); it is opened here, removed from the job's row
// at once, and handed to the caller, which shows it to the person who asked and keeps no copy.
// Same errors as the worker's functions: CredentialError for a refusal, PlatformError when the
// storage (or the worker) failed.
import type { Actor, Origin } from '../audit/log'
import type { Db } from '../db/client'
import { dropFromResult } from '../jobs/results'
import { askWorker, malformedAnswer, type AskOptions } from './ask-worker'
import { CredentialError, findCredential, projectIdentity, requireRoomForKey, type IssuedKey } from './credentials'
import {
  ISSUE_KEY_JOB,
  KEY_JOB_WAIT_MS,
  REVOKE_KEY_JOB,
  SEALED_SECRET,
  issueAnswerSchema,
  revokeAnswerSchema,
  type IssuePayload,
  type RevokePayload,
} from './key-jobs'
import { newSecretOpener } from './sealed-secret'

type Options = AskOptions

/** Queues the job (one per request: its key is new) and waits for the worker's answer. */
const askKeyWorker = (db: Db, kind: string, payload: IssuePayload | RevokePayload, options: Options) =>
  askWorker(
    db,
    {
      kind,
      payload,
      system: 'storage',
      waitMs: KEY_JOB_WAIT_MS,
      stillRunning: 'still running; an unread key is revoked',
    },
    options,
  )

const malformed = (kind: string, jobId: bigint) => malformedAnswer(kind, jobId, 'storage')

/** The worker's refusal, as the worker's own functions would have thrown it. */
function refusal(answer: { code: CredentialError['code']; params?: Record<string, number> }): CredentialError {
  return new CredentialError(answer.code, 'refused by the key worker', answer.params ?? {})
}

/** A new key for the project's identity, its secret readable by this caller only, once. */
export async function requestS3AccessKey(
  db: Db,
  input: { projectId: string; actor: Actor; label?: string; origin?: Origin; replacing?: boolean },
  options: Options = {},
): Promise<IssuedKey> {
  // Refused here at once when it would be refused there (the worker checks again: it decides).
  await projectIdentity(db, input.projectId)
  await requireRoomForKey(db, input.projectId, input.replacing)
  const opener = await newSecretOpener()
  const payload: IssuePayload = {
    projectId: input.projectId,
    label: input.label ?? '',
    actor: { id: input.actor.id, label: input.actor.label },
    ...(input.origin ? { origin: { ip: input.origin.ip ?? null, userAgent: input.origin.userAgent ?? null } } : {}),
    ...(input.replacing ? { replacing: true } : {}),
    recipient: opener.recipient,
  }
  const { jobId, result } = await askKeyWorker(db, ISSUE_KEY_JOB, payload, options)
  const answer = issueAnswerSchema.safeParse(result)
  if (!answer.success) throw malformed(ISSUE_KEY_JOB, jobId)
  if (answer.data.outcome === 'refused') throw refusal(answer.data)
  try {
    const secretAccessKey = await opener.open(answer.data[SEALED_SECRET])
    return { credentialId: answer.data.credentialId, accessKeyId: answer.data.accessKeyId, secretAccessKey }
  } finally {
    // Read (or unreadable): either way it has no business staying.
    await dropFromResult(db, jobId, SEALED_SECRET)
  }
}

/** Revokes the key through the worker; refusals as CredentialError, like revokeS3AccessKey. */
export async function requestKeyRevocation(
  db: Db,
  input: { credentialId: string; projectId?: string; actor: Actor; reason?: string; origin?: Origin },
  options: Options = {},
): Promise<void> {
  // Refused here at once when it would be refused there (no job, no wait for a key that is not one).
  await findCredential(db, input.credentialId, input.projectId)
  const payload: RevokePayload = {
    credentialId: input.credentialId,
    ...(input.projectId !== undefined ? { projectId: input.projectId } : {}),
    actor: { id: input.actor.id, label: input.actor.label },
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
    ...(input.origin ? { origin: { ip: input.origin.ip ?? null, userAgent: input.origin.userAgent ?? null } } : {}),
  }
  const { jobId, result } = await askKeyWorker(db, REVOKE_KEY_JOB, payload, options)
  const answer = revokeAnswerSchema.safeParse(result)
  if (!answer.success) throw malformed(REVOKE_KEY_JOB, jobId)
  if (answer.data.outcome === 'refused') throw refusal(answer.data)
}

/** A new key first, then the old one revoked: the project is never without a working key. */
export async function requestKeyRotation(
  db: Db,
  input: { credentialId: string; projectId?: string; actor: Actor; origin?: Origin },
  options: Options = {},
): Promise<IssuedKey & { label: string }> {
  const old = await findCredential(db, input.credentialId, input.projectId)
  const fresh = await requestS3AccessKey(
    db,
    { projectId: old.projectId, actor: input.actor, label: old.label, origin: input.origin, replacing: true },
    options,
  )
  await requestKeyRevocation(
    db,
    { credentialId: old.id, actor: input.actor, reason: 'rotated', origin: input.origin },
    options,
  )
  return { ...fresh, label: old.label }
}
