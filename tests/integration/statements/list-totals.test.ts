// The statements' list prices the open months of every agency its reader sees in one read per month
// (server/statements/read.ts, cardStretchesOfMonthForAll): each provisional total must be the one
// the agency's own statement gives (provisionalStatement, the read per agency the list made
// before), for several agencies at once, in both open months; and a reader who sees one agency
// gets that agency's rows and nothing priced from another's use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HOUR_MS, localMidnight, localMonthOf } from '#server/domain/local-calendar'
import { loadRateCards } from '#server/rates/rows'
import { listStatements, openMonths, provisionalStatement } from '#server/statements/read'
import { monthText } from '#server/statements/view'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { meterCpu } from '../../helpers/metering'

let t: TestDatabase
const now = new Date()
let projects: { id: string; agencyId: string }[]

beforeAll(async () => {
  t = await createSeededDatabase()
  projects = await t.db.project.findMany({ select: { id: true, agencyId: true }, orderBy: { namespace: 'asc' } })
  // Each project a different use, in the first hours of the running month and the last of the one before.
  const running = localMidnight(localMonthOf(now)).getTime()
  for (const [i, p] of projects.entries()) {
    for (const at of [running - 2 * HOUR_MS, running, running + HOUR_MS]) {
      const used = BigInt(300 + 170 * i)
      const values = { granted: 4000n, requested: BigInt(500 + 90 * i), used, usedPeak: used, refusal: null }
      await meterCpu(t.db, p.id, new Date(at), values)
    }
  }
}, 120_000)
afterAll(async () => t?.drop())

describe("the statements' list", () => {
  it("prices each agency's open months as its own statement does, for every agency at once", async () => {
    const agencies = new Set(projects.map((p) => p.agencyId))
    expect(agencies.size).toBeGreaterThan(2)
    const list = await listStatements(t.db, { visible: null, now })
    const cards = await loadRateCards(t.db)
    let compared = 0
    for (const agencyId of agencies) {
      for (const month of openMonths(now)) {
        const row = list.find((s) => s.agency.id === agencyId && s.month === monthText(month))
        const own = await provisionalStatement(t.db, agencyId, month, cards)
        expect(own.ok).toBe(true)
        expect(row).toMatchObject({ state: 'provisional', total: own.ok ? own.value.total.toString() : null })
        if (own.ok && own.value.total > 0n) compared++
      }
    }
    // Every agency had use in both months: none of the comparisons is of two zeros.
    expect(compared).toBe(agencies.size * 2)
  })

  it("gives a reader who sees one agency that agency's rows, priced from its own use only", async () => {
    const agencyId = projects[0]!.agencyId
    const list = await listStatements(t.db, { visible: [agencyId], now })
    expect(list.map((s) => s.agency.id)).toEqual(openMonths(now).map(() => agencyId))
    const cards = await loadRateCards(t.db)
    const own = await provisionalStatement(t.db, agencyId, openMonths(now)[1]!, cards)
    expect(list[0]?.total).toBe(own.ok ? own.value.total.toString() : 'not priced')
  })
})
