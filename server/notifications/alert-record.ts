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

/**
 * Notifies each notice's agency staff (and the operators when asked), the people looked up once per
 * agency for all the notices of a page; returns the ids made. A notice's once-only key makes a
 * second call for the same level and hour make nothing.
 */
export async function notifyAlerts(tx: Tx, notices: readonly AlertNotice[]): Promise<string[]> {
  if (notices.length === 0) return []
  const staff = new Map<string, string[]>()
  for (const agencyId of new Set(notices.map((n) => n.agencyId))) staff.set(agencyId, await agencyStaff(tx, agencyId))
  const operators = notices.some((n) => n.toOperators) ? await usersWithRole(tx, 'dc_operator') : []
  const data = notices.flatMap((notice) =>
    alertRecipients({ agencyStaff: staff.get(notice.agencyId) ?? [], operators }, notice.toOperators).map(
      (recipientId) => ({
        recipientId,
        kind: notice.kind,
        link: notice.link,
        params: notice.params,
        onceKey: notice.onceKey,
      }),
    ),
  )
  if (data.length === 0) return []
  const rows = await tx.notification.createManyAndReturn({ data, skipDuplicates: true, select: { id: true } })
  for (const row of rows) await enqueue(tx, { kind: EMAIL_JOB, key: row.id, maxAttempts: EMAIL_MAX_ATTEMPTS })
  return rows.map((r) => r.id)
}
