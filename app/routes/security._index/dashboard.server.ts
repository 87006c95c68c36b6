import type { Db } from '#server/db/client'
import { formatDate, formatDateTime } from '#server/i18n/format'
import type { Principal } from '#server/identity/principal'
import { SEVERITIES, compareSeverity, type Severity } from '#server/security/catalogue'
import { findingSummary, findingTrend, type SeverityCounts } from '#server/security/finding-summary'
import { countAwaitingSignOff } from '#server/workflow/sign-off-queue'
import { may } from '#app/utils/auth.server'
import { translate, type Locale } from '#app/utils/i18n.server'
import { agencyName, formatInteger } from '#app/utils/labels.server'
import { approvalPolicyInForce } from '#server/policies/store'
import { auditConsoleDeps } from '../audit/audit-deps.server'
import { loadIntegrity } from '../audit/integrity.server'

// The security dashboard's figures (decision 0043), each authorised per datum (decision 0030):
// the findings within the reader's agencies (null: all); the sign-off count to those who sign
// off; the audit trail's last checkpoint to those who read the trail; the scans' runs, whose
// errors are the platform's own messages, to those who may read them (scans.read, as the API's
// /security/scans: decision 0044).

export const TREND_DAYS = 30
const BY_SEVERITY = [...SEVERITIES].sort(compareSeverity)

const total = (counts: SeverityCounts) => SEVERITIES.reduce((sum, s) => sum + counts[s], 0)

/** "12 (2 Nghiêm trọng, 10 Trung bình)": the figure and its severities, none that are zero. */
function countsText(counts: SeverityCounts, locale: Locale): string {
  const detail = BY_SEVERITY.filter((s) => counts[s] > 0)
    .map((s) => `${formatInteger(counts[s], locale)} ${translate(locale, `check.severity.${s}`)}`)
    .join(', ')
  const sum = formatInteger(total(counts), locale)
  return detail ? translate(locale, 'security.dashboard.bySeverity', { total: sum, detail }) : sum
}

export async function loadDashboard(
  db: Db,
  input: { principal: Principal; agencyIds: readonly string[] | null; locale: Locale; now: Date },
) {
  const { principal, agencyIds, locale, now } = input
  const [summary, trend, signOff, integrity, scans] = await Promise.all([
    findingSummary(db, agencyIds, now),
    findingTrend(db, agencyIds, { now, days: TREND_DAYS }),
    may(principal, 'request.sign_off')
      ? countAwaitingSignOff(db, await approvalPolicyInForce(db), principal.userId)
      : null,
    may(principal, 'audit.read') ? loadIntegrity(db, auditConsoleDeps(), locale, now) : null,
    may(principal, 'scans.read') ? lastScans(db, locale) : null,
  ])
  return {
    scoped: agencyIds !== null,
    toFix: countsText(summary.toFix, locale),
    overdue: countsText(summary.overdue, locale),
    waived: countsText(summary.waived, locale),
    cells: await summaryRows(db, summary.cells, locale),
    trend: trend.map((day) => ({
      day: day.day,
      label: formatDate(new Date(`${day.day}T12:00:00+07:00`), locale),
      counts: day.counts,
      total: total(day.counts),
    })),
    signOff: signOff === null ? null : formatInteger(signOff, locale),
    checkpoint: integrity === null ? null : checkpointText(integrity, locale),
    scans,
  }
}

type Integrity = Awaited<ReturnType<typeof loadIntegrity>>

/** The checkpoint as the audit page words it; `alarm` when it is stale or does not verify. */
function checkpointText(integrity: Integrity, locale: Locale) {
  const checkpoint = integrity.checkpoint
  if (checkpoint === null)
    return { text: translate(locale, 'security.dashboard.noCheckpoint'), stale: null, alarm: true }
  if ('unreadable' in checkpoint) return { text: checkpoint.unreadable, stale: null, alarm: true }
  return { ...checkpoint, alarm: checkpoint.stale !== null }
}

/** The summary's cells as rows: agency by name (the platform's own last), then level. */
async function summaryRows(db: Db, cells: Awaited<ReturnType<typeof findingSummary>>['cells'], locale: Locale) {
  const ids = cells.flatMap((cell) => (cell.agencyId ? [cell.agencyId] : []))
  const agencies = await db.agency.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, code: true, nameVi: true, nameEn: true },
  })
  const byId = new Map(agencies.map((a) => [a.id, a]))
  const rows = cells.map((cell) => {
    const agency = cell.agencyId ? byId.get(cell.agencyId) : undefined
    return {
      key: `${cell.agencyId ?? 'platform'}/${cell.level ?? ''}`,
      agency: agency ? agencyName(agency, locale) : translate(locale, 'security.platform'),
      agencyCode: agency?.code ?? null,
      level: cell.level,
      counts: Object.fromEntries(SEVERITIES.map((s) => [s, formatInteger(cell.counts[s], locale)])) as Record<
        Severity,
        string
      >,
      total: formatInteger(total(cell.counts), locale),
    }
  })
  const collator = new Intl.Collator(locale)
  return rows.sort(
    (a, b) =>
      Number(a.agencyCode === null) - Number(b.agencyCode === null) ||
      collator.compare(a.agency, b.agency) ||
      (a.level ?? 0) - (b.level ?? 0),
  )
}

type ScanRow = {
  source: string
  startedAt: Date
  finishedAt: Date | null
  subjects: number
  opened: number
  resolved: number
  error: string | null
}

const SOURCES = ['storage', 'keys', 'platform', 'kubernetes'] as const

/** Each source's last run, by the (source, startedAt) index: one probe per source, however many runs. */
async function lastScans(db: Db, locale: Locale) {
  const rows = await db.$queryRaw<ScanRow[]>`
    SELECT s.* FROM unnest(${[...SOURCES]}::text[]) AS src("source")
     CROSS JOIN LATERAL (
       SELECT r."source", r."startedAt", r."finishedAt", r."subjects", r."opened", r."resolved", r."error"
         FROM "SecurityScan" r WHERE r."source" = src."source" ORDER BY r."startedAt" DESC LIMIT 1) s`
  return rows.map((row) => ({
    source: row.source,
    sourceLabel: translate(locale, `security.scans.source.${row.source as (typeof SOURCES)[number]}`),
    started: formatDateTime(row.startedAt, locale),
    finished: row.finishedAt ? formatDateTime(row.finishedAt, locale) : null,
    counts: [row.subjects, row.opened, row.resolved].map((n) => formatInteger(n, locale)).join(' / '),
    error: row.error,
  }))
}

export type Dashboard = Awaited<ReturnType<typeof loadDashboard>>
