// A month's statement as people and programs read it (issue 14, decision 0048 "Statements"): the
// stored version (or the running month's provisional figure) with every line's quantity in its
// billing unit, the prices of the cards that priced it, whole đồng, and for a corrected version
// what changed against the one before. Pure: the pages, the API and the exports all start here,
// so a line reads the same everywhere. Money and quantities travel as decimal text, never floats.
import { formatScaledDecimal, roundHalfUp } from '../domain/decimal'
import { hoursInLocalMonth, localMidnight, type LocalDate } from '../domain/local-calendar'
import {
  billingUnitOf,
  PRICE_SCALE,
  priceOn,
  type BillingUnitName,
  type ChargeBasis,
  type RateCard,
} from '../domain/rate-card'
import type { ResourceKey } from '../domain/resources'
import type { Footprint } from '../domain/footprint'
import { statementChanges, type Statement, type StatementLine } from '../domain/statement'

/** Fractional digits of a quantity in its billing unit (a GiB-month of a few bytes is not worth more). */
export const QUANTITY_SCALE = 4

// Years 1970-2999: PostgreSQL has no year 0, and JavaScript's Date no year 10000 (the month after 9999-12).
const MONTH_TEXT = /^(19[7-9][0-9]|2[0-9]{3})-(0[1-9]|1[0-2])$/

/** `2026-11` → the month's first local day `2026-11-01`; anything else null. */
export function monthOfText(text: string): LocalDate | null {
  return MONTH_TEXT.test(text) ? `${text}-01` : null
}

/** The month's first local day as `YYYY-MM`, the form of addresses and the API. */
export const monthText = (month: LocalDate): string => month.slice(0, 7)

export interface ProjectName {
  readonly id: string
  readonly name: string
  readonly namespace: string
}

export interface LineView {
  readonly projectId: string
  readonly resource: ResourceKey
  readonly unit: BillingUnitName
  readonly basis: ChargeBasis
  /** In billing units (vCPU-hours, GiB-months…), at most QUANTITY_SCALE decimals, rounded half up. */
  readonly quantity: string
  /** The price per billing unit of each card that priced a day of the line, oldest first. */
  readonly prices: readonly string[]
  /** Whole đồng. */
  readonly amount: string
  readonly unmeasuredHours: number
  /** Facility energy in whole Wh and emissions in whole grams CO2e; null when not estimated. */
  readonly energyWh: string | null
  readonly co2eGrams: string | null
}

export interface ProjectView {
  readonly projectId: string
  readonly name: string
  readonly namespace: string
  readonly total: string
  readonly energyWh: string | null
  readonly co2eGrams: string | null
  readonly lines: readonly LineView[]
}

export interface ChangeView {
  readonly projectId: string
  readonly projectName: string
  readonly resource: ResourceKey
  readonly amountBefore: string
  readonly amountAfter: string
  readonly quantityBefore: string
  readonly quantityAfter: string
  readonly unmeasuredHoursBefore: number
  readonly unmeasuredHoursAfter: number
  /** Whole Wh and grams on each side; null where that side was not estimated. */
  readonly energyWhBefore: string | null
  readonly energyWhAfter: string | null
  readonly co2eGramsBefore: string | null
  readonly co2eGramsAfter: string | null
}

export interface StatementView {
  readonly month: string
  /** null for the running month's provisional figure, which is computed on read and never stored. */
  readonly version: number | null
  readonly state: 'closed' | 'provisional'
  readonly createdAt: string | null
  readonly total: string
  /** Σ of the lines' estimates; null when a line has none. */
  readonly energyWh: string | null
  readonly co2eGrams: string | null
  readonly projects: readonly ProjectView[]
  /** Against the version before (empty for version 1 and the provisional figure). */
  readonly changes: readonly ChangeView[]
}

