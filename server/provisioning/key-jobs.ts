// What the web console and the worker say to each other about S3 keys, through the job queue
// (decision 0032): the web asks (a job with its payload), the worker, which alone holds the
// storage's admin keys, acts and answers on the job's row. Both sides parse with these schemas.
import { z } from 'zod'
import { recipientKeySchema } from './sealed-secret'

/** Make a key for the project's identity; the answer carries its secret sealed to the asker. */
export const ISSUE_KEY_JOB = 'credentials.issue'
/** Delete a key from the identity it was made for, and record that it is revoked. */
export const REVOKE_KEY_JOB = 'credentials.revoke'
/** Revokes the keys whose secret nobody came to read (the asker gave up or died). */
export const SWEEP_UNDELIVERED_JOB = 'credentials.sweep_undelivered'

/** How long the web waits for the worker: beyond the storage's own timeouts (15 s a call). */
export const KEY_JOB_WAIT_MS = 40_000
/** An answer still sealed this long after the job ended was never read: its key is revoked. */
export const UNDELIVERED_AFTER_MS = 2 * 60_000
/** The answer's field that holds the sealed secret, removed once read. */
export const SEALED_SECRET = 'sealedSecret'

const actorSchema = z.strictObject({ id: z.string().min(1).nullable(), label: z.string().max(300) })
const originSchema = z.strictObject({
  ip: z.string().max(100).nullable().optional(),
  userAgent: z.string().max(500).nullable().optional(),
})
const credentialCode = z.enum([
  'project.not_found',
  'project.not_provisioned',
  'credential.not_found',
  'credential.revoked',
  'credential.limit_reached',
])

export const issuePayloadSchema = z.strictObject({
  projectId: z.uuid(),
  label: z.string().max(100),
  actor: actorSchema,
  origin: originSchema.optional(),
  /** A rotation: the new key replaces one, so it does not count against the project's cap. */
  replacing: z.boolean().optional(),
  recipient: recipientKeySchema,
})
export type IssuePayload = z.infer<typeof issuePayloadSchema>

export const revokePayloadSchema = z.strictObject({
  credentialId: z.uuid(),
  projectId: z.uuid().optional(),
  actor: actorSchema,
  reason: z.string().max(500).optional(),
  origin: originSchema.optional(),
})
export type RevokePayload = z.infer<typeof revokePayloadSchema>

/** A refusal the web shows in the reader's language (CredentialError's codes). */
const refusedSchema = z.strictObject({
  outcome: z.literal('refused'),
  code: credentialCode,
  params: z.record(z.string(), z.number()).optional(),
})

export const issueAnswerSchema = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('issued'),
    credentialId: z.uuid(),
    accessKeyId: z.string().min(1),
    [SEALED_SECRET]: z.string().min(1),
  }),
  refusedSchema,
])
export type IssueAnswer = z.infer<typeof issueAnswerSchema>

export const revokeAnswerSchema = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('revoked') }),
  refusedSchema,
])
export type RevokeAnswer = z.infer<typeof revokeAnswerSchema>
