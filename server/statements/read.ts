// Reading statements for people and programs (issue 14, decision 0048 "Statements"): the latest
// stored version of each agency's months, every version of one month with what each changed, and
// for the months not closed yet (the running one, and the one before until the statements job
// closes it) the provisional figure computed from the day rollups exactly as the job would close
// it. Callers authorise first and pass the agencies the reader may see; nothing here widens that.
import type { Db } from '../db/client'
import type { DomainError } from '../domain/errors'
import { HOUR_MS, localMidnight, localMonthOf, type LocalDate } from '../domain/local-calendar'
import type { RateCard } from '../domain/rate-card'
import { computeStatement, dailyUsageOf, statementFootprint, withFootprint, type Statement } from '../domain/statement'
import { byAgency, cardStretchesOfMonthForAll, dayRollupsOfMonth } from '../metering/rollups'
import { latestStatement, statementVersions } from '../metering/statement-store'
import { loadFootprints, loadRateCards } from '../rates/rows'
import { monthText, statementView, type ProjectName, type StatementView } from './view'

export interface AgencyRef {
  readonly id: string
  readonly code: string
  readonly nameVi: string
  readonly nameEn: string
}

const AGENCY_REF = { id: true, code: true, nameVi: true, nameEn: true } as const

export interface StatementSummary {
  readonly agency: AgencyRef
  readonly month: string
  readonly version: number | null
  readonly state: 'closed' | 'provisional'
  /** Whole đồng; null when the open month cannot be priced (`problem` says why). */
  readonly total: string | null
  readonly createdAt: string | null
  readonly problem: DomainError | null
}

/** The months still open at `now`: the running one and the one before (closed once its late pass is over). */
export function openMonths(now: Date): LocalDate[] {
  const current = localMonthOf(now)
  return [localMonthOf(new Date(localMidnight(current).getTime() - HOUR_MS)), current]
}

export async function provisionalStatement(db: Db, agencyId: string, month: LocalDate, cards: readonly RateCard[]) {
  const rollups = await dayRollupsOfMonth(db, agencyId, month)
  return computeStatement(agencyId, month, rollups.map(dailyUsageOf), cards)
}

/**
 * A month as the statements price it: its latest stored version once closed (what was sent stays
 * what counts), else the provisional figure; null when an open month cannot be priced. The one
 * rule the cost chart and the budgets' spending (decision 0050) both read.
 */
export async function monthStatement(
  db: Db,
  agencyId: string,
  month: LocalDate,
  cards: readonly RateCard[],
): Promise<{ statement: Statement; closed: boolean } | null> {
  const stored = await latestStatement(db, agencyId, month)
  if (stored) return { statement: stored.statement, closed: true }
  const computed = await provisionalStatement(db, agencyId, month, cards)
  return computed.ok ? { statement: computed.value, closed: false } : null
}

type StoredRow = { agencyId: string; month: Date; version: number; total: bigint; createdAt: Date }

/** The latest version of every stored month of these agencies, newest month first. */
async function latestVersions(db: Db, agencyIds: readonly string[], month: LocalDate | undefined) {
  if (agencyIds.length === 0) return []
  return db.$queryRaw<StoredRow[]>`
    SELECT DISTINCT ON ("agencyId", "month") "agencyId", "month", "version", "total", "createdAt"
      FROM "MonthStatement"
     WHERE "agencyId" = ANY(${[...agencyIds]}::uuid[])
       AND (${month ?? null}::date IS NULL OR "month" = ${month ?? null}::date)
     ORDER BY "agencyId", "month", "version" DESC`
}

/**
 * The open months' provisional figures of the agencies with no stored version of them: per month
 * ONE read of those agencies' use, summed per stretch under one card (cardStretchesOfMonthForAll),
 * priced by computeStatement exactly as the statements job will close it, rather than a read of
 * every agency's day rows in turn on every view of the list.
 */
async function provisionalSummaries(
  db: Db,
  agencies: readonly AgencyRef[],
  open: readonly LocalDate[],
  stored: readonly StatementSummary[],
): Promise<StatementSummary[]> {
  if (open.length === 0 || agencies.length === 0) return []
  const cards = await loadRateCards(db)
  const closed = new Set(stored.map((s) => `${s.agency.id} ${s.month}`))
  const summaries: StatementSummary[] = []
  for (const month of open) {
    const missing = agencies.filter((a) => !closed.has(`${a.id} ${monthText(month)}`))
    if (missing.length === 0) continue
    const boundaries = cards.map((c) => c.effectiveFrom)
    const ids = missing.map((a) => a.id)
    const used = byAgency(await cardStretchesOfMonthForAll(db, month, boundaries, ids))
    for (const agency of missing) {
      const computed = computeStatement(agency.id, month, (used.get(agency.id) ?? []).map(dailyUsageOf), cards)
      summaries.push({
        agency,
        month: monthText(month),
        version: null,
        state: 'provisional',
        total: computed.ok ? computed.value.total.toString() : null,
        createdAt: null,
        problem: computed.ok ? null : computed.error,
      })
    }
  }
  return summaries
}

