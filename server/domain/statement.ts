// A month's showback statement (issue 14, decision 0048), computed from daily sums: per agency
// and project, one line per resource in whole đồng, each line rounded once (pricing.ts), the
// totals the sums of the rounded lines. A card changes only at local midnight, so a day has one
// card and a line is the sum of its days' terms, exactly as if it were priced hour by hour.
// A statement is closed once its month has ended and the metering's late pass is over; a later
// computation that differs is a new version, and `statementChanges` says what changed.
import { versionAt } from './dated-versions'
import { err, ok, type Result } from './errors'
import { estimatePeriods, type Footprint, type FootprintCoefficients, type FootprintSums } from './footprint'
import { hoursInLocalMonth, localMidnight, nextLocalMonth, type LocalDate } from './local-calendar'
import { lineAmount, type LineTerm } from './pricing'
import { priceOn, type ChargeBasis, type RateCard } from './rate-card'
import type { ResourceKey } from './resources'

/** One project's use of one resource over one local day, summed per basis (canonical-unit-hours). */
export interface DailyUsage {
  readonly agencyId: string
  readonly projectId: string
  readonly resource: ResourceKey
  readonly day: LocalDate
  readonly hours: number
  /** Σ over the day's hours of each basis's quantity; a basis not summed is absent. */
  readonly sums: Partial<Record<ChargeBasis, bigint>>
  /** Hours in which each basis's quantity was measured. */
  readonly measuredHours: Partial<Record<ChargeBasis, number>>
}

/** A day's rollup as the metering keeps it (decision 0047), with the agency its project belongs to. */
export interface DayRollup {
  readonly agencyId: string
  readonly projectId: string
  readonly resource: ResourceKey
  readonly day: LocalDate
  readonly hours: number
  readonly grantedHours: number
  readonly grantedSum: bigint
  readonly usedHours: number
  readonly usedSum: bigint
  readonly maxRequestedUsedSum: bigint
  /** Σ requested over the hours whose use is not measured (the footprint's assumed utilisation applies to it). */
  readonly unmeasuredRequestedSum: bigint
}

/**
 * A day's rollup as every basis's sum. max(requested, used) is measured in exactly the hours whose
 * use is (pricing.ts chargedQuantity), so its measured hours are the used hours.
 */
export function dailyUsageOf(rollup: DayRollup): DailyUsage {
  const { agencyId, projectId, resource, day, hours } = rollup
  return {
    agencyId,
    projectId,
    resource,
    day,
    hours,
    sums: { granted: rollup.grantedSum, used: rollup.usedSum, max_requested_used: rollup.maxRequestedUsedSum },
    measuredHours: { granted: rollup.grantedHours, used: rollup.usedHours, max_requested_used: rollup.usedHours },
  }
}

/** A day's rollup as the footprint's sums: what was occupied, used, and occupied without a measured use. */
export function footprintSumsOf(rollup: DayRollup): FootprintSums {
  return {
    occupied: rollup.maxRequestedUsedSum,
    used: rollup.usedSum,
    unmeasuredOccupied: rollup.unmeasuredRequestedSum,
  }
}

/**
 * Each line's energy and emissions over a month (decision 0048's footprint), from the same day
 * rollups the cost is priced from, each day by the coefficients in force that day (they change at
 * local midnight): exactly the sum of the hours' estimates, rounded once per line. Keyed
 * `projectId|resource`; refused when a day has no coefficients in force.
 */
export function statementFootprint(
  month: LocalDate,
  rollups: readonly DayRollup[],
  versions: readonly FootprintCoefficients[],
): Result<Map<string, Footprint>> {
  const end = nextLocalMonth(month)
  const lines = new Map<string, { resource: ResourceKey; days: DayRollup[] }>()
  for (const day of rollups) {
    if (day.day < month || day.day >= end) continue
    const key = `${day.projectId}|${day.resource}`
    const line = lines.get(key) ?? { resource: day.resource, days: [] }
    line.days.push(day)
    lines.set(key, line)
  }
  const out = new Map<string, Footprint>()
  for (const [key, line] of lines) {
    const periods = line.days.map((d) => ({ start: localMidnight(d.day), sums: footprintSumsOf(d) }))
    const estimated = estimatePeriods(line.resource, periods, versions)
    if (!estimated.ok) return estimated
    out.set(key, estimated.value)
  }
  return ok(out)
}

export interface StatementLine {
  readonly resource: ResourceKey
  readonly amount: bigint
  readonly quantityHours: bigint
  readonly unmeasuredHours: number
  /** The basis charged (the last day's card's: a card may change it mid-month). */
  readonly basis: ChargeBasis
  /** The `effectiveFrom` of every card that priced a day of the line, oldest first. */
  readonly cards: readonly LocalDate[]
  /**
   * Energy and emissions as the version was closed with them (stored, so later coefficients never
   * move a closed month), or estimated for the open month; null when not estimated.
   */
  readonly footprint: Footprint | null
}

export interface ProjectStatement {
  readonly projectId: string
  readonly lines: readonly StatementLine[]
  readonly total: bigint
}

export interface Statement {
  readonly agencyId: string
  /** The month's first local day. */
  readonly month: LocalDate
  readonly projects: readonly ProjectStatement[]
  readonly total: bigint
}

type LineAcc = {
  terms: LineTerm[]
  quantityHours: bigint
  unmeasuredHours: number
  basis: ChargeBasis | null
  cards: Set<LocalDate>
}

