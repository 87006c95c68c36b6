// The notices of a system's closing request (decision 0058): the rows in the transaction of the
// change with their e-mail jobs (who: closure-plan.ts), and the words when read.
import { z } from 'zod'
import type { Db, Tx } from '../db/client'
import type { Locale } from '../i18n/format'
import type { MessageKey } from '../i18n/index'
import { enqueue } from '../jobs/queue'
import { closureNoticeLink, closureRecipients, type ClosureNotificationKind } from './closure-plan'
import { EMAIL_JOB, EMAIL_MAX_ATTEMPTS } from './record'
import { agencyStaff } from './waiver-record'

const closureParamsSchema = z.object({
  /** Which closing request: a withdrawal finds who was told of it by this. */
  closureId: z.string().catch(''),
  projectName: z.string().catch(''),
  namespace: z.string().catch(''),
  agencyNameVi: z.string().catch(''),
  agencyNameEn: z.string().catch(''),
  /** The agency's reason when asked, the operator's note when decided. */
  reason: z.string().nullable().catch(null),
})

export async function notifyClosureEvent(
  tx: Tx | Db,
  input: {
    kind: ClosureNotificationKind
    closureId: string
    projectId: string
    actorId: string
    requesterId: string
    reason: string | null
    /** Of a request: the people who may decide it (server/workflow/project-closure.ts asks who). */
    deciders?: readonly string[]
  },
): Promise<number> {
  const project = await tx.project.findUniqueOrThrow({
    where: { id: input.projectId },
    select: { name: true, namespace: true, agencyId: true, agency: { select: { nameVi: true, nameEn: true } } },
  })
  const people =
    input.kind === 'closure_requested'
      ? { deciders: input.deciders ?? [], staff: [], requesterId: input.requesterId }
      : {
          deciders: [],
          staff: await agencyStaff(tx, project.agencyId),
          requesterId: input.requesterId,
          told: input.kind === 'closure_withdrawn' ? await toldOfRequest(tx, input.closureId) : [],
        }
  const recipients = closureRecipients(input.kind, people, input.actorId)
  if (recipients.length === 0) return 0
  const params = {
    closureId: input.closureId,
    projectName: project.name,
    namespace: project.namespace,
    agencyNameVi: project.agency.nameVi,
    agencyNameEn: project.agency.nameEn,
    reason: input.reason,
  } satisfies z.infer<typeof closureParamsSchema>
  const rows = await tx.notification.createManyAndReturn({
    data: recipients.map((recipientId) => ({
      recipientId,
      kind: input.kind,
      link: closureNoticeLink(project.namespace),
      params,
    })),
    select: { id: true },
  })
  for (const row of rows) await enqueue(tx, { kind: EMAIL_JOB, key: row.id, maxAttempts: EMAIL_MAX_ATTEMPTS })
  return rows.length
}

/** Who was told the closing request was asked: they are told when it is withdrawn (decision 0075). */
async function toldOfRequest(tx: Tx | Db, closureId: string): Promise<string[]> {
  const rows = await tx.notification.findMany({
    where: { kind: 'closure_requested', params: { path: ['closureId'], equals: closureId } },
    select: { recipientId: true },
  })
  return rows.map((row) => row.recipientId)
}

type T = (key: MessageKey, params?: Record<string, string | number>) => string

export function renderClosureNotice(
  kind: ClosureNotificationKind,
  params: unknown,
  t: T,
  locale: Locale,
): { title: string; lines: string[] } {
  const p = closureParamsSchema.parse(params ?? {})
  const agency = (locale === 'en' ? p.agencyNameEn : p.agencyNameVi) || p.agencyNameVi
  const title = t(`notify.kind.${kind}`, { project: p.projectName })
  const lines = [t('system.notify.context', { agency, project: p.projectName, namespace: p.namespace })]
  if (p.reason) lines.push(t('notify.reason', { reason: p.reason }))
  if (kind === 'closure_approved') lines.push(t('closing.notify.approved'))
  if (kind === 'closure_withdrawn') lines.push(t('closing.notify.withdrawn'))
  return { title, lines }
}
