// The statements job (issue 14, decision 0048 "Statements"): on one worker replica at a time (the
// queue's schedule), it closes every agency's statement of a local month once the month's last
// hour has had the metering's late pass, and issues version n+1 of a closed month whose rollups
// have changed since (late records). A run that finds nothing changed writes nothing.
import type { Db } from '../db/client'
import { HOUR_MS, localMidnight, localMonthOf, nextLocalMonth, type LocalDate } from '../domain/local-calendar'
import type { RateCard } from '../domain/rate-card'
import {
  computeStatement,
  dailyUsageOf,
  statementChanges,
  statementFootprint,
  withFootprint,
  type DayRollup,
} from '../domain/statement'
import type { JobHandler, PeriodicTask } from '../jobs/worker'
import { loadFootprints, loadRateCards, type StoredFootprint } from '../rates/rows'
import { writeMonthRows } from './month-rows'
import { byAgency, cardStretchesOfMonthForAll } from './rollups'
import { firstClosedAt, latestStatement, writeStatementVersion } from './statement-store'

export const STATEMENTS_JOB = 'metering.statements'

export interface StatementJobDeps {
  readonly db: Db
  readonly now?: () => Date
  /**
   * Ended months looked at each run. The metering catches up 48 hours at most (hours.ts), so a
   * closed month's rollups can change only in the days after it ends; two months cover that.
   */
  readonly lookbackMonths?: number
  readonly log?: (line: string) => void
}

export interface StatementWritten {
  readonly agencyId: string
  readonly month: LocalDate
  readonly version: number
  readonly changes: number
}

/** The ended local months to look at, oldest first: those whose last hour has had its late pass. */
async function monthsToClose(db: Db, now: Date, lookback: number): Promise<LocalDate[]> {
  const months: LocalDate[] = []
  let month = localMonthOf(now)
  for (let i = 0; i < lookback; i++) {
    const previous = localMonthOf(new Date(localMidnight(month).getTime() - HOUR_MS))
    months.unshift(previous)
    month = previous
  }
  const lastHours = months.map((m) => new Date(localMidnight(nextLocalMonth(m)).getTime() - HOUR_MS))
  const passed = await db.meteringHour.findMany({ where: { hour: { in: lastHours }, passes: { gte: 2 } } })
  const late = new Set(passed.map((h) => h.hour.getTime()))
  return months.filter((_, i) => late.has(lastHours[i]!.getTime()))
}

/** Agencies with use in the month, or a statement of it already (a correction may remove all its lines). */
async function agenciesOf(db: Db, month: LocalDate, used: ReadonlyMap<string, unknown>): Promise<string[]> {
  const stated = await db.monthStatement.findMany({
    where: { month: new Date(`${month}T00:00:00Z`) },
    select: { agencyId: true },
  })
  return [...new Set([...used.keys(), ...stated.map((s) => s.agencyId)])].sort()
}

interface Versions {
  readonly cards: readonly RateCard[]
  readonly footprints: readonly StoredFootprint[]
}

/**
 * One agency's month: version 1 if not yet closed, n+1 if the rollups now price or estimate
 * differently, else nothing. The energy and emissions are stored with the version (a month without
 * coefficients in force is closed without them), and a closed month is estimated again only with
 * the coefficients known when it was first closed: late records correct it, a later change of the
 * coefficients (whatever date it names) never does.
 */
async function closeAgencyMonth(
  deps: StatementJobDeps,
  agencyId: string,
  month: LocalDate,
  versions: Versions,
  rollups: readonly DayRollup[],
): Promise<StatementWritten | null> {
  const priced = computeStatement(agencyId, month, rollups.map(dailyUsageOf), versions.cards)
  if (!priced.ok) {
    deps.log?.(`${month} agency ${agencyId}: not closed (${priced.error.code})`)
    return null
  }
  const stored = await latestStatement(deps.db, agencyId, month)
  const closedAt = stored ? await firstClosedAt(deps.db, agencyId, month) : null
  const known = closedAt ? versions.footprints.filter((v) => v.createdAt <= closedAt) : versions.footprints
  const estimated = statementFootprint(month, rollups, known)
  const computed = withFootprint(priced.value, estimated.ok ? estimated.value : null)
  const changes = stored ? statementChanges(stored.statement, computed) : []
  if (stored && changes.length === 0) return null
  const version = (stored?.version ?? 0) + 1
  await writeStatementVersion(deps.db, computed, version, changes)
  return { agencyId, month, version, changes: changes.length }
}

export async function closeStatements(deps: StatementJobDeps): Promise<StatementWritten[]> {
  const now = deps.now?.() ?? new Date()
  const months = await monthsToClose(deps.db, now, deps.lookbackMonths ?? 2)
  if (months.length === 0) return []
  const [cards, footprints] = await Promise.all([loadRateCards(deps.db), loadFootprints(deps.db)])
  // Stretches end where a card or the footprint's coefficients change (both at local midnight).
  const boundaries = [...cards, ...footprints].map((v) => v.effectiveFrom)
  const written: StatementWritten[] = []
  for (const month of months) {
    // Its rows once closed (decision 0062): every later run reads a row per project and resource.
    await writeMonthRows(deps.db, month)
    // One read of the month for every agency: its days summed per stretch under one card and one
    // set of coefficients, which prices and estimates exactly as the days would (rollups.ts), a row
    // per stretch rather than per day.
    const used = byAgency(await cardStretchesOfMonthForAll(deps.db, month, boundaries))
    for (const agencyId of await agenciesOf(deps.db, month, used)) {
      const done = await closeAgencyMonth(deps, agencyId, month, { cards, footprints }, used.get(agencyId) ?? [])
      if (!done) continue
      deps.log?.(`${month} agency ${agencyId}: version ${done.version} (${done.changes} lines changed)`)
      written.push(done)
    }
  }
  return written
}

export function statementHandlers(deps: StatementJobDeps): Record<string, JobHandler> {
  return {
    [STATEMENTS_JOB]: async () => {
      await closeStatements(deps)
      return { status: 'done' }
    },
  }
}

/** Queued on one replica when due; a run with nothing to close costs a few queries. */
export function statementSchedule(everyMs: number): PeriodicTask[] {
  return [{ name: STATEMENTS_JOB, everyMs, job: { kind: STATEMENTS_JOB, key: 'all' } }]
}
