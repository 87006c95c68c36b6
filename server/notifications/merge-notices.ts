// The notice of an agency merger carried out (issue 15, decision 0057): the staff of both agencies,
// once per merger, in the transaction that applies it (now or by the due job), with their e-mail
// jobs; the words are chosen when read. Each side is told what changes for it: the merged agency's
// staff keep its history and reach the moved systems only through the receiving agency's group.
import { z } from 'zod'
import type { Tx } from '../db/client'
import { formatDate, type Locale } from '../i18n/format'
import type { MessageKey } from '../i18n/index'
import { enqueue } from '../jobs/queue'
import { localMidnight } from '../domain/local-calendar'
import { EMAIL_JOB, EMAIL_MAX_ATTEMPTS } from './record'
import { agencyStaff } from './waiver-record'

interface MergedAgency {
  readonly id: string
  readonly code: string
  readonly nameVi: string
  readonly nameEn: string
}

const mergeParamsSchema = z.object({
  side: z.enum(['from', 'into']).catch('into'),
  fromNameVi: z.string().catch(''),
  fromNameEn: z.string().catch(''),
  intoNameVi: z.string().catch(''),
  intoNameEn: z.string().catch(''),
  effectiveDate: z.iso.date().catch('1970-01-01'),
  projects: z.number().int().catch(0),
})

/**
 * Tells both agencies' staff of a merger just applied. `onceKey` makes it once per merger and
 * person, so a merger applied again (it never is: its state says applied) tells no one twice.
 */
export async function notifyMerge(
  tx: Tx,
  merge: { id: string; from: MergedAgency; into: MergedAgency; effectiveDate: string; projects: number },
): Promise<number> {
  const { from, into } = merge
  const fromStaff = await agencyStaff(tx, from.id)
  const intoStaff = (await agencyStaff(tx, into.id)).filter((id) => !fromStaff.includes(id))
  const facts = {
    fromNameVi: from.nameVi,
    fromNameEn: from.nameEn,
    intoNameVi: into.nameVi,
    intoNameEn: into.nameEn,
    effectiveDate: merge.effectiveDate,
    projects: merge.projects,
  }
  const told = [
    ...fromStaff.map((recipientId) => ({ recipientId, side: 'from' as const, link: '/statements' })),
    ...intoStaff.map((recipientId) => ({ recipientId, side: 'into' as const, link: '/projects' })),
  ]
  const rows = await tx.notification.createManyAndReturn({
    data: told.map(({ recipientId, side, link }) => ({
      recipientId,
      kind: 'agency_merged' as const,
      link,
      params: { side, ...facts },
      onceKey: `merge:${merge.id}`,
    })),
    skipDuplicates: true,
    select: { id: true },
  })
  for (const row of rows) await enqueue(tx, { kind: EMAIL_JOB, key: row.id, maxAttempts: EMAIL_MAX_ATTEMPTS })
  return rows.length
}

type T = (key: MessageKey, params?: Record<string, string | number>) => string

export function renderMergeNotice(params: unknown, t: T, locale: Locale): { title: string; lines: string[] } {
  const p = mergeParamsSchema.parse(params ?? {})
  const from = (locale === 'en' ? p.fromNameEn : p.fromNameVi) || p.fromNameVi
  const into = (locale === 'en' ? p.intoNameEn : p.intoNameVi) || p.intoNameVi
  const date = formatDate(localMidnight(p.effectiveDate), locale)
  const title = t('notify.kind.agency_merged', { from, into, date })
  const lines = [t('merge.notify.moved', { into, count: p.projects })]
  lines.push(
    p.side === 'from' ? t('merge.notify.fromSide', { from, into }) : t('merge.notify.intoSide', { into, date }),
  )
  return { title, lines }
}
