// A stored notification in words, in the reader's language: the title and lines the console
// shows, and the e-mail (subject, plain text, HTML) the e-mail job sends. The rows keep only
// facts (params); the words are chosen when read, so a change of language applies to old ones too.
import { z } from 'zod'
import { formatDate, type Locale } from '../i18n/format'
import { isMessageKey, translate, type MessageKey } from '../i18n/index'
import { ALERT_NOTIFICATION_KINDS, type AlertNotificationKind } from './alert-plan'
import { renderAlertNotice } from './alert-render'
import { renderMergeNotice } from './merge-notices'
import { isMergeKind } from './merge-plan'
import type { NotificationKind } from './plan'
import { renderClosureNotice } from './closure-notices'
import { isClosureKind } from './closure-plan'
import { renderBackupNotice } from './backup-notices'
import { renderSystemNotice } from './system-notices'
import { isSystemKind } from './system-plan'
import { WAIVER_NOTIFICATION_KINDS, type WaiverNotificationKind } from './waiver-plan'

/** What record.ts stores in `params`: the planner's facts plus names of the project and agency. */
export const storedParamsSchema = z.object({
  requestKind: z.enum(['new', 'increase', 'decrease']).catch('new'),
  reason: z.string().optional().catch(undefined),
  outcome: z.enum(['full', 'partial']).optional().catch(undefined),
  automatic: z.boolean().optional().catch(undefined),
  endsAt: z.iso.datetime().optional().catch(undefined),
  signOffRequired: z.boolean().optional().catch(undefined),
  // A waiver's notice (waiver-record.ts).
  waiverNumber: z.number().int().optional().catch(undefined),
  checkId: z.string().optional().catch(undefined),
  subject: z.string().nullable().optional().catch(undefined),
  projectName: z.string().catch(''),
  agencyNameVi: z.string().catch(''),
  agencyNameEn: z.string().catch(''),
})
export type StoredParams = z.infer<typeof storedParamsSchema>

export interface NoticeToRender {
  readonly kind: NotificationKind
  readonly requestNumber: number | null
  readonly link: string
  readonly params: unknown
}

export interface RenderedNotice {
  readonly title: string
  readonly lines: readonly string[]
}

const isWaiverKind = (kind: NotificationKind): kind is WaiverNotificationKind =>
  (WAIVER_NOTIFICATION_KINDS as readonly string[]).includes(kind)

const isAlertKind = (kind: NotificationKind): kind is AlertNotificationKind =>
  (ALERT_NOTIFICATION_KINDS as readonly string[]).includes(kind)

export function renderNotice(notice: NoticeToRender, locale: Locale): RenderedNotice {
  const p = storedParamsSchema.parse(notice.params ?? {})
  const t = (key: MessageKey, params: Record<string, string | number> = {}) => translate(locale, key, params)
  const date = p.endsAt ? formatDate(new Date(p.endsAt), locale) : ''
  if (isWaiverKind(notice.kind)) return renderWaiverNotice(notice.kind, p, t, { locale, date })
  if (isAlertKind(notice.kind)) return renderAlertNotice(notice.kind, notice.params, t, locale)
  if (isSystemKind(notice.kind)) return renderSystemNotice(notice.kind, notice.params, t, locale)
  if (isMergeKind(notice.kind)) return renderMergeNotice(notice.params, t, locale)
  if (isClosureKind(notice.kind)) return renderClosureNotice(notice.kind, notice.params, t, locale)
  if (notice.kind === 'backup_unhealthy') return renderBackupNotice(notice.params, t, locale)
  const title = t(`notify.kind.${notice.kind}`, { number: notice.requestNumber ?? '?', date })
  const lines = [
    t('notify.context', {
      agency: (locale === 'en' ? p.agencyNameEn : p.agencyNameVi) || p.agencyNameVi,
      project: p.projectName,
      requestKind: t(`request.kind.${p.requestKind}`),
    }),
  ]
  const reason = p.reason?.trim()
  if (reason && ['request_returned', 'request_rejected', 'request_revoked'].includes(notice.kind))
    lines.push(t('notify.reason', { reason }))
  if (notice.kind === 'request_submitted' && p.signOffRequired) lines.push(t('notify.signOffNeeded'))
  if (notice.kind === 'request_approved' && p.outcome === 'partial') lines.push(t('notify.partial'))
  if (notice.kind === 'request_approved' && p.automatic) lines.push(t('notify.automatic'))
  if (notice.kind === 'request_signed_off') lines.push(t('notify.signedOffNext'))
  if (notice.kind === 'request_expiring') lines.push(t('notify.expiringHint'))
  if (notice.kind === 'request_expired' || notice.kind === 'request_revoked') lines.push(t('notify.expiredHint'))
  return { title, lines }
}

