// Closing the month's statements (issue 14, decision 0048 "Statements") on a test database: two
// local days of November metered for two agencies through the metering's write path; nothing is
// closed before the month's last hour has had its late pass; then each agency gets version 1,
// priced as the pure statement prices the stored day rollups (the job reads them summed per stretch
// under one card; a second card takes effect on the 30th); a rerun writes nothing; late records for
// one agency issue its version 2 with the changed lines, and the other agency's statement and
// version 1 stay as they were. The rows refuse to be edited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeStatement, dailyUsageOf } from '#server/domain/statement'
import { closeStatements } from '#server/metering/close-statements'
import { HOUR_MS } from '#server/metering/hours'
import { dayRollupsOfMonth } from '#server/metering/rollups'
import { latestStatement } from '#server/metering/statement-store'
import { loadRateCards } from '#server/rates/rows'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makeProject } from '../../helpers/fixtures'
import { cpuReading, meterCpu } from '../../helpers/metering'

// Local 29 and 30 November: 2026-11-28 17:00 UTC to 2026-11-30 16:00 UTC, November's last hour.
const FIRST = Date.parse('2026-11-28T17:00:00Z')
const HOURS = Array.from({ length: 48 }, (_, i) => new Date(FIRST + i * HOUR_MS))
const LAST = HOURS.at(-1)!
const NOW = () => new Date('2026-12-01T03:00:00Z')

let t: TestDatabase
let agencyA: string
let agencyB: string
let projectA: string
let projectB: string

const reading = cpuReading
const passed = (passes: number) =>
  t.db.meteringHour.upsert({
    where: { hour: LAST },
    create: { hour: LAST, passes, firstAt: NOW(), lastAt: NOW(), appended: 0 },
    update: { passes },
  })
const close = () => closeStatements({ db: t.db, now: NOW })
const versions = () =>
  t.db.monthStatement.findMany({
    select: { agencyId: true, version: true, total: true, state: true },
    orderBy: [{ agencyId: 'asc' }, { version: 'asc' }],
  })

beforeAll(async () => {
  t = await createTestDatabase()
  agencyA = await makeAgency(t.db)
  agencyB = await makeAgency(t.db, 'Sở Tài chính')
  projectA = await makeProject(t.db, agencyA)
  projectB = await makeProject(t.db, agencyB)
  await t.db.rateCardVersion.create({
    data: {
      effectiveFrom: new Date('2026-01-01T00:00:00Z'),
      createdByLabel: 'test',
      prices: { create: [{ resource: 'cpu', price: 3_212_345n, basis: 'max_requested_used' }] },
    },
  })
  // A card from the month's last day: the job reads each stretch under one card as one row, and
  // must price exactly as the days would.
  await t.db.rateCardVersion.create({
    data: {
      effectiveFrom: new Date('2026-11-30T00:00:00Z'),
      createdByLabel: 'test',
      prices: { create: [{ resource: 'cpu', price: 3_512_345n, basis: 'max_requested_used' }] },
    },
  })
  for (const [i, hour] of HOURS.entries()) {
    await meterCpu(t.db, projectA, hour, reading(i % 5 === 0 ? null : 400n))
    await meterCpu(t.db, projectB, hour, reading(9000n))
  }
}, 60_000)

afterAll(async () => {
  await t?.drop()
})

describe("closing a month's statements", () => {
  it('closes nothing before the last hour of the month has had its late pass', async () => {
    await passed(1)
    expect(await close()).toEqual([])
    expect(await versions()).toEqual([])
  })

  it('closes each agency at version 1, priced from the stored rollups, and a rerun writes nothing', async () => {
    await passed(2)
    const written = await close()
    expect(written.map((w) => [w.agencyId, w.version]).sort()).toEqual(
      [
        [agencyA, 1],
        [agencyB, 1],
      ].sort(),
    )
    const rollups = await dayRollupsOfMonth(t.db, agencyA, '2026-11-01')
    const expected = computeStatement(agencyA, '2026-11-01', rollups.map(dailyUsageOf), await loadRateCards(t.db))
    if (!expected.ok) throw new Error('prices')
    expect((await latestStatement(t.db, agencyA, '2026-11-01'))?.statement).toEqual(expected.value)
    // Every fifth hour had no use: charged its request, and counted as unmeasured (a lower bound).
    expect(expected.value.projects[0]?.lines[0]?.unmeasuredHours).toBe(10)
    const line = await t.db.monthStatementLine.findFirstOrThrow({ where: { projectId: projectA } })
    expect([line.unit, line.basis, line.cards.map((d) => d.toISOString().slice(0, 10))]).toEqual([
      'vcpu_hour',
      'max_requested_used',
      ['2026-01-01', '2026-11-30'],
    ])
    const before = await versions()
    const audits = await t.db.auditEntry.count({ where: { entityType: 'MonthStatement' } })
    expect(audits).toBe(2)
    expect(await close()).toEqual([])
    expect(await versions()).toEqual(before)
    expect(await t.db.auditEntry.count({ where: { entityType: 'MonthStatement' } })).toBe(audits)
  })

  it('issues version 2 of the agency whose late records changed its month, and leaves the rest', async () => {
    const before = await versions()
    const closed = (await latestStatement(t.db, agencyA, '2026-11-01'))!.statement
    // A use measured late above the request in two hours of agency A's project.
    expect(await meterCpu(t.db, projectA, HOURS[3]!, reading(2600n))).toBe(1)
    expect(await meterCpu(t.db, projectA, HOURS[40]!, reading(3000n))).toBe(1)
    expect(await close()).toEqual([{ agencyId: agencyA, month: '2026-11-01', version: 2, changes: 1 }])
    const corrected = (await latestStatement(t.db, agencyA, '2026-11-01'))!
    expect(corrected.version).toBe(2)
    // (2600 − 1500) + (3000 − 1500) millicore-hours more.
    expect(corrected.statement.projects[0]!.lines[0]!.quantityHours).toBe(
      closed.projects[0]!.lines[0]!.quantityHours + 2600n,
    )
    expect(corrected.statement.total).toBeGreaterThan(closed.total)
    expect(await versions()).toEqual(
      [...before, { agencyId: agencyA, version: 2, total: corrected.statement.total, state: 'closed' }].sort((a, b) =>
        a.agencyId === b.agencyId ? a.version - b.version : a.agencyId < b.agencyId ? -1 : 1,
      ),
    )
    const audit = await t.db.auditEntry.findFirstOrThrow({ where: { action: 'statement.correct' } })
    expect(audit.agencyId).toBe(agencyA)
    expect(await close()).toEqual([])
  })

  it('refuses to edit or delete a stored version', async () => {
    await expect(t.db.$executeRaw`UPDATE "MonthStatement" SET "total" = 0`).rejects.toThrow()
    await expect(t.db.$executeRaw`DELETE FROM "MonthStatementLine"`).rejects.toThrow()
  })
})