export interface ListFilter {
  /** The agencies the reader may see: null is every one. */
  readonly visible: readonly string[] | null
  readonly agencyCode?: string | undefined
  readonly month?: LocalDate | undefined
  readonly now: Date
}

/** Each agency's months: the latest stored version, and the open months not stored yet as provisional. */
export async function listStatements(db: Db, filter: ListFilter): Promise<StatementSummary[]> {
  const agencies = await db.agency.findMany({
    where: {
      ...(filter.visible === null ? {} : { id: { in: [...filter.visible] } }),
      ...(filter.agencyCode === undefined ? {} : { code: filter.agencyCode }),
    },
    select: { ...AGENCY_REF, _count: { select: { projects: true } } },
    orderBy: { code: 'asc' },
  })
  const byId = new Map(agencies.map(({ _count: _, ...a }) => [a.id, a]))
  const stored = await latestVersions(db, [...byId.keys()], filter.month)
  const summaries: StatementSummary[] = stored.map((row) => ({
    agency: byId.get(row.agencyId)!,
    month: monthText(row.month.toISOString().slice(0, 10)),
    version: row.version,
    state: 'closed',
    total: row.total.toString(),
    createdAt: row.createdAt.toISOString(),
    problem: null,
  }))
  const open = openMonths(filter.now).filter((m) => filter.month === undefined || m === filter.month)
  const billing = agencies.filter((a) => a._count.projects > 0).map((a) => byId.get(a.id)!)
  summaries.push(...(await provisionalSummaries(db, billing, open, summaries)))
  return summaries.sort((a, b) => b.month.localeCompare(a.month) || a.agency.code.localeCompare(b.agency.code))
}

export interface AgencyMonth {
  /** Every stored version, oldest first, each with its changes against the one before. */
  readonly versions: readonly StatementView[]
  /** The open month's figure when no version is stored yet. */
  readonly provisional: StatementView | null
  readonly problem: DomainError | null
}

/**
 * The open month's provisional figure with each line's energy and emissions estimated from its
 * current day rollups (null when a day has no coefficients in force: an estimate is never made up).
 * Closed versions carry the figures they were written with.
 */
async function provisionalWithFootprint(db: Db, agencyId: string, month: LocalDate, cards: readonly RateCard[]) {
  const [rollups, versions] = await Promise.all([dayRollupsOfMonth(db, agencyId, month), loadFootprints(db)])
  const computed = computeStatement(agencyId, month, rollups.map(dailyUsageOf), cards)
  if (!computed.ok) return computed
  const estimated = statementFootprint(month, rollups, versions)
  return { ok: true as const, value: withFootprint(computed.value, estimated.ok ? estimated.value : null) }
}

async function projectNames(db: Db, statements: readonly Statement[]): Promise<Map<string, ProjectName>> {
  const ids = [...new Set(statements.flatMap((s) => s.projects.map((p) => p.projectId)))]
  const rows = await db.project.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, namespace: true },
  })
  return new Map(rows.map((row) => [row.id, row]))
}

/** One agency's month: its stored versions, or the provisional figure of an open month; null when neither. */
export async function readAgencyMonth(
  db: Db,
  agencyId: string,
  month: LocalDate,
  now: Date,
): Promise<AgencyMonth | null> {
  const [stored, cards] = await Promise.all([statementVersions(db, agencyId, month), loadRateCards(db)])
  if (stored.length === 0) {
    if (!openMonths(now).includes(month)) return null
    const computed = await provisionalWithFootprint(db, agencyId, month, cards)
    if (!computed.ok) return { versions: [], provisional: null, problem: computed.error }
    const names = await projectNames(db, [computed.value])
    const input = { statement: computed.value, version: null, createdAt: null, previous: null }
    return { versions: [], provisional: statementView(input, names, cards), problem: null }
  }
  const names = await projectNames(
    db,
    stored.map((s) => s.statement),
  )
  const versions = stored.map((s, i) =>
    statementView({ ...s, previous: stored[i - 1]?.statement ?? null }, names, cards),
  )
  return { versions, provisional: null, problem: null }
}
