import { parseWithZod } from '@conform-to/zod/v4'
import type { SubmissionResult } from '@conform-to/react'
import { z } from 'zod'
import type { Db } from '#server/db/client'
import { validateName } from '#server/domain/names'
import { formatDomainError } from '#server/i18n/domain-errors'
import type { Principal } from '#server/identity/principal'
import { loggedFailure } from '#server/observability/log'
import { PlatformError } from '#server/platform/errors'
import { CredentialError, listS3AccessKeys } from '#server/provisioning/credentials'
import { requestKeyRevocation, requestKeyRotation, requestS3AccessKey } from '#server/provisioning/key-requests'
import type { KeyListRow } from '#app/components/s3-keys'
import { ofAgency, requireAuthorised } from '#app/utils/auth.server'
import { httpError } from '#app/utils/errors.server'
import { formatDateTime, translate, type Locale } from '#app/utils/i18n.server'
import { requestOrigin } from '#app/utils/client-origin.server'

// The project's S3 keys on its page: the list (never a secret: none is kept) and the three forms
// (issue, rotate, revoke). The secret of a new key travels once, in the answer to the POST that
// made it: not stored, not logged, not in a URL (no redirect after issuing, on purpose). The web
// console holds no storage keys: the worker makes and deletes keys (key-requests.ts, decision 0032).

export const LABEL_MAX = 100
export const REASON_MAX = 500

export async function loadKeys({
  db,
  projectId,
  locale,
}: {
  db: Db
  projectId: string
  locale: Locale
}): Promise<KeyListRow[]> {
  const keys = await listS3AccessKeys(db, projectId, { limit: 200 })
  return keys.map((key) => ({
    id: key.id,
    accessKeyId: key.accessKeyId,
    label: key.label,
    createdAt: formatDateTime(key.createdAt, locale),
    createdBy: key.createdBy?.displayName ?? translate(locale, 'common.none'),
    revoked: key.revokedAt
      ? translate(locale, 'keys.revokedAt', { date: formatDateTime(key.revokedAt, locale) })
      : null,
  }))
}

function schemas(locale: Locale) {
  const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) =>
    translate(locale, key, params)
  const credentialId = z.uuid({ error: t('keys.error.credential.not_found') })
  const confirm = z.literal('on', { error: t('keys.error.confirm') })
  return {
    issue: z.object({
      intent: z.literal('issue'),
      label: z
        .string({ error: t('keys.error.labelRequired') })
        .trim()
        .min(1, { error: t('keys.error.labelRequired') })
        .max(LABEL_MAX, { error: t('keys.error.labelTooLong', { max: LABEL_MAX }) })
        // Shown to everyone who sees the keys: a name, so nothing invisible or reordering (names.ts).
        .transform((raw, context) => {
          const name = validateName(raw, { maxLength: LABEL_MAX })
          if (name.ok) return name.value
          context.addIssue({ code: 'custom', message: formatDomainError(name.error, locale) })
          return z.NEVER
        }),
    }),
    rotate: z.object({ intent: z.literal('rotate'), credentialId, confirm }),
    revoke: z.object({
      intent: z.literal('revoke'),
      credentialId,
      confirm,
      reason: z
        .string()
        .trim()
        .max(REASON_MAX, { error: t('keys.error.reasonTooLong', { max: REASON_MAX }) })
        .optional(),
    }),
  }
}

export type KeyActionResult = {
  /** Which form on the page the answer belongs to: `issue`, `rotate:<id>` or `revoke:<id>`. */
  form: string
  reply: SubmissionResult<string[]>
  notice?: string
  /** Only in the answer to a successful issue or rotate. */
  issued?: { label: string; accessKeyId: string; secretAccessKey: string }
}

/**
 * Validates, authorises the intent (issue and rotate: the project's own agency; revoke: also the
 * data centre), acts, and answers with the form's result. Every CredentialError becomes a message
 * in the reader's language; a storage failure a reference that the log names.
 */
export async function keyAction(
  request: Request,
  {
    db,
    formData,
    projectId,
    agencyId,
    principal,
    locale,
  }: { db: Db; formData: FormData; projectId: string; agencyId: string; principal: Principal; locale: Locale },
): Promise<KeyActionResult> {
  const intent = formData.get('intent')
  if (intent !== 'issue' && intent !== 'rotate' && intent !== 'revoke') throw httpError(request, 400)
  const credentialId = formData.get('credentialId')
  const formId = intent === 'issue' ? 'issue' : `${intent}:${typeof credentialId === 'string' ? credentialId : ''}`
  // Audited when refused, like every denial (an operator trying to issue is worth knowing about).
  await requireAuthorised(
    request,
    intent === 'revoke' ? 'credentials.revoke' : 'credentials.issue',
    ofAgency(agencyId),
    { target: { type: 'Project', id: projectId } },
  )
  const submission = parseWithZod(formData, { schema: schemas(locale)[intent] })
  if (submission.status !== 'success') return { form: formId, reply: submission.reply() }
  const fail = (message: string) => ({ form: formId, reply: submission.reply({ formErrors: [message] }) })
  try {
    const done = await performKeyAction(submission.value, {
      db,
      projectId,
      actor: { id: principal.userId, label: principal.displayName },
      origin: requestOrigin(request),
      locale,
    })
    return { form: formId, reply: submission.reply({ resetForm: true }), ...done }
  } catch (error) {
    if (error instanceof CredentialError) return fail(translate(locale, `keys.error.${error.code}`, error.params))
    if (error instanceof PlatformError) {
      // The platform's message names the operation and the user, never a secret.
      const reference = loggedFailure(error, `S3 key ${intent} for project ${projectId} failed`)
      return fail(translate(locale, 'keys.error.storage', { reference }))
    }
    throw error
  }
}

type KeySchemas = ReturnType<typeof schemas>
type KeyIntent = z.infer<KeySchemas[keyof KeySchemas]>

/** Issues, rotates or revokes the key; what the page then says (and the new secret, once). */
async function performKeyAction(
  value: KeyIntent,
  context: {
    db: Db
    projectId: string
    actor: { id: string; label: string }
    origin: ReturnType<typeof requestOrigin>
    locale: Locale
  },
): Promise<Pick<KeyActionResult, 'notice' | 'issued'>> {
  const { db, projectId, actor, origin, locale } = context
  if (value.intent === 'issue') {
    const issued = await requestS3AccessKey(db, { projectId, actor, label: value.label, origin })
    return {
      notice: translate(locale, 'keys.issued', { label: value.label }),
      issued: { label: value.label, accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey },
    }
  }
  if (value.intent === 'rotate') {
    const issued = await requestKeyRotation(db, { credentialId: value.credentialId, projectId, actor, origin })
    return {
      notice: translate(locale, 'keys.rotated'),
      issued: { label: issued.label, accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey },
    }
  }
  const key = await db.s3Credential.findFirst({
    where: { id: value.credentialId, projectId },
    select: { accessKeyId: true },
  })
  await requestKeyRevocation(db, {
    credentialId: value.credentialId,
    projectId,
    actor,
    reason: value.reason,
    origin,
  })
  return { notice: translate(locale, 'keys.revoked', { accessKeyId: key?.accessKeyId ?? '' }) }
}
