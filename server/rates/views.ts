// The rate card and the footprint coefficients as the API, the page and the audit trail show
// them: figures back as decimal text (never a float), each price with its billing unit.
import type { Db } from '../db/client'
import { currentAndScheduled } from '../domain/dated-versions'
import { formatScaledDecimal } from '../domain/decimal'
import { COEFFICIENT_SCALE } from '../domain/footprint'
import { COEFFICIENT_FIELDS } from '../domain/footprint-input'
import { billingUnitOf, PRICE_SCALE, type RateCard } from '../domain/rate-card'
import { loadFootprints, loadRateCards, type StoredFootprint, type StoredRateCard } from './rows'

type Authored = { id: string; createdAt: Date; createdByLabel: string }

export function rateCardJson(card: RateCard & Authored & { note: string }) {
  return {
    id: card.id,
    effectiveFrom: card.effectiveFrom,
    note: card.note,
    createdAt: card.createdAt.toISOString(),
    createdBy: card.createdByLabel,
    prices: card.prices.map((p) => ({
      resource: p.resource,
      unit: billingUnitOf(p.resource).name,
      price: formatScaledDecimal(p.price, PRICE_SCALE),
      basis: p.basis,
    })),
  }
}

export function footprintJson(version: StoredFootprint) {
  return {
    id: version.id,
    effectiveFrom: version.effectiveFrom,
    source: version.source,
    createdAt: version.createdAt.toISOString(),
    createdBy: version.createdByLabel,
    figures: Object.fromEntries(
      COEFFICIENT_FIELDS.map((field) => [field, formatScaledDecimal(version[field], COEFFICIENT_SCALE)]),
    ) as Record<(typeof COEFFICIENT_FIELDS)[number], string>,
    media: version.media.map((m) => ({ resource: m.resource, medium: m.medium, replicas: m.replicas })),
  }
}

export type RateCardJson = ReturnType<typeof rateCardJson>
export type FootprintJson = ReturnType<typeof footprintJson>

/** In force now, scheduled after it, and those no longer in force (newest first). */
export interface Timeline<T> {
  readonly current: T | null
  readonly scheduled: readonly T[]
  readonly past: readonly T[]
}

function timeline<T extends { effectiveFrom: string }, J>(
  versions: readonly T[],
  now: Date,
  json: (v: T) => J,
): Timeline<J> {
  const { current, scheduled } = currentAndScheduled(versions, now)
  const past = versions.filter((v) => current !== null && v.effectiveFrom < current.effectiveFrom).reverse()
  return { current: current ? json(current) : null, scheduled: scheduled.map(json), past: past.map(json) }
}

/** Both timelines, as the page and `GET /rates` show them. */
export async function ratesOverview(
  db: Db,
  now = new Date(),
): Promise<{ rateCards: Timeline<RateCardJson>; footprints: Timeline<FootprintJson> }> {
  const [cards, footprints] = await Promise.all([loadRateCards(db), loadFootprints(db)])
  return {
    rateCards: timeline<StoredRateCard, RateCardJson>(cards, now, rateCardJson),
    footprints: timeline<StoredFootprint, FootprintJson>(footprints, now, footprintJson),
  }
}
