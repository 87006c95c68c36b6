import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { CLOSED_MONTH, storeStatements, type StatementFixtures } from '../../helpers/statements'
import { apiDeps, call, expectProblem, type Schemas } from './support'

// The monthly statements over the API (issue 14, decision 0048 "Statements"): so-khcn's staff read
// their agency's October (two versions, the second listing the CPU line it corrected) and the
// running month's provisional figure priced from the metered hours; an operator reads every
// agency's; and the attacks: so-tc's staff asking for so-khcn's statement by its address (404,
// audited, no data) and through the list's filters (nothing of so-khcn's), a security officer
// (no statement rights) refused.

let t: TestDatabase
let deps: ApiDeps
let f: StatementFixtures
let an: string // agency staff of so-khcn
let lan: string // agency staff of so-tc
let duc: string // operator
let huong: string // security officer

beforeAll(async () => {
  t = await createSeededDatabase()
  deps = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  f = await storeStatements(t.db)
  an = await consoleUserToken('an.nguyen')
  lan = await consoleUserToken('lan.hoang')
  duc = await consoleUserToken('duc.dang')
  huong = await consoleUserToken('huong.pham')
}, 60_000)
afterAll(async () => t?.drop())

type List = Schemas['StatementList']
type Month = Schemas['AgencyMonthStatement']

