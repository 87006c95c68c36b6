// Adding a version of the rate card or of the footprint coefficients (decision 0048): read and
// checked by the domain, its date checked against the versions already kept inside the same
// transaction, written with its audit entry. A race for the same date ends at the unique index
// and is answered as the date check answers it.
import { appendAudit, type Actor, type Origin } from '../audit/log'
import { loadCatalogue } from '../db/catalogue'
import type { Db, Tx } from '../db/client'
import { checkNewVersionDate } from '../domain/dated-versions'
import { domainError, issue, type FieldIssue } from '../domain/errors'
import { readFootprintCoefficients, type FootprintInput } from '../domain/footprint-input'
import type { NumberSymbols } from '../domain/human-quantity'
import { readRateCardPrices, type RateCardInput } from '../domain/rate-card'
import { loadFootprints, loadRateCards, rowDate, type StoredFootprint, type StoredRateCard } from './rows'
import { footprintJson, rateCardJson } from './views'

export interface VersionRequest {
  readonly effectiveFrom: string
  readonly symbols: NumberSymbols
  readonly actor: Actor
  readonly origin?: Origin
  readonly now?: Date
}

export type Added<T> = { ok: true; version: T } | { ok: false; issues: readonly FieldIssue[] }

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002'

async function dated<T>(
  db: Db,
  request: VersionRequest,
  contentIssues: readonly FieldIssue[],
  existing: (tx: Tx) => Promise<readonly { effectiveFrom: string }[]>,
  write: (tx: Tx, effectiveFrom: string) => Promise<T>,
): Promise<Added<T>> {
  try {
    return await db.$transaction(async (tx) => {
      const date = checkNewVersionDate(await existing(tx), request.effectiveFrom, request.now ?? new Date())
      const issues = date.ok ? [...contentIssues] : [issue('effectiveFrom', date.error), ...contentIssues]
      if (!date.ok || issues.length > 0) return { ok: false as const, issues }
      return { ok: true as const, version: await write(tx, date.value) }
    })
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    const taken = domainError('dated.date_taken', { date: request.effectiveFrom })
    return { ok: false, issues: [issue('effectiveFrom', taken)] }
  }
}

/** Adds a card version taking effect on `effectiveFrom` (tomorrow, local, at the earliest). */
export async function addRateCardVersion(
  db: Db,
  request: VersionRequest & { readonly note: string; readonly prices: RateCardInput['prices'] },
): Promise<Added<StoredRateCard>> {
  const read = readRateCardPrices({ prices: request.prices }, await loadCatalogue(db), request.symbols)
  return dated(db, request, read.ok ? [] : read.issues, loadRateCards, async (tx, effectiveFrom) => {
    const prices = read.ok ? read.value : []
    const row = await tx.rateCardVersion.create({
      data: {
        effectiveFrom: rowDate(effectiveFrom),
        note: request.note,
        createdById: request.actor.id,
        createdByLabel: request.actor.label,
        prices: { create: prices.map((p) => ({ resource: p.resource, price: p.price, basis: p.basis })) },
      },
      select: { id: true, createdAt: true },
    })
    const version = { ...row, effectiveFrom, note: request.note, createdByLabel: request.actor.label, prices }
    await appendAudit(tx, {
      actor: request.actor,
      action: 'rate_card.add',
      entityType: 'RateCardVersion',
      entityId: row.id,
      after: rateCardJson(version),
      origin: request.origin,
    })
    return version
  })
}

/** Adds a version of the footprint coefficients, dated as the card's. */
export async function addFootprintVersion(
  db: Db,
  request: VersionRequest & { readonly source: string; readonly input: FootprintInput },
): Promise<Added<StoredFootprint>> {
  const read = readFootprintCoefficients(request.input, await loadCatalogue(db), request.symbols)
  return dated(db, request, read.ok ? [] : read.issues, loadFootprints, async (tx, effectiveFrom) => {
    if (!read.ok) throw new Error('unreachable: content issues are returned before writing')
    const { media, ...figures } = read.value
    const row = await tx.footprintVersion.create({
      data: {
        ...figures,
        effectiveFrom: rowDate(effectiveFrom),
        source: request.source,
        createdById: request.actor.id,
        createdByLabel: request.actor.label,
        media: { create: media.map((m) => ({ ...m })) },
      },
      select: { id: true, createdAt: true },
    })
    const version = {
      ...read.value,
      ...row,
      effectiveFrom,
      source: request.source,
      createdByLabel: request.actor.label,
    }
    await appendAudit(tx, {
      actor: request.actor,
      action: 'footprint.add',
      entityType: 'FootprintVersion',
      entityId: row.id,
      after: footprintJson(version),
      origin: request.origin,
    })
    return version
  })
}
