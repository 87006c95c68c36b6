// The cost of a period (issue 14, decision 0048): hourly quantities priced by the card in force
// each hour, summed exactly as a fraction, rounded once per line at the end, half up, to whole
// đồng. A line is one project's one resource over the period; a statement's total is the sum of
// its rounded lines, so the lines shown always add up to the total shown.
import { versionAt } from './dated-versions'
import { roundHalfUp } from './decimal'
import { err, ok, type Result } from './errors'
import { hoursInLocalMonth, localMonthOf } from './local-calendar'
import { billingUnitOf, PRICE_ONE, priceOn, type ChargeBasis, type RateCard } from './rate-card'
import type { ResourceKey } from './resources'

/** One UTC hour of one resource of a project, in canonical units; null is "not measured", never zero. */
export interface HourQuantities {
  readonly hour: Date
  readonly granted: bigint | null
  readonly requested: bigint | null
  readonly used: bigint | null
}

export interface Charged {
  readonly quantity: bigint
  /** False when what the basis needs was not measured: the quantity is then a lower bound (or zero). */
  readonly measured: boolean
}

/** The quantity an hour is charged for under a basis. */
export function chargedQuantity(
  basis: ChargeBasis,
  hour: Pick<HourQuantities, 'granted' | 'requested' | 'used'>,
): Charged {
  if (basis === 'granted') return { quantity: hour.granted ?? 0n, measured: hour.granted !== null }
  if (basis === 'used') return { quantity: hour.used ?? 0n, measured: hour.used !== null }
  const { requested, used } = hour
  if (used === null) return { quantity: requested ?? 0n, measured: false }
  return { quantity: requested !== null && requested > used ? requested : used, measured: true }
}

/**
 * Quantity-hours priced at one price: `quantityHours` canonical-unit-hours at `price` (10^-4 đồng
 * per billing unit), within a month of `monthHours` hours when the unit is per month. Daily or
 * monthly sums (rollups) enter here directly, so a statement need not read each hour.
 */
export interface LineTerm {
  readonly quantityHours: bigint
  readonly price: bigint
  readonly monthHours: number
}

/** The least common multiple of 672, 696, 720 and 744: any month's hours divide it. */
const MONTH_HOURS_LCM = 9_061_920n

/** The exact cost of a line as a fraction of đồng (numerator over the returned denominator). */
export function exactLineCost(
  resource: ResourceKey,
  terms: readonly LineTerm[],
): { numerator: bigint; denominator: bigint } {
  const unit = billingUnitOf(resource)
  let numerator = 0n
  for (const term of terms) {
    const hoursPerUnit = unit.per === 'hour' ? 1n : BigInt(term.monthHours)
    numerator += term.quantityHours * term.price * (MONTH_HOURS_LCM / hoursPerUnit)
  }
  return { numerator, denominator: unit.size * PRICE_ONE * MONTH_HOURS_LCM }
}

/** A line's cost in whole đồng: the exact sum rounded once, half up (0,5 đồng becomes 1). */
export function lineAmount(resource: ResourceKey, terms: readonly LineTerm[]): bigint {
  const exact = exactLineCost(resource, terms)
  return roundHalfUp(exact.numerator, exact.denominator)
}

export interface PricedLine {
  readonly resource: ResourceKey
  /** Whole đồng, rounded once. */
  readonly amount: bigint
  /** Canonical-unit-hours charged (for the statement's quantity column). */
  readonly quantityHours: bigint
  readonly hours: number
  /** Hours whose basis lacked a measurement: charged at what was known (a lower bound), listed so. */
  readonly unmeasuredHours: number
}

/**
 * Prices one resource's hours with the cards in force hour by hour. Refused when an hour has no
 * card (before the first) or its card does not price the resource: a statement is never quietly
 * short of a line.
 */
export function priceHours(
  resource: ResourceKey,
  hours: readonly HourQuantities[],
  cards: readonly RateCard[],
): Result<PricedLine> {
  const terms = new Map<string, { price: bigint; monthHours: number; quantityHours: bigint }>()
  let quantityHours = 0n
  let unmeasuredHours = 0
  for (const hour of hours) {
    const card = versionAt(cards, hour.hour)
    if (card === null) return err('rate_card.none_in_force', { hour: hour.hour.toISOString() })
    const price = priceOn(card, resource)
    if (price === null) return err('rate_card.resource_unpriced', { resource, date: card.effectiveFrom })
    const charged = chargedQuantity(price.basis, hour)
    if (!charged.measured) unmeasuredHours += 1
    quantityHours += charged.quantity
    // Terms group the hours sharing a price and a month, so the sum stays a handful of products.
    const key = `${card.effectiveFrom}|${localMonthOf(hour.hour)}`
    const term = terms.get(key) ?? { price: price.price, monthHours: hoursInLocalMonth(hour.hour), quantityHours: 0n }
    term.quantityHours += charged.quantity
    terms.set(key, term)
  }
  const amount = lineAmount(resource, [...terms.values()])
  return ok({ resource, amount, quantityHours, hours: hours.length, unmeasuredHours })
}
