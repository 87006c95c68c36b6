// Energy and emissions stored with a closed statement (issue 14, decision 0048 "Statements"): the
// statements job writes each line's kWh and kg CO2e with the version, estimated from the same
// stretches it prices; the page and API then show what was stored. New coefficients written after
// the month closed (here straight into the table, with a date inside the closed month, which the
// console itself refuses) move neither the closed figures nor the job's next corrections, while
// the running month's provisional figure is estimated with them. A late record corrects the
// energy, and the correction says what it was and what it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { statementFootprint } from '#server/domain/statement'
import { closeStatements } from '#server/metering/close-statements'
import { HOUR_MS } from '#server/metering/hours'
import type { HourValues } from '#server/metering/plan'
import { dayRollupsOfMonth } from '#server/metering/rollups'
import { latestStatement } from '#server/metering/statement-store'
import { loadFootprints } from '#server/rates/rows'
import { readAgencyMonth } from '#server/statements/read'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makeProject } from '../../helpers/fixtures'
import { meterCpu } from '../../helpers/metering'

// Local 29 and 30 November (48 hours), and the first hour of local December.
const FIRST = Date.parse('2026-11-28T17:00:00Z')
const HOURS = Array.from({ length: 48 }, (_, i) => new Date(FIRST + i * HOUR_MS))
const LAST = HOURS.at(-1)!
const DECEMBER = new Date('2026-11-30T17:00:00Z')
const NOW = new Date('2026-12-01T03:00:00Z')

let t: TestDatabase
let agency: string
let project: string

const reading = (used: bigint): HourValues => ({
  granted: 4000n,
  requested: 1500n,
  used,
  usedPeak: used,
  refusal: null,
})
const close = () => closeStatements({ db: t.db, now: () => NOW })

/** Coefficients as the seed's, with this PUE (10^-6), dated `date`. */
function coefficients(date: string, pue: bigint) {
  return t.db.footprintVersion.create({
    data: {
      effectiveFrom: new Date(`${date}T00:00:00Z`),
      minWattsPerVcpu: 740_000n,
      maxWattsPerVcpu: 3_500_000n,
      fallbackCpuUtilisation: 500_000n,
      memoryWhPerGibHour: 392_000n,
      ssdWhPerTbHour: 1_200_000n,
      hddWhPerTbHour: 650_000n,
      pue,
      gridKgCo2ePerKwh: 659_200n,
      source: 'test',
      createdByLabel: 'test',
    },
  })
}

/** The month's line estimated now from its current rollups with `versions`. */
async function estimate(month: string, versions: Awaited<ReturnType<typeof loadFootprints>>) {
  const estimated = statementFootprint(month, await dayRollupsOfMonth(t.db, agency, month), versions)
  if (!estimated.ok) throw new Error(estimated.error.code)
  return estimated.value.get(`${project}|cpu`)!
}

const storedLine = async () => (await latestStatement(t.db, agency, '2026-11-01'))!.statement.projects[0]!.lines[0]!

beforeAll(async () => {
  t = await createTestDatabase()
  agency = await makeAgency(t.db)
  project = await makeProject(t.db, agency)
  await t.db.rateCardVersion.create({
    data: {
      effectiveFrom: new Date('2026-01-01T00:00:00Z'),
      createdByLabel: 'test',
      prices: { create: [{ resource: 'cpu', price: 3_200_000n, basis: 'max_requested_used' }] },
    },
  })
  await coefficients('2026-01-01', 1_600_000n)
  for (const hour of HOURS) await meterCpu(t.db, project, hour, reading(400n))
  await meterCpu(t.db, project, DECEMBER, reading(400n))
  await t.db.meteringHour.create({ data: { hour: LAST, passes: 2, firstAt: NOW, lastAt: NOW, appended: 0 } })
}, 60_000)

afterAll(async () => {
  await t?.drop()
})