/** A waiver's notice: its number, the check (by its title) and what it covers; the reason and what to do next. */
function renderWaiverNotice(
  kind: WaiverNotificationKind,
  p: StoredParams,
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
  { locale, date }: { locale: Locale; date: string },
): RenderedNotice {
  const checkId = p.checkId ?? '?'
  const titleKey = `check.${checkId}.title`
  const check = isMessageKey(titleKey) ? `${checkId} (${t(titleKey)})` : checkId
  const title = t(`notify.kind.${kind}`, { number: p.waiverNumber ?? '?', date })
  const lines = [
    t('waiver.notify.context', {
      agency: (locale === 'en' ? p.agencyNameEn : p.agencyNameVi) || p.agencyNameVi,
      project: p.projectName,
      check,
    }),
    p.subject ? t('waiver.notify.subject', { subject: p.subject }) : t('waiver.notify.wholeCheck'),
  ]
  const reason = p.reason?.trim()
  if (reason && (kind === 'waiver_rejected' || kind === 'waiver_revoked' || kind === 'waiver_approved'))
    lines.push(t('notify.reason', { reason }))
  if (kind === 'waiver_expiring') lines.push(t('waiver.notify.expiringHint'))
  if (kind === 'waiver_expired' || kind === 'waiver_revoked') lines.push(t('waiver.notify.reopenedHint'))
  return { title, lines }
}

export interface RenderedEmail {
  readonly subject: string
  readonly text: string
  readonly html: string
}

/** The e-mail of one notification; `publicUrl` is the console's origin (links must be absolute). */
export function renderEmail(
  notice: NoticeToRender,
  input: { locale: Locale; recipientName: string; publicUrl: string },
): RenderedEmail {
  const { locale } = input
  const { title, lines } = renderNotice(notice, locale)
  const origin = input.publicUrl.replace(/\/+$/, '')
  const detailsUrl = `${origin}${notice.link}`
  const inboxUrl = `${origin}/notifications`
  const greeting = translate(locale, 'notify.email.greeting', { name: input.recipientName })
  const details = translate(locale, 'notify.email.details', { url: detailsUrl })
  const footer = translate(locale, 'notify.email.footer', { app: translate(locale, 'app.name'), url: inboxUrl })
  const text = [greeting, '', title, '', ...lines, '', details, '', '-- ', footer, ''].join('\n')
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>`,
    `<p>${escapeHtml(greeting)}</p>`,
    `<p><strong>${escapeHtml(title)}</strong></p>`,
    ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p><a href="${escapeHtml(detailsUrl)}">${escapeHtml(translate(locale, isWaiverKind(notice.kind) ? 'waiver.notify.open' : isAlertKind(notice.kind) || isSystemKind(notice.kind) || isMergeKind(notice.kind) || isClosureKind(notice.kind) || notice.kind === 'backup_unhealthy' ? 'alerts.notify.open' : 'notify.open'))}</a></p>`,
    `<hr><p style="color:#555;font-size:smaller">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n')
  return { subject: title, text, html }
}

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )
}
