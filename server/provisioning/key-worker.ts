// The worker's side of S3 keys (decision 0032): it alone holds the storage's admin keys. It makes
// and deletes keys of project identities only, as the web console asked through the job queue,
// seals each new secret to the request that asked, and revokes keys whose secret nobody read.
import type { Db } from '../db/client'
import { answersStillHolding, dropFromResult } from '../jobs/results'
import type { JobHandler, JobResult, PeriodicTask } from '../jobs/worker'
import { PlatformError } from '../platform/errors'
import type { ObjectStorage } from '../platform/storage/object-storage'
import { enqueueKeyScan } from '../security/scan-jobs'
import { SYSTEM_ACTOR } from './audit'
import { CredentialError, issueS3AccessKey, revokeS3AccessKey } from './credentials'
import {
  ISSUE_KEY_JOB,
  REVOKE_KEY_JOB,
  SEALED_SECRET,
  SWEEP_UNDELIVERED_JOB,
  UNDELIVERED_AFTER_MS,
  issuePayloadSchema,
  revokePayloadSchema,
  type IssueAnswer,
  type RevokeAnswer,
} from './key-jobs'
import { sealSecret } from './sealed-secret'

type KeyDeps = { readonly db: Db; readonly storage: ObjectStorage }

/**
 * A refusal is an answer (done); a storage failure ends the job failed with the platform's
 * message, which names the operation and the identity, never a secret. Nothing is retried: the
 * asker is waiting now, and making a key twice would make two.
 */
async function answering(act: () => Promise<IssueAnswer | RevokeAnswer>): Promise<JobResult> {
  try {
    return { status: 'done', result: await act() }
  } catch (error) {
    if (error instanceof CredentialError)
      return { status: 'done', result: { outcome: 'refused', code: error.code, params: { ...error.params } } }
    if (error instanceof PlatformError) return { status: 'terminal', error: error.message }
    throw error
  }
}

/**
 * The project's keys are scanned again (GC-KEY-01) once one is issued or revoked, in the scan
 * jobs' own queue: the person waiting for the key does not wait for the scan, and a scan that
 * cannot be queued leaves it to the periodic storage scan.
 */
async function rescanKeys(db: Db, result: JobResult, projectId: () => Promise<string | null>): Promise<JobResult> {
  const outcome = result.status === 'done' ? result.result?.['outcome'] : undefined
  if (outcome === 'issued' || outcome === 'revoked') {
    const id = await projectId().catch(() => null)
    if (id) await enqueueKeyScan(db, id).catch(() => undefined)
  }
  return result
}

const credentialProject = (db: Db, credentialId: string) => async () =>
  (await db.s3Credential.findUnique({ where: { id: credentialId }, select: { projectId: true } }))?.projectId ?? null

export function keyJobHandlers(deps: KeyDeps): Record<string, JobHandler> {
  return {
    [ISSUE_KEY_JOB]: async (job) => {
      const input = issuePayloadSchema.safeParse(job.payload)
      if (!input.success) return { status: 'terminal', error: 'malformed key request' }
      const { recipient, ...request } = input.data
      const answered = answering(async () => {
        const issued = await issueS3AccessKey(deps, request)
        const sealed = await sealSecret(recipient, issued.secretAccessKey)
        return {
          outcome: 'issued',
          credentialId: issued.credentialId,
          accessKeyId: issued.accessKeyId,
          [SEALED_SECRET]: sealed,
        }
      })
      return rescanKeys(deps.db, await answered, () => Promise.resolve(request.projectId))
    },
    [REVOKE_KEY_JOB]: async (job) => {
      const input = revokePayloadSchema.safeParse(job.payload)
      if (!input.success) return { status: 'terminal', error: 'malformed revocation' }
      const answered = answering(async () => {
        await revokeS3AccessKey(deps, input.data)
        return { outcome: 'revoked' }
      })
      return rescanKeys(deps.db, await answered, credentialProject(deps.db, input.data.credentialId))
    },
    [SWEEP_UNDELIVERED_JOB]: async () => {
      await revokeUndelivered(deps)
      return { status: 'done' }
    },
  }
}

/**
 * Keys whose sealed secret is still on the job long after it ended: the request that asked gave
 * up or died, nobody can ever read the secret, so the key is revoked rather than left working.
 */
export async function revokeUndelivered(deps: KeyDeps, olderThanMs = UNDELIVERED_AFTER_MS): Promise<number> {
  const stale = await answersStillHolding(deps.db, { kind: ISSUE_KEY_JOB, field: SEALED_SECRET, olderThanMs })
  let revoked = 0
  for (const job of stale) {
    const credentialId = typeof job.result['credentialId'] === 'string' ? job.result['credentialId'] : null
    if (credentialId) {
      try {
        await revokeS3AccessKey(deps, {
          credentialId,
          actor: { id: SYSTEM_ACTOR.id, label: SYSTEM_ACTOR.label },
          reason: 'never delivered: the request that asked for it ended before reading the secret',
        })
        revoked++
        await rescanKeys(
          deps.db,
          { status: 'done', result: { outcome: 'revoked' } },
          credentialProject(deps.db, credentialId),
        )
      } catch (error) {
        // Revoked by someone meanwhile: nothing left to do. A storage failure: try on the next pass.
        if (!(error instanceof CredentialError)) throw error
      }
    }
    await dropFromResult(deps.db, job.id, SEALED_SECRET)
  }
  return revoked
}

export function keySchedule(everyMs = 60_000): PeriodicTask[] {
  return [{ name: SWEEP_UNDELIVERED_JOB, everyMs, job: { kind: SWEEP_UNDELIVERED_JOB, key: 'all' } }]
}
