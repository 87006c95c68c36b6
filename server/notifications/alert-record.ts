// Writes the notices of a threshold reached (decision 0050) in the transaction that stores the new
// level, each with its e-mail job, as record.ts does for requests; words are chosen when read
// (alert-render.ts).
import type { Tx } from '../db/client'
import type { Prisma } from '../db/generated/client'
import { enqueue } from '../jobs/queue'
import { alertRecipients, type AlertNotificationKind } from './alert-plan'
import { EMAIL_JOB, EMAIL_MAX_ATTEMPTS, usersWithRole } from './record'
import { agencyStaff } from './waiver-record'

export interface AlertNotice {
  readonly kind: AlertNotificationKind
  readonly agencyId: string
  readonly toOperators: boolean
  readonly link: string
  readonly params: Prisma.InputJsonObject
  readonly onceKey: string
}

/** Notifies the agency's staff (and the operators when asked); returns the ids made. */
export async function notifyAlert(tx: Tx, notice: AlertNotice): Promise<string[]> {
  const recipients = alertRecipients(
    {
      agencyStaff: await agencyStaff(tx, notice.agencyId),
      operators: notice.toOperators ? await usersWithRole(tx, 'dc_operator') : [],
    },
    notice.toOperators,
  )
  if (recipients.length === 0) return []
  const rows = await tx.notification.createManyAndReturn({
    data: recipients.map((recipientId) => ({
      recipientId,
      kind: notice.kind,
      link: notice.link,
      params: notice.params,
      onceKey: notice.onceKey,
    })),
    skipDuplicates: true,
    select: { id: true },
  })
  for (const row of rows) await enqueue(tx, { kind: EMAIL_JOB, key: row.id, maxAttempts: EMAIL_MAX_ATTEMPTS })
  return rows.map((r) => r.id)
}
