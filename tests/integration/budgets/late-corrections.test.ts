// Late corrections re-run the alerts (issue 14, decision 0050) on a test database: hours of a
// project's CPU written through the metering's write path and evaluated; then the metering's late
// pass appends a new revision of an hour already evaluated. The correction's level is told (once,
// to the agency's staff and from 95 % to operators, never to another agency's staff), a rerun tells
// nobody twice, a correction that changes no level writes nothing, a lower correction of an older
// hour clears nothing while one of the newest hour does, and the agency's budget of the year is
// re-evaluated with the corrected spending.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evaluateAlerts } from '#server/budgets/job'
import { HOUR_MS } from '#server/metering/hours'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makeProject, makeSession, makeUser } from '../../helpers/fixtures'
import { meterCpu } from '../../helpers/metering'

// Local 1 December 2026 from 07:00. The month's run rate over so few metered hours forecasts far
// past the budget from the start; what a correction moves here is the spending's level.
const FIRST = Date.parse('2026-12-01T00:00:00Z')
const HOURS = [0, 1, 2].map((i) => new Date(FIRST + i * HOUR_MS))
const NOW = () => new Date('2026-12-01T04:00:00Z')

let t: TestDatabase
let project: string
let agency: string
let staff: string
let operator: string
let otherStaff: string

const cpu = (used: bigint) => ({ granted: 1000n, requested: 500n, used, usedPeak: null, refusal: null })
const run = () => evaluateAlerts({ db: t.db, now: NOW })

/** A metering pass over `hour` that appended `appended` records. */
const passed = (hour: Date, appended: number) =>
  t.db.meteringHour.upsert({
    where: { hour },
    create: { hour, passes: 1, firstAt: hour, lastAt: hour, appended },
    update: { passes: { increment: 1 }, appended },
  })

/** The metering's late pass: a new revision of an hour already evaluated. */
async function correct(hour: Date, used: bigint) {
  expect(await meterCpu(t.db, project, hour, cpu(used))).toBe(1)
  await passed(hour, 1)
}

const notices = (recipientId: string, kind: 'usage_threshold' | 'budget_threshold' = 'usage_threshold') =>
  t.db.notification.findMany({
    where: { recipientId, kind },
    orderBy: { createdAt: 'asc' },
    select: { params: true, link: true },
  })
const spentNotices = async (recipientId: string) =>
  (await notices(recipientId, 'budget_threshold')).filter((n) => (n.params as { measure: string }).measure === 'spent')
const levels = async (recipientId: string) =>
  (await notices(recipientId)).map((n) => (n.params as { level: number }).level)
const cpuLevel = async () =>
  (await t.db.usageAlertState.findUnique({ where: { projectId_resource: { projectId: project, resource: 'cpu' } } }))
    ?.level ?? 0

beforeAll(async () => {
  t = await createTestDatabase()
  agency = await makeAgency(t.db, 'Sở Y tế', { code: 'so-y-te' })
  const other = await makeAgency(t.db, 'Sở Tài chính', { code: 'so-tai-chinh' })
  project = await makeProject(t.db, agency, { name: 'Bệnh án điện tử' })
  await t.db.allocation.create({ data: { projectId: project } })
  await t.db.allocation.create({ data: { projectId: await makeProject(t.db, other) } })
  staff = await makeUser(t.db, 'Nguyễn Thị Hoa')
  otherStaff = await makeUser(t.db, 'Trần Văn Bình')
  operator = await makeUser(t.db, 'Lê Vận Hành')
  await makeSession(t.db, staff, ['agency_staff'], { agencyCodes: ['so-y-te'] })
  await makeSession(t.db, otherStaff, ['agency_staff'], { agencyCodes: ['so-tai-chinh'] })
  await makeSession(t.db, operator, ['dc_operator'])
  // 320 đ a vCPU-hour of max(requested, used); a budget of 1.000 đ for 2026.
  await t.db.rateCardVersion.create({
    data: {
      effectiveFrom: new Date('2026-01-01T00:00:00Z'),
      createdByLabel: 'test',
      prices: { create: [{ resource: 'cpu', price: 3_200_000n, basis: 'max_requested_used' }] },
    },
  })
  await t.db.agencyBudget.create({
    data: { agencyId: agency, year: 2026, version: 1, amount: 1000n, createdByLabel: 'test' },
  })
  // Two hours at half a vCPU (50 %, 160 đ each), each evaluated as it is metered.
  for (const hour of HOURS.slice(0, 2)) {
    await meterCpu(t.db, project, hour, cpu(500n))
    await passed(hour, 1)
    await run()
  }
}, 60_000)