describe("a closed statement's energy and emissions", () => {
  it('are stored with the version, as the day rollups estimate them', async () => {
    const expected = await estimate('2026-11-01', await loadFootprints(t.db))
    // 48 h × (0,74 W × 1,5 vCPU + 2,76 W × 0,4 vCPU) × PUE 1,6 = 170,0 Wh; × 0,6592 kg/kWh = 112 g.
    expect(expected).toEqual({ energyWh: 170n, co2eGrams: 112n })
    expect(await close()).toEqual([{ agencyId: agency, month: '2026-11-01', version: 1, changes: 0 }])
    const row = await t.db.monthStatementLine.findFirstOrThrow({ where: { projectId: project } })
    expect([row.energyWh, row.co2eGrams]).toEqual([170n, 112n])
  })

  it('do not move when the coefficients change after closing; the open month uses the new ones', async () => {
    // A PUE of 3,2 from the month's last day, and from 1 December.
    await coefficients('2026-11-30', 3_200_000n)
    const now = await loadFootprints(t.db)
    expect((await estimate('2026-11-01', now)).energyWh).toBe(255n)
    const read = await readAgencyMonth(t.db, agency, '2026-11-01', NOW)
    expect(read!.versions.map((v) => [v.version, v.energyWh, v.co2eGrams])).toEqual([[1, '170', '112']])
    expect(read!.versions[0]!.projects[0]!.lines[0]).toMatchObject({ energyWh: '170', co2eGrams: '112' })
    // The job does not correct a closed month for coefficients it did not know when closing it.
    expect(await close()).toEqual([])
    const december = await readAgencyMonth(t.db, agency, '2026-12-01', NOW)
    // One hour at PUE 3,2: (1,11 + 1,104) W × 3,2 = 7,08 Wh.
    expect(december!.provisional).toMatchObject({ energyWh: '7', co2eGrams: '5' })
    expect(await estimate('2026-12-01', now)).toEqual({ energyWh: 7n, co2eGrams: 5n })
  })

  it('are corrected by late records, with the coefficients known at closing, and the change says so', async () => {
    // Two hours used at 3 vCPU, measured late: the quantity, the đồng and the energy move.
    expect(await meterCpu(t.db, project, HOURS[3]!, reading(3000n))).toBe(1)
    expect(await meterCpu(t.db, project, HOURS[47]!, reading(3000n))).toBe(1)
    const known = (await loadFootprints(t.db)).filter((v) => v.effectiveFrom === '2026-01-01')
    const expected = await estimate('2026-11-01', known)
    expect(await close()).toEqual([{ agencyId: agency, month: '2026-11-01', version: 2, changes: 1 }])
    expect((await storedLine()).footprint).toEqual(expected)
    expect(expected.energyWh).toBeGreaterThan(170n)
    const read = await readAgencyMonth(t.db, agency, '2026-11-01', NOW)
    expect(read!.versions.map((v) => v.energyWh)).toEqual(['170', expected.energyWh.toString()])
    expect(read!.versions[1]!.changes[0]).toMatchObject({
      energyWhBefore: '170',
      energyWhAfter: expected.energyWh.toString(),
      co2eGramsBefore: '112',
      co2eGramsAfter: expected.co2eGrams.toString(),
    })
    const audit = await t.db.auditEntry.findFirstOrThrow({ where: { action: 'statement.correct' } })
    expect(audit.after).toMatchObject({ changes: [expect.objectContaining({ energyWhBefore: '170' })] })
    expect(await close()).toEqual([])
  })

  it('a use measured late under the request moves no đồng but moves the energy: a new version', async () => {
    const before = await storedLine()
    expect(await meterCpu(t.db, project, HOURS[10]!, reading(1400n))).toBe(1)
    expect(await close()).toEqual([{ agencyId: agency, month: '2026-11-01', version: 3, changes: 1 }])
    const after = await storedLine()
    expect([after.amount, after.quantityHours]).toEqual([before.amount, before.quantityHours])
    expect(after.footprint!.energyWh).toBeGreaterThan(before.footprint!.energyWh)
  })
})
