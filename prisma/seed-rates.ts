import { appendAudit } from '../server/audit/log'
import type { Tx } from '../server/db/client'
import { loadCatalogue } from '../server/db/catalogue'
import { MACHINE_SYMBOLS } from '../server/domain/decimal'
import { readFootprintCoefficients } from '../server/domain/footprint-input'
import { readRateCardPrices } from '../server/domain/rate-card'
import { catalogueKeys } from '../server/domain/resources'
import { footprintJson, rateCardJson } from '../server/rates/views'
import { rowDate } from '../server/rates/rows'
import { firstRatesDate, footprintFigures, footprintMedia, footprintSource, rateCardPrices } from './demo/rates'

// The first rate card and footprint coefficients (decision 0048), read by the same domain rules as
// an operator's, but dated in the past: they are where the history starts, not a change to it.
// Written once, into a database that has none, whether or not it has the demo agencies.

const SEEDER = { id: null, label: 'seed' }

export async function seedRates(tx: Tx): Promise<boolean> {
  if ((await tx.rateCardVersion.count()) > 0) return false
  const catalogue = await loadCatalogue(tx)
  // Only what this catalogue offers (no GPU line where there are none); a class the demo does not
  // know is left unpriced, and the reader refuses the card with its name.
  const offered = new Set<string>(catalogueKeys(catalogue))
  const prices = readRateCardPrices(
    { prices: rateCardPrices.filter((p) => offered.has(p.resource)) },
    catalogue,
    MACHINE_SYMBOLS,
  )
  const media = footprintMedia.filter((m) => offered.has(m.resource))
  const figures = readFootprintCoefficients({ figures: footprintFigures, media }, catalogue, MACHINE_SYMBOLS)
  if (!prices.ok || !figures.ok)
    throw new Error(`the seeded rates do not read: ${JSON.stringify(prices.ok ? figures : prices)}`)
  const effectiveFrom = rowDate(firstRatesDate)
  const card = await tx.rateCardVersion.create({
    data: { effectiveFrom, createdByLabel: SEEDER.label, prices: { create: prices.value } },
    select: { id: true, createdAt: true },
  })
  const cardJson = rateCardJson({
    ...card,
    effectiveFrom: firstRatesDate,
    note: '',
    createdByLabel: SEEDER.label,
    prices: prices.value,
  })
  await appendAudit(tx, {
    actor: SEEDER,
    action: 'rate_card.add',
    entityType: 'RateCardVersion',
    entityId: card.id,
    after: cardJson,
  })
  const { media: readMedia, ...rest } = figures.value
  const footprint = await tx.footprintVersion.create({
    data: {
      ...rest,
      effectiveFrom,
      source: footprintSource,
      createdByLabel: SEEDER.label,
      media: { create: [...readMedia] },
    },
    select: { id: true, createdAt: true },
  })
  const version = {
    ...figures.value,
    ...footprint,
    effectiveFrom: firstRatesDate,
    source: footprintSource,
    createdByLabel: SEEDER.label,
  }
  await appendAudit(tx, {
    actor: SEEDER,
    action: 'footprint.add',
    entityType: 'FootprintVersion',
    entityId: footprint.id,
    after: footprintJson(version),
  })
  return true
}
