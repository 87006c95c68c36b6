// The notices of an information system's registration and review (decision 0055): the rows in
// the transaction of the change with their e-mail jobs (who: system-plan.ts), and the words when read.
import { z } from 'zod'
import type { Db, Tx } from '../db/client'
import type { Prisma } from '../db/generated/client'
import type { Locale } from '../i18n/format'
import type { MessageKey } from '../i18n/index'
import { enqueue } from '../jobs/queue'
import { EMAIL_JOB, EMAIL_MAX_ATTEMPTS, usersWithRole } from './record'
import { systemNoticeLink, systemRecipients, TO_OFFICERS, type SystemNotificationKind } from './system-plan'
import { agencyStaff } from './waiver-record'

const systemParamsSchema = z.object({
  projectName: z.string().catch(''),
  namespace: z.string().catch(''),
  agencyNameVi: z.string().catch(''),
  agencyNameEn: z.string().catch(''),
  level: z.number().int().nullable().catch(null),
  proposedLevel: z.number().int().nullable().catch(null),
  reason: z.string().nullable().catch(null),
})
export type SystemNoticeFacts = z.infer<typeof systemParamsSchema> & { readonly agencyId: string }

export async function notifySystemEvent(
  tx: Tx | Db,
  input: {
    kind: SystemNotificationKind
    actorId: string | null
    proponents: readonly string[]
    facts: SystemNoticeFacts
  },
): Promise<number> {
  const { kind, facts } = input
  const people = TO_OFFICERS.includes(kind)
    ? { officers: await usersWithRole(tx, 'security_officer'), staff: [], proponents: [] }
    : { officers: [], staff: await agencyStaff(tx, facts.agencyId), proponents: input.proponents }
  const recipients = systemRecipients(kind, people, input.actorId)
  if (recipients.length === 0) return 0
  const { agencyId: _agencyId, ...stored } = facts
  const params = stored satisfies Prisma.InputJsonObject
  const rows = await tx.notification.createManyAndReturn({
    data: recipients.map((recipientId) => ({
      recipientId,
      kind,
      link: systemNoticeLink(kind, facts.namespace),
      params,
    })),
    select: { id: true },
  })
  for (const row of rows) await enqueue(tx, { kind: EMAIL_JOB, key: row.id, maxAttempts: EMAIL_MAX_ATTEMPTS })
  return rows.length
}

type T = (key: MessageKey, params?: Record<string, string | number>) => string

export function renderSystemNotice(
  kind: SystemNotificationKind,
  params: unknown,
  t: T,
  locale: Locale,
): { title: string; lines: string[] } {
  const p = systemParamsSchema.parse(params ?? {})
  const agency = (locale === 'en' ? p.agencyNameEn : p.agencyNameVi) || p.agencyNameVi
  const title = t(`notify.kind.${kind}`, { project: p.projectName })
  const lines = [t('system.notify.context', { agency, project: p.projectName, namespace: p.namespace })]
  if (p.proposedLevel !== null) lines.push(t('system.notify.proposed', { level: p.proposedLevel }))
  if ((kind === 'system_confirmed' || kind === 'system_level_changed') && p.level !== null)
    lines.push(t('system.notify.confirmed', { level: p.level }))
  if (kind === 'system_level_change_refused' && p.level !== null)
    lines.push(t('system.notify.kept', { level: p.level }))
  if (p.reason) lines.push(t('notify.reason', { reason: p.reason }))
  if (kind === 'system_confirmed') lines.push(t('system.notify.nextQuota'))
  if (kind === 'system_returned') lines.push(t('system.notify.nextResubmit'))
  if (kind === 'system_reopened') lines.push(t('system.notify.nextPropose'))
  if (kind === 'system_level_change_proposed') lines.push(t('system.notify.meanwhile'))
  return { title, lines }
}
