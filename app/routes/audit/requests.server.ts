import { recordAudit } from '#server/audit/log'
import { EXPORT_LIMIT } from '#server/audit/export'
import { VERIFY_JOB } from '#server/audit/jobs'
import type { Db } from '#server/db/client'
import type { Principal } from '#server/identity/principal'
import { enqueue } from '#server/jobs/queue'
import { requestOrigin } from '#app/utils/client-origin.server'
import type { Locale } from '#app/utils/i18n.server'
import { formatInteger } from '#app/utils/labels.server'

// What a security officer asks of the audit trail besides reading it: a full verification now
// (the workflow worker's audit.verify job), itself an entry of the trail.

export async function requestVerification(db: Db, principal: Principal, request: Request): Promise<void> {
  await enqueue(db, { kind: VERIFY_JOB, key: 'all', payload: { requestedBy: principal.userId } })
  await recordAudit(db, {
    actor: { id: principal.userId, label: principal.displayName },
    action: 'audit.verify',
    entityType: 'AuditTrail',
    entityId: 'all',
    origin: requestOrigin(request),
  })
}

export const exportLimitText = (locale: Locale) => formatInteger(EXPORT_LIMIT, locale)
