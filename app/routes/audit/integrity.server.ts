import { lastCheckpoint, lastVerification } from '#server/audit/integrity'
import { VERIFY_JOB } from '#server/audit/jobs'
import type { TrailReportJson } from '#server/audit/report'
import type { AuditReader } from '#server/audit/settings'
import type { Db } from '#server/db/client'
import { formatDateTime } from '#server/i18n/format'
import { translate, type Locale } from '#app/utils/i18n.server'
import { formatInteger } from '#app/utils/labels.server'

// The integrity panel of the audit page: the last checkpoint as signed (its copy's signature
// checked, not the index row believed), its age and whether it is stale, and the last full
// verification in words.

export type IntegrityView = {
  configured: boolean
  checkpoint: { text: string; stale: string | null } | { unreadable: string } | null
  verification: { intact: boolean; summary: string; problems: string[] } | null
  verifying: boolean
}

export async function loadIntegrity(db: Db, reader: AuditReader, locale: Locale, now: Date): Promise<IntegrityView> {
  const [last, verification, pending] = await Promise.all([
    lastCheckpoint(db, reader, now),
    lastVerification(db),
    db.job.count({ where: { kind: VERIFY_JOB, state: { in: ['queued', 'running'] } } }),
  ])
  const view = {
    configured: reader.publicKey !== null,
    verification: verification ? verificationView(verification, locale) : null,
    verifying: pending > 0,
  }
  if (!last) return { ...view, checkpoint: null }
  if (!last.verified || !last.createdAt)
    return {
      ...view,
      checkpoint: { unreadable: translate(locale, 'audit.integrity.unreadable', { number: last.number }) },
    }
  const text = translate(locale, 'audit.integrity.checkpoint', {
    number: last.number,
    at: formatDateTime(last.createdAt, locale),
    age: age(now.getTime() - last.createdAt.getTime(), locale),
    seq: formatInteger(last.headSeq ?? 0, locale),
  })
  const every = interval(reader.settings.AUDIT_CHECKPOINT_SECONDS * 1000, locale)
  return {
    ...view,
    checkpoint: { text, stale: last.stale ? translate(locale, 'audit.integrity.stale', { interval: every }) : null },
  }
}

function verificationView(report: TrailReportJson, locale: Locale): IntegrityView['verification'] {
  const at = formatDateTime(new Date(report.checkedAt), locale)
  return {
    intact: report.intact,
    summary: report.intact
      ? translate(locale, 'audit.integrity.intact', { verified: formatInteger(report.verified, locale), at })
      : translate(locale, 'audit.integrity.broken', { at }),
    problems: problemSentences(report, locale),
  }
}

/** What a report found, one sentence each: the first broken entry, the first bad checkpoint, staleness. */
export function problemSentences(report: TrailReportJson, locale: Locale): string[] {
  const out: string[] = []
  const entry = report.entryProblem
  if (entry)
    out.push(
      translate(locale, `audit.problem.${entry.kind}`, {
        seq: formatInteger(BigInt(entry.seq), locale),
        checkpoint: entry.checkpoint ?? '',
      }),
    )
  const checkpoint = report.checkpointProblem
  if (checkpoint)
    out.push(
      translate(locale, 'audit.problem.checkpoint', {
        number: checkpoint.number,
        reason: translate(locale, `audit.checkpointReason.${checkpoint.reason}`),
      }),
    )
  if (report.overwritten.length > 0)
    out.push(translate(locale, 'audit.problem.overwritten', { numbers: report.overwritten.join(', ') }))
  if (report.stale) out.push(translate(locale, 'audit.problem.stale'))
  return out
}

/** "5 phút trước" / "5 minutes ago", in the unit that reads best. */
function age(ms: number, locale: Locale): string {
  const minutes = Math.max(0, Math.round(ms / 60_000))
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'always' })
  if (minutes < 120) return format.format(-minutes, 'minute')
  if (minutes < 48 * 60) return format.format(-Math.round(minutes / 60), 'hour')
  return format.format(-Math.round(minutes / 1440), 'day')
}

/** "10 phút" / "10 minutes", "2 giờ" / "2 hours". */
function interval(ms: number, locale: Locale): string {
  const minutes = Math.round(ms / 60_000)
  const [value, unit] = minutes % 60 === 0 && minutes >= 60 ? [minutes / 60, 'hour'] : [Math.max(1, minutes), 'minute']
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value)
}