function addDay(acc: LineAcc, day: DailyUsage, cards: readonly RateCard[]): Result<null> {
  const midnight = localMidnight(day.day)
  const card = versionAt(cards, midnight)
  if (card === null) return err('rate_card.none_in_force', { hour: midnight.toISOString() })
  const price = priceOn(card, day.resource)
  if (price === null) return err('rate_card.resource_unpriced', { resource: day.resource, date: card.effectiveFrom })
  const sum = day.sums[price.basis]
  if (sum === undefined) return err('statement.basis_not_summed', { resource: day.resource, basis: price.basis })
  acc.terms.push({ quantityHours: sum, price: price.price, monthHours: hoursInLocalMonth(midnight) })
  acc.quantityHours += sum
  acc.unmeasuredHours += day.hours - (day.measuredHours[price.basis] ?? 0)
  acc.basis = price.basis
  acc.cards.add(card.effectiveFrom)
  return ok(null)
}

/** One agency's statement for a month from its projects' daily usage (days of other months are ignored). */
export function computeStatement(
  agencyId: string,
  month: LocalDate,
  days: readonly DailyUsage[],
  cards: readonly RateCard[],
): Result<Statement> {
  const end = nextLocalMonth(month)
  const byProject = new Map<string, Map<ResourceKey, LineAcc>>()
  for (const day of days) {
    if (day.agencyId !== agencyId || day.day < month || day.day >= end) continue
    const lines = byProject.get(day.projectId) ?? new Map<ResourceKey, LineAcc>()
    byProject.set(day.projectId, lines)
    const acc = lines.get(day.resource) ?? {
      terms: [],
      quantityHours: 0n,
      unmeasuredHours: 0,
      basis: null,
      cards: new Set<LocalDate>(),
    }
    lines.set(day.resource, acc)
    const added = addDay(acc, day, cards)
    if (!added.ok) return added
  }
  const projects = [...byProject.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([projectId, lines]) => {
      const priced = [...lines.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([resource, acc]) => ({
          resource,
          amount: lineAmount(resource, acc.terms),
          quantityHours: acc.quantityHours,
          unmeasuredHours: acc.unmeasuredHours,
          // A line exists only once a day was priced, so its basis is set.
          basis: acc.basis!,
          cards: [...acc.cards].sort(),
          footprint: null,
        }))
      return { projectId, lines: priced, total: priced.reduce((sum, line) => sum + line.amount, 0n) }
    })
  return ok({ agencyId, month, projects, total: projects.reduce((sum, p) => sum + p.total, 0n) })
}

/** When a month's statement may be closed: its end (local) plus the metering's settling and late pass. */
export function closesAt(month: LocalDate, settleMs: number): Date {
  return new Date(localMidnight(nextLocalMonth(month)).getTime() + settleMs)
}

/** Each line's estimate, keyed `projectId|resource` (statementFootprint's map), set on the statement's lines. */
export function withFootprint(statement: Statement, footprint: ReadonlyMap<string, Footprint> | null): Statement {
  return {
    ...statement,
    projects: statement.projects.map((p) => ({
      ...p,
      lines: p.lines.map((line) => ({ ...line, footprint: footprint?.get(`${p.projectId}|${line.resource}`) ?? null })),
    })),
  }
}

export interface LineChange {
  readonly projectId: string
  readonly resource: ResourceKey
  readonly before: bigint
  readonly after: bigint
  readonly quantityHoursBefore: bigint
  readonly quantityHoursAfter: bigint
  readonly unmeasuredHoursBefore: number
  readonly unmeasuredHoursAfter: number
  /** null: not estimated on that side (a version closed before estimates were stored). */
  readonly footprintBefore: Footprint | null
  readonly footprintAfter: Footprint | null
}

type LineFigures = Pick<StatementLine, 'amount' | 'quantityHours' | 'unmeasuredHours' | 'footprint'>
const NO_LINE: LineFigures = {
  amount: 0n,
  quantityHours: 0n,
  unmeasuredHours: 0,
  footprint: { energyWh: 0n, co2eGrams: 0n },
}

/**
 * Whether two lines' estimates differ. A side without an estimate (a version closed before they
 * were stored, coefficients missing) is not a change: adding figures to what was sent corrects nothing.
 */
function footprintMoved(before: Footprint | null, after: Footprint | null): boolean {
  if (before === null || after === null) return false
  return before.energyWh !== after.energyWh || before.co2eGrams !== after.co2eGrams
}

/**
 * What a corrected version changes against the one before: every line whose amount, quantity,
 * unmeasured hours or estimated energy and emissions moved (a line absent on one side counts as
 * nothing). A late use below the request moves no đồng but does move what the statement says was
 * used, and the energy of a CPU used more, so it is a change too.
 */
export function statementChanges(closed: Statement, corrected: Statement): LineChange[] {
  const lines = (s: Statement) =>
    new Map(s.projects.flatMap((p) => p.lines.map((l) => [`${p.projectId}|${l.resource}`, l] as const)))
  const before = lines(closed)
  const after = lines(corrected)
  return [...new Set([...before.keys(), ...after.keys()])].sort().flatMap((key) => {
    const [projectId = '', resource = ''] = key.split('|')
    const was = before.get(key) ?? NO_LINE
    const now = after.get(key) ?? NO_LINE
    const same =
      was.amount === now.amount &&
      was.quantityHours === now.quantityHours &&
      was.unmeasuredHours === now.unmeasuredHours &&
      !footprintMoved(was.footprint, now.footprint)
    if (same) return []
    return [
      {
        projectId,
        resource: resource as ResourceKey,
        before: was.amount,
        after: now.amount,
        quantityHoursBefore: was.quantityHours,
        quantityHoursAfter: now.quantityHours,
        unmeasuredHoursBefore: was.unmeasuredHours,
        unmeasuredHoursAfter: now.unmeasuredHours,
        footprintBefore: was.footprint,
        footprintAfter: now.footprint,
      },
    ]
  })
}
