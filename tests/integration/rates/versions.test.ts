import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCatalogue } from '#server/db/catalogue'
import { MACHINE_SYMBOLS } from '#server/domain/decimal'
import { localDateOf, nextLocalDate } from '#server/domain/local-calendar'
import { priceHours } from '#server/domain/pricing'
import { catalogueKeys } from '#server/domain/resources'
import { addRateCardVersion } from '#server/rates/add-version'
import { loadFootprints, loadRateCards } from '#server/rates/rows'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { like } from '../../helpers/matchers'

// The rate card's versions in PostgreSQL (issue 14, decision 0048): the seed's first card and
// coefficients, a version added from tomorrow with its audit entry, the refusals that write
// nothing, a race for one date, and the tables' append-only rule held by the database itself.

let t: TestDatabase
const actor = { id: null, label: 'duc.dang' }
const today = localDateOf(new Date())
const tomorrow = nextLocalDate(today)

async function fullPrices(price = '500') {
  return catalogueKeys(await loadCatalogue(t.db)).map((resource) => ({ resource, price, basis: 'max_requested_used' }))
}
const counts = async () => ({
  versions: await t.db.rateCardVersion.count(),
  audited: await t.db.auditEntry.count({ where: { action: 'rate_card.add' } }),
})

beforeAll(async () => {
  t = await createSeededDatabase()
})
afterAll(async () => t?.drop())

describe('rate card versions', () => {
  it('starts from the seeded card, pricing every resource of the catalogue, and the seeded coefficients', async () => {
    const [card] = await loadRateCards(t.db)
    expect(card?.effectiveFrom).toBe('2026-01-01')
    expect(card?.prices.map((p) => p.resource).sort()).toEqual(catalogueKeys(await loadCatalogue(t.db)).sort())
    expect(card?.prices.find((p) => p.resource === 'memory')).toEqual({
      resource: 'memory',
      price: 425_000n,
      basis: 'max_requested_used',
    })
    const [footprint] = await loadFootprints(t.db)
    expect(footprint).toMatchObject({ effectiveFrom: '2026-01-01', gridKgCo2ePerKwh: 659_200n, pue: 1_600_000n })
    expect(await t.db.auditEntry.count({ where: { action: { in: ['rate_card.add', 'footprint.add'] } } })).toBe(2)
  })

  it('adds a version from tomorrow, audited, and prices each side of the change by its own card', async () => {
    const added = await addRateCardVersion(t.db, {
      effectiveFrom: tomorrow,
      note: 'Giá CPU mới từ ngày mai',
      prices: await fullPrices('500'),
      symbols: MACHINE_SYMBOLS,
      actor,
    })
    expect(added.ok).toBe(true)
    if (!added.ok) return
    const entry = await t.db.auditEntry.findFirstOrThrow({
      where: { action: 'rate_card.add', entityId: added.version.id },
    })
    expect(entry).toMatchObject({ actorLabel: 'duc.dang', outcome: 'ok', entityType: 'RateCardVersion' })
    expect(entry.after).toMatchObject({
      effectiveFrom: tomorrow,
      prices: like.arrayContaining([{ resource: 'cpu', unit: 'vcpu_hour', price: '500', basis: 'max_requested_used' }]),
    })
    const cards = await loadRateCards(t.db)
    // The last hour of today (local) at 320 đ, the first of tomorrow at 500 đ: one vCPU each.
    const midnight = Date.parse(`${tomorrow}T00:00:00+07:00`)
    const hours = [midnight - 3_600_000, midnight].map((at) => ({
      hour: new Date(at),
      granted: null,
      requested: 1000n,
      used: 10n,
    }))
    expect(priceHours('cpu', hours, cards)).toMatchObject({ ok: true, value: { amount: 820n } })
  })

  it('refuses today, a taken date and a card with a resource unpriced, writing nothing', async () => {
    const before = await counts()
    const asToday = await addRateCardVersion(t.db, {
      effectiveFrom: today,
      note: '',
      prices: await fullPrices(),
      symbols: MACHINE_SYMBOLS,
      actor,
    })
    expect(asToday.ok ? [] : asToday.issues.map((i) => [i.path, i.error.code])).toEqual([
      ['effectiveFrom', 'dated.not_future'],
    ])
    const taken = await addRateCardVersion(t.db, {
      effectiveFrom: tomorrow,
      note: '',
      prices: await fullPrices(),
      symbols: MACHINE_SYMBOLS,
      actor,
    })
    expect(taken.ok ? [] : taken.issues.map((i) => i.error.code)).toEqual(['dated.date_taken'])
    const partial = (await fullPrices()).filter((p) => p.resource !== 'backupStorage')
    const later = nextLocalDate(nextLocalDate(tomorrow))
    const missing = await addRateCardVersion(t.db, {
      effectiveFrom: later,
      note: '',
      prices: partial,
      symbols: MACHINE_SYMBOLS,
      actor,
    })
    expect(missing.ok ? [] : missing.issues.map((i) => [i.path, i.error.code])).toEqual([
      ['prices.backupStorage', 'rate_card.price_missing'],
    ])
    expect(await counts()).toEqual(before)
  })

  it('lets one of two simultaneous versions for the same date through, and tells the other why', async () => {
    const date = nextLocalDate(nextLocalDate(nextLocalDate(tomorrow)))
    const prices = await fullPrices('600')
    const results = await Promise.all(
      [1, 2].map(() =>
        addRateCardVersion(t.db, { effectiveFrom: date, note: '', prices, symbols: MACHINE_SYMBOLS, actor }),
      ),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    const refused = results.find((r) => !r.ok)
    expect(refused && !refused.ok && refused.issues.map((i) => i.error.code)).toEqual(['dated.date_taken'])
  })

  it('keeps versions and prices append-only: the console cannot change them, the owner is refused by the trigger', async () => {
    for (const [url, expected] of [
      [t.url, '42501'],
      [t.ownerUrl, '42501'],
    ] as const) {
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        for (const sql of [
          `UPDATE "RateCardPrice" SET "price" = 0`,
          `DELETE FROM "RateCardVersion"`,
          `UPDATE "FootprintVersion" SET "pue" = 1000000`,
          `DELETE FROM "FootprintMedia"`,
        ]) {
          const outcome = await client.query(sql).then(
            () => ({ code: 'none', message: 'succeeded' }),
            (error: { code: string; message: string }) => error,
          )
          expect(outcome.code, `${sql}: ${outcome.message}`).toBe(expected)
        }
      } finally {
        await client.end()
      }
    }
    expect(
      (await loadRateCards(t.db))[0]?.prices.every((p) => p.price > 0n || ['pods', 'buckets'].includes(p.resource)),
    ).toBe(true)
  })
})
