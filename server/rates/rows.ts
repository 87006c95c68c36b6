// Rate card and footprint versions between their rows and the domain (decision 0048). A DATE
// column comes back as midnight UTC of that date, which is the local date itself: the
// conversion is the date's text, never a time-zone shift.
import type { Db, Tx } from '../db/client'
import type { FootprintCoefficients } from '../domain/footprint'
import type { RateCard } from '../domain/rate-card'
import type { ResourceKey } from '../domain/resources'

export const dateOfRow = (value: Date): string => value.toISOString().slice(0, 10)
export const rowDate = (date: string): Date => new Date(`${date}T00:00:00Z`)

/** Who made a version and when: shown beside it, and the audit entry says the same. */
export interface Authorship {
  readonly id: string
  readonly createdAt: Date
  readonly createdByLabel: string
}

export type StoredRateCard = RateCard & Authorship & { readonly note: string }
export type StoredFootprint = FootprintCoefficients & Authorship & { readonly source: string }

/** Every card version, oldest first. */
export async function loadRateCards(db: Db | Tx): Promise<StoredRateCard[]> {
  const rows = await db.rateCardVersion.findMany({ orderBy: { effectiveFrom: 'asc' }, include: { prices: true } })
  return rows.map((row) => ({
    id: row.id,
    effectiveFrom: dateOfRow(row.effectiveFrom),
    note: row.note,
    createdAt: row.createdAt,
    createdByLabel: row.createdByLabel,
    prices: row.prices
      .map((p) => ({ resource: p.resource as ResourceKey, price: p.price, basis: p.basis }))
      .sort((a, b) => (a.resource < b.resource ? -1 : 1)),
  }))
}

/** Every footprint version, oldest first. */
export async function loadFootprints(db: Db | Tx): Promise<StoredFootprint[]> {
  const rows = await db.footprintVersion.findMany({ orderBy: { effectiveFrom: 'asc' }, include: { media: true } })
  return rows.map(({ media, effectiveFrom, createdById: _by, ...row }) => ({
    ...row,
    effectiveFrom: dateOfRow(effectiveFrom),
    media: media.map((m) => ({ resource: m.resource as ResourceKey, medium: m.medium, replicas: m.replicas })),
  }))
}
