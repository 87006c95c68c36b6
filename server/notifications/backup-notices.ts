// The notice of a project's backups failing or missing (decision 0056): one per open GC-BAK-01
// finding and person (its onceKey names the finding, so a scan that sees it again tells nobody, and
// the next episode, a new finding, tells them again), to the agency's staff, with its e-mail job.
import { z } from 'zod'
import type { Db } from '../db/client'
import { formatDateTime, type Locale } from '../i18n/format'
import type { MessageKey } from '../i18n/index'
import { enqueue } from '../jobs/queue'
import { EMAIL_JOB, EMAIL_MAX_ATTEMPTS } from './record'
import { agencyStaff } from './waiver-record'

const backupParamsSchema = z.object({
  projectName: z.string().catch(''),
  namespace: z.string().catch(''),
  agencyNameVi: z.string().catch(''),
  agencyNameEn: z.string().catch(''),
  state: z.enum(['failed', 'missing']).catch('failed'),
  failures: z.number().int().catch(1),
  dueAt: z.string().catch(''),
})
export type BackupNoticeFacts = z.infer<typeof backupParamsSchema> & { readonly agencyId: string }

/** Tells the agency's staff of one open finding; the number of notices made (0 when told before). */
export async function notifyBackupUnhealthy(db: Db, findingId: string, facts: BackupNoticeFacts): Promise<number> {
  const { agencyId, ...params } = facts
  const staff = await agencyStaff(db, agencyId)
  if (staff.length === 0) return 0
  return db.$transaction(async (tx) => {
    const rows = await tx.notification.createManyAndReturn({
      data: staff.map((recipientId) => ({
        recipientId,
        kind: 'backup_unhealthy' as const,
        link: `/projects/${facts.namespace}/backups`,
        params,
        onceKey: `backup-health:${findingId}`,
      })),
      skipDuplicates: true,
      select: { id: true },
    })
    for (const row of rows) await enqueue(tx, { kind: EMAIL_JOB, key: row.id, maxAttempts: EMAIL_MAX_ATTEMPTS })
    return rows.length
  })
}

type T = (key: MessageKey, params?: Record<string, string | number>) => string

export function renderBackupNotice(params: unknown, t: T, locale: Locale): { title: string; lines: string[] } {
  const p = backupParamsSchema.parse(params ?? {})
  const agency = (locale === 'en' ? p.agencyNameEn : p.agencyNameVi) || p.agencyNameVi
  const due = p.dueAt ? formatDateTime(new Date(p.dueAt), locale) : ''
  return {
    title: t('notify.kind.backup_unhealthy', { project: p.projectName }),
    lines: [
      t('system.notify.context', { agency, project: p.projectName, namespace: p.namespace }),
      p.state === 'failed'
        ? t('backups.state.failed', { count: p.failures })
        : t('backups.state.missing', { date: due }),
      t('backups.notify.next'),
    ],
  }
}