/** Canonical-unit-hours as billing units of the statement's month. */
export function quantityInUnit(resource: ResourceKey, quantityHours: bigint, month: LocalDate): string {
  const unit = billingUnitOf(resource)
  const hoursPerUnit = unit.per === 'hour' ? 1n : BigInt(hoursInLocalMonth(localMidnight(month)))
  const scaled = roundHalfUp(quantityHours * 10n ** BigInt(QUANTITY_SCALE), unit.size * hoursPerUnit)
  return formatScaledDecimal(scaled, QUANTITY_SCALE)
}

function pricesOf(line: StatementLine, cards: readonly RateCard[]): string[] {
  return line.cards.flatMap((date) => {
    const card = cards.find((c) => c.effectiveFrom === date)
    const price = card ? priceOn(card, line.resource) : null
    return price ? [formatScaledDecimal(price.price, PRICE_SCALE)] : []
  })
}

const nameOf = (names: ReadonlyMap<string, ProjectName>, id: string): ProjectName =>
  names.get(id) ?? { id, name: id, namespace: '' }

export interface VersionInput {
  readonly statement: Statement
  readonly version: number | null
  readonly createdAt: Date | null
  readonly previous: Statement | null
}

type Figures = { energyWh: string | null; co2eGrams: string | null }

const figuresOf = (footprint: Footprint | null): Figures =>
  footprint
    ? { energyWh: footprint.energyWh.toString(), co2eGrams: footprint.co2eGrams.toString() }
    : { energyWh: null, co2eGrams: null }

/** The sum of the figures, or null when any is missing. */
function sumFigures(items: readonly Figures[]): Figures {
  if (items.some((i) => i.energyWh === null || i.co2eGrams === null)) return { energyWh: null, co2eGrams: null }
  const total = (pick: (i: Figures) => string | null) => items.reduce((sum, i) => sum + BigInt(pick(i)!), 0n).toString()
  return { energyWh: total((i) => i.energyWh), co2eGrams: total((i) => i.co2eGrams) }
}

/** One version (or the provisional figure) as shown, with its changes against the previous version. */
export function statementView(
  input: VersionInput,
  names: ReadonlyMap<string, ProjectName>,
  cards: readonly RateCard[],
): StatementView {
  const { statement, previous } = input
  const quantity = (resource: ResourceKey, hours: bigint) => quantityInUnit(resource, hours, statement.month)
  const projects = statement.projects.map((p) => {
    const project = nameOf(names, p.projectId)
    const lines = p.lines.map((line) => ({
      projectId: p.projectId,
      resource: line.resource,
      unit: billingUnitOf(line.resource).name,
      basis: line.basis,
      quantity: quantity(line.resource, line.quantityHours),
      prices: pricesOf(line, cards),
      amount: line.amount.toString(),
      unmeasuredHours: line.unmeasuredHours,
      ...figuresOf(line.footprint),
    }))
    return {
      projectId: p.projectId,
      name: project.name,
      namespace: project.namespace,
      total: p.total.toString(),
      ...sumFigures(lines),
      lines,
    }
  })
  const changes = previous
    ? statementChanges(previous, statement).map((c) => ({
        projectId: c.projectId,
        projectName: nameOf(names, c.projectId).name,
        resource: c.resource,
        amountBefore: c.before.toString(),
        amountAfter: c.after.toString(),
        quantityBefore: quantity(c.resource, c.quantityHoursBefore),
        quantityAfter: quantity(c.resource, c.quantityHoursAfter),
        unmeasuredHoursBefore: c.unmeasuredHoursBefore,
        unmeasuredHoursAfter: c.unmeasuredHoursAfter,
        energyWhBefore: figuresOf(c.footprintBefore).energyWh,
        energyWhAfter: figuresOf(c.footprintAfter).energyWh,
        co2eGramsBefore: figuresOf(c.footprintBefore).co2eGrams,
        co2eGramsAfter: figuresOf(c.footprintAfter).co2eGrams,
      }))
    : []
  return {
    month: monthText(statement.month),
    version: input.version,
    state: input.version === null ? 'provisional' : 'closed',
    createdAt: input.createdAt?.toISOString() ?? null,
    total: statement.total.toString(),
    ...sumFigures(projects),
    projects,
    changes,
  }
}