describe('the statements over the API', () => {
  it("gives agency staff their own agency's months only: October closed, the running month provisional", async () => {
    const res = await call<List>(deps, 'GET', '/statements', { token: an })
    expect(res.status, res.text).toBe(200)
    // so-khcn and the centre below it (an agency's staff see the agencies under theirs).
    expect(new Set(res.json.items.map((s) => s.agency.code))).toEqual(new Set(['so-khcn', 'ttcns']))
    const october = res.json.items.find((s) => s.month === CLOSED_MONTH)
    expect(october).toMatchObject({ version: 2, state: 'closed', total: '483492', problem: null })
    const running = res.json.items.find((s) => s.month === f.runningMonth)
    // 2 hours of 1,5 vCPU requested (above the 0,4 used) at 320 đ per vCPU-hour.
    expect(running).toMatchObject({ version: null, state: 'provisional', total: '960', createdAt: null })
  })

  it("shows a month's versions, each line in its billing unit, and what the correction changed", async () => {
    const res = await call<Month>(deps, 'GET', `/statements/so-khcn/${CLOSED_MONTH}`, { token: an })
    expect(res.status, res.text).toBe(200)
    expect(res.json.agency.code).toBe('so-khcn')
    expect(res.json.versions.map((v) => [v.version, v.total])).toEqual([
      [1, '482660'],
      [2, '483492'],
    ])
    const [v1, v2] = res.json.versions
    expect(v1!.changes).toEqual([])
    expect(v2!.projects[0]!.lines).toContainEqual({
      projectId: f.own.projectId,
      resource: 'cpu',
      unit: 'vcpu_hour',
      basis: 'max_requested_used',
      quantity: '1490.6',
      prices: ['320'],
      amount: '476992',
      unmeasuredHours: 2,
      // The figures stored with version 2, whatever the coefficients say now.
      energyWh: '3530000',
      co2eGrams: '2326976',
    })
    expect(v2!.projects[0]!.lines).toContainEqual(
      expect.objectContaining({ resource: 'objectStorage', unit: 'gib_month', quantity: '10', amount: '6500' }),
    )
    expect(v2!.changes).toEqual([
      {
        projectId: f.own.projectId,
        projectName: f.own.name,
        resource: 'cpu',
        amountBefore: '476160',
        amountAfter: '476992',
        quantityBefore: '1488',
        quantityAfter: '1490.6',
        unmeasuredHoursBefore: 4,
        unmeasuredHoursAfter: 2,
        // Version 1 was stored without figures: not estimated, never made up.
        energyWhBefore: null,
        energyWhAfter: '3530000',
        co2eGramsBefore: null,
        co2eGramsAfter: '2326976',
      },
    ])
    expect(res.json.provisional).toBeNull()
    const running = await call<Month>(deps, 'GET', `/statements/so-khcn/${f.runningMonth}`, { token: an })
    expect(running.json.versions).toEqual([])
    // Beside the cost, the two hours' energy and emissions as Cloud Carbon Footprint estimates them:
    // (0,74 W × 3 vCPU-hours occupied + 2,76 W × 0,8 used) × PUE 1,6 = 7,08 Wh; × 0,6592 kg/kWh = 4,67 g.
    expect(running.json.provisional?.projects[0]?.lines[0]).toMatchObject({
      resource: 'cpu',
      quantity: '3',
      energyWh: '7',
      co2eGrams: '5',
    })
    expect(running.json.provisional).toMatchObject({ total: '960', energyWh: '7', co2eGrams: '5' })
  })

  it("lets an operator read every agency's statements and filter them by agency and month", async () => {
    const all = await call<List>(deps, 'GET', `/statements?month=${CLOSED_MONTH}`, { token: duc })
    expect(all.status, all.text).toBe(200)
    expect(all.json.items.map((s) => [s.agency.code, s.total])).toEqual([
      ['so-khcn', '483492'],
      ['so-tc', '238080'],
    ])
    const one = await call<List>(deps, 'GET', `/statements?agency=so-tc&month=${CLOSED_MONTH}`, { token: duc })
    expect(one.json.items.map((s) => s.agency.code)).toEqual(['so-tc'])
    const month = await call<Month>(deps, 'GET', `/statements/so-tc/${CLOSED_MONTH}`, { token: duc })
    expect(month.status, month.text).toBe(200)
    expect(month.json.versions[0]?.total).toBe('238080')
  })

  it("answers another agency's staff 404 for its statement, audited, and nothing of it in their lists", async () => {
    const denied = () => t.db.auditEntry.count({ where: { action: 'statement.read', outcome: 'denied' } })
    const before = await denied()
    for (const month of [CLOSED_MONTH, f.runningMonth, '2001-01']) {
      const res = await call(deps, 'GET', `/statements/so-khcn/${month}`, { token: lan })
      expectProblem(res, 404, 'api.not_found')
      expect(res.text).not.toContain('483492')
      expect(res.text).not.toContain(f.own.name)
    }
    // The same answer as an agency that does not exist.
    expectProblem(
      await call(deps, 'GET', `/statements/khong-ton-tai/${CLOSED_MONTH}`, { token: lan }),
      404,
      'api.not_found',
    )
    expect(await denied()).toBe(before + 3)
    for (const query of ['', '?agency=so-khcn', `?agency=so-khcn&month=${CLOSED_MONTH}`, `?month=${CLOSED_MONTH}`]) {
      const res = await call<List>(deps, 'GET', `/statements${query}`, { token: lan })
      expect(res.status, res.text).toBe(200)
      expect(
        res.json.items.every((s) => s.agency.code === 'so-tc'),
        query,
      ).toBe(true)
      expect(res.text).not.toContain('so-khcn')
    }
  })

  it('refuses a security officer both operations, and bad filters with 400', async () => {
    expectProblem(await call(deps, 'GET', '/statements', { token: huong }), 403, 'api.forbidden')
    expectProblem(
      await call(deps, 'GET', `/statements/so-khcn/${CLOSED_MONTH}`, { token: huong }),
      403,
      'api.forbidden',
    )
    expectProblem(await call(deps, 'GET', '/statements?month=2026-13', { token: an }), 400, 'api.invalid_query')
    expectProblem(await call(deps, 'GET', '/statements?agency=SO_KHCN', { token: an }), 400, 'api.invalid_query')
    expectProblem(await call(deps, 'GET', '/statements?page=2', { token: an }), 400, 'api.invalid_query')
    expectProblem(await call(deps, 'GET', '/statements/so-khcn/2026-1', { token: an }), 404, 'api.not_found')
    expectProblem(await call(deps, 'GET', '/statements'), 401, 'auth.token_missing')
  })
})