afterAll(async () => {
  await t?.drop()
})

describe('a late correction of an hour already evaluated', () => {
  it('before any correction: no level, no notice, 32 % of the budget spent', async () => {
    expect(await cpuLevel()).toBe(0)
    expect(await notices(staff)).toEqual([])
    expect(await spentNotices(staff)).toEqual([])
    const state = await t.db.budgetAlertState.findFirstOrThrow({ where: { agencyId: agency } })
    expect(state.spentLevel).toBe(0)
  })

  it("re-runs the older hour's alerts: a raise is told once, to the agency and from 95 % to operators", async () => {
    // The first hour really used 3 vCPU: 300 % of its grant, and 960 + 160 = 1.120 đ of 1.000 đ.
    await correct(HOURS[0]!, 3000n)
    const report = await run()
    expect(report.corrected).toEqual([HOURS[0]])
    expect(report.hours).toEqual([])
    expect(await cpuLevel()).toBe(95)
    expect(await levels(staff)).toEqual([95])
    expect(await levels(operator)).toEqual([95])
    expect((await notices(staff))[0]!.link).toMatch(/^\/projects\//)
    // The agency's year re-evaluated with the corrected spending: 112 % spent, told once.
    const budget = (await spentNotices(staff)).map((n) => n.params)
    expect(budget).toEqual([expect.objectContaining({ measure: 'spent', level: 100, spent: '1120' })])
    expect(await spentNotices(operator)).toHaveLength(1)
  })

  it("tells another agency's staff nothing, and a rerun nobody twice", async () => {
    expect(await t.db.notification.count({ where: { recipientId: otherStaff } })).toBe(0)
    const before = await t.db.notification.count()
    expect((await run()).corrected).toEqual([])
    // Even the same correction evaluated again from scratch makes no second notice (once-only keys).
    await t.db.alertHour.update({ where: { hour: HOURS[0] }, data: { meteringPasses: 1, recordsUpTo: null } })
    await t.db.usageAlertState.deleteMany({})
    expect((await run()).corrected).toEqual([HOURS[0]])
    expect(await t.db.notification.count()).toBe(before)
    expect(await cpuLevel()).toBe(95)
  })

  it('a correction that changes no level writes nothing', async () => {
    const state = await t.db.usageAlertState.findFirstOrThrow({ where: { projectId: project } })
    const before = await t.db.notification.count()
    await correct(HOURS[0]!, 3100n)
    expect((await run()).corrected).toEqual([HOURS[0]])
    expect(await t.db.usageAlertState.findFirstOrThrow({ where: { projectId: project } })).toEqual(state)
    expect(await t.db.notification.count()).toBe(before)
  })

  it('a lower correction of an older hour clears nothing; of the newest hour it does', async () => {
    await correct(HOURS[0]!, 400n)
    await run()
    // The second hour is newer: the first hour's lower figure is not what holds now.
    expect(await cpuLevel()).toBe(95)
    // The newest hour evaluated, corrected to 10 %: the level falls as a new hour would make it.
    await correct(HOURS[1]!, 100n)
    expect((await run()).corrected).toEqual([HOURS[1]])
    expect(await cpuLevel()).toBe(0)
  })

  it('a correction passed over before the next hour is evaluated, then that hour, in one run', async () => {
    await correct(HOURS[1]!, 850n)
    await meterCpu(t.db, project, HOURS[2]!, cpu(860n))
    await passed(HOURS[2]!, 1)
    const report = await run()
    expect([report.corrected, report.hours]).toEqual([[HOURS[1]], [HOURS[2]]])
    expect(await cpuLevel()).toBe(80)
    expect(await levels(staff)).toEqual([95, 80])
  })
})
