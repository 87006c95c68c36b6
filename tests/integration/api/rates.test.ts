import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { loadCatalogue } from '#server/db/catalogue'
import { localDateOf, nextLocalDate } from '#server/domain/local-calendar'
import { catalogueKeys } from '#server/domain/resources'
import { footprintFigures, footprintMedia } from '../../../prisma/demo/rates'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { automationToken, consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, expectProblem, fieldCodes, type Schemas } from './support'

// The rate card and the footprint coefficients over the API (issue 14, decision 0048): everyone
// signed in reads them; an operator adds a version; agency staff and the agency's automation
// client cannot, through either write, and each refusal is audited. On main these paths are 404
// api.route_not_found.

let t: TestDatabase
let deps: ApiDeps
let agencyClient: string
let an: string
let duc: string
const tomorrow = nextLocalDate(localDateOf(new Date()))

async function prices(price: string) {
  return catalogueKeys(await loadCatalogue(t.db)).map((resource) => ({ resource, price, basis: 'max_requested_used' }))
}
const footprintBody = (effectiveFrom: string) => ({
  effectiveFrom,
  source: 'CCF; PUE đo năm 2026; hệ số lưới điện 2023',
  figures: { ...footprintFigures, pue: '1.45' },
  media: footprintMedia,
})

beforeAll(async () => {
  t = await createSeededDatabase()
  deps = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  agencyClient = await automationToken()
  an = await consoleUserToken('an.nguyen')
  duc = await consoleUserToken('duc.dang')
})
afterAll(async () => t?.drop())

describe('the rates over the API', () => {
  it('lets everyone signed in read the card in force, with units and decimal prices', async () => {
    for (const token of [agencyClient, an, duc]) {
      const res = await call<Schemas['Rates']>(deps, 'GET', '/rates', { token })
      expect(res.status, res.text).toBe(200)
      expect(res.json.rateCards.current?.effectiveFrom).toBe('2026-01-01')
      expect(res.json.rateCards.current?.prices).toContainEqual({
        resource: 'memory',
        unit: 'gib_hour',
        price: '42.5',
        basis: 'max_requested_used',
      })
      expect(res.json.footprints.current?.figures.gridKgCo2ePerKwh).toBe('0.6592')
    }
    expectProblem(await call(deps, 'GET', '/rates'), 401, 'auth.token_missing')
  })

  it('lets an operator add a card from tomorrow, shown as scheduled, and a footprint version', async () => {
    const added = await call<Schemas['RateCard']>(deps, 'POST', '/rates/cards', {
      token: duc,
      body: { effectiveFrom: tomorrow, note: 'Bảng giá 2027', prices: await prices('512.25') },
    })
    expect(added.status, added.text).toBe(201)
    expect(added.json.prices.find((p) => p.resource === 'cpu')).toEqual({
      resource: 'cpu',
      unit: 'vcpu_hour',
      price: '512.25',
      basis: 'max_requested_used',
    })
    const read = await call<Schemas['Rates']>(deps, 'GET', '/rates', { token: an })
    expect(read.json.rateCards.scheduled.map((c) => c.effectiveFrom)).toEqual([tomorrow])
    const footprint = await call<Schemas['FootprintVersion']>(deps, 'POST', '/rates/footprints', {
      token: duc,
      body: footprintBody(tomorrow),
    })
    expect(footprint.status, footprint.text).toBe(201)
    expect(footprint.json.figures.pue).toBe('1.45')
  })

  it('names every problem of a bad card at its place in the body, and writes nothing', async () => {
    const lines = await prices('100')
    lines[0] = { ...lines[0]!, price: '-3' }
    const res = await call(deps, 'POST', '/rates/cards', {
      token: duc,
      body: { effectiveFrom: localDateOf(new Date()), prices: lines.filter((l) => l.resource !== 'backupStorage') },
    })
    const problem = expectProblem(res, 422, 'api.invalid_input')
    expect(fieldCodes(problem)).toEqual([
      ['/effectiveFrom', 'dated.not_future'],
      [`/prices/0/price`, 'decimal.negative'],
      ['/prices', 'rate_card.price_missing'],
    ])
    expect(await t.db.rateCardVersion.count()).toBe(2)
  })

  it("refuses agency staff and the agency's automation client both writes, and audits each refusal", async () => {
    const later = nextLocalDate(nextLocalDate(tomorrow))
    for (const token of [an, agencyClient]) {
      expectProblem(
        await call(deps, 'POST', '/rates/cards', { token, body: { effectiveFrom: later, prices: await prices('1') } }),
        403,
        'api.forbidden',
      )
      expectProblem(
        await call(deps, 'POST', '/rates/footprints', { token, body: footprintBody(later) }),
        403,
        'api.forbidden',
      )
    }
    expect(await t.db.rateCardVersion.count()).toBe(2)
    expect(await t.db.footprintVersion.count()).toBe(2)
    const denied = await t.db.auditEntry.findMany({
      where: { outcome: 'denied', action: 'price.manage' },
      select: { entityType: true },
    })
    expect(denied.map((d) => d.entityType).sort()).toEqual([
      'FootprintVersion',
      'FootprintVersion',
      'RateCardVersion',
      'RateCardVersion',
    ])
  })
})
