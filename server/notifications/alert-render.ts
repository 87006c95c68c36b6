// A threshold notice in words (decision 0050): the rows keep facts (resource, level, the share in
// tenths of a percent, đồng as text), the reader's language is chosen when read.
import { z } from 'zod'
import { formatMoneyVnd, formatNumber, type Locale } from '../i18n/format'
import { translateOr, type MessageKey } from '../i18n/index'
import type { AlertNotificationKind } from './alert-plan'

const alertParamsSchema = z.object({
  projectName: z.string().catch(''),
  agencyNameVi: z.string().catch(''),
  agencyNameEn: z.string().catch(''),
  resource: z.string().catch(''),
  /** Set when one bucket is over its own quota (bucket-alerts.ts). */
  bucket: z.string().nullable().catch(null),
  level: z.number().int().catch(0),
  permille: z.number().int().nullable().catch(null),
  year: z.number().int().catch(0),
  measure: z.enum(['spent', 'forecast']).catch('spent'),
  budget: z.string().regex(/^\d+$/).catch('0'),
  spent: z.string().regex(/^\d+$/).catch('0'),
  forecast: z.string().regex(/^\d+$/).nullable().catch(null),
})

type T = (key: MessageKey, params?: Record<string, string | number>) => string

/** `80,1 %` from tenths of a percent. */
export function percentText(permille: number | null, locale: Locale): string {
  return permille === null ? '—' : `${formatNumber(permille / 10, locale, { maximumFractionDigits: 1 })}%`
}

export function renderAlertNotice(
  kind: AlertNotificationKind,
  params: unknown,
  t: T,
  locale: Locale,
): { title: string; lines: string[] } {
  const p = alertParamsSchema.parse(params ?? {})
  const agency = (locale === 'en' ? p.agencyNameEn : p.agencyNameVi) || p.agencyNameVi
  const percent = percentText(p.permille ?? p.level * 10, locale)
  if (kind === 'budget_threshold') {
    const money = (text: string | null) => (text === null ? '—' : formatMoneyVnd(BigInt(text), locale))
    const titleKey = p.measure === 'forecast' ? 'notify.kind.budget_forecast' : 'notify.kind.budget_threshold'
    return {
      title: t(titleKey, { agency, year: p.year, percent }),
      lines: [
        t('alerts.notify.budgetContext', {
          year: p.year,
          budget: money(p.budget),
          spent: money(p.spent),
          forecast: money(p.forecast),
        }),
        t('alerts.notify.budgetHint'),
      ],
    }
  }
  const resource = translateOr(locale, `resourceLabel.${p.resource}`, p.resource)
  const over = p.level >= 100
  const titleKey = p.bucket
    ? 'notify.kind.bucket_over_quota'
    : over
      ? 'notify.kind.usage_over_quota'
      : 'notify.kind.usage_threshold'
  return {
    title: t(titleKey, { project: p.projectName, resource, percent, bucket: p.bucket ?? '' }),
    lines: [
      t('alerts.notify.context', { agency, project: p.projectName, level: p.level }),
      over ? t('alerts.notify.overQuotaHint') : t('alerts.notify.usageHint', { clear: p.level - 5 }),
    ],
  }
}
