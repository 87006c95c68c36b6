import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { localYearOf } from '#server/domain/budget'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { automationToken, consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, expectProblem, fieldCodes, type Schemas } from './support'

// Budgets and usage warnings over the API (issue 14, decision 0050), and the attacks on them: an
// operator sets so-tc's budget and its staff and automation client read it; so-khcn's staff can
// neither read nor set it (404, as if it did not exist) and so-tc's own staff and automation client
// cannot set it (403), each refusal audited;
// a stale save is 409, bad input 422 at its field; a merged agency takes no new version (422); a project's levels go to whoever reads the
// project and to no one else.

let t: TestDatabase
let deps: ApiDeps
let agencyClient: string
let an: string
let lan: string
let duc: string
const year = localYearOf(new Date())
const PATH = '/agencies/so-tc/budgets'
const body = (amount: string, expectedVersion: number, extra: Record<string, unknown> = {}) => ({
  year,
  amount,
  note: 'QĐ 45/QĐ-UBND',
  expectedVersion,
  ...extra,
})
const saved = () => t.db.agencyBudget.count()

beforeAll(async () => {
  t = await createSeededDatabase()
  deps = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  agencyClient = await automationToken()
  an = await consoleUserToken('an.nguyen')
  lan = await consoleUserToken('lan.hoang')
  duc = await consoleUserToken('duc.dang')
})
afterAll(async () => t?.drop())

describe('budgets over the API', () => {
  it("lets an operator set so-tc's budget, and so-tc's staff read it with no figures yet", async () => {
    const set = await call<Schemas['BudgetVersion']>(deps, 'POST', PATH, { token: duc, body: body('500000000', 0) })
    expect(set.status, set.text).toBe(201)
    expect(set.json).toMatchObject({
      version: 1,
      amount: '500000000',
      note: 'QĐ 45/QĐ-UBND',
      createdBy: 'Đặng Minh Đức',
    })
    for (const token of [lan, agencyClient]) {
      const read = await call<Schemas['BudgetOverview']>(deps, 'GET', PATH, { token })
      expect(read.status, read.text).toBe(200)
      expect(read.json).toMatchObject({ year, budget: { version: 1, amount: '500000000' }, spentLevel: 0 })
      expect(read.json.versions).toHaveLength(1)
    }
  })

  it("hides so-tc's budget from so-khcn's staff, reading or setting (404), and audits it", async () => {
    expectProblem(await call(deps, 'GET', PATH, { token: an }), 404, 'api.not_found')
    expectProblem(await call(deps, 'POST', PATH, { token: an, body: body('1', 1) }), 404, 'api.not_found')
    expect(await saved()).toBe(1)
    const denied = await t.db.auditEntry.count({ where: { outcome: 'denied', entityType: 'AgencyBudget' } })
    expect(denied).toBe(2)
  })

  it("refuses so-tc's own staff and automation client setting their budget (403), writing nothing", async () => {
    for (const token of [lan, agencyClient])
      expectProblem(await call(deps, 'POST', PATH, { token, body: body('900000000', 1) }), 403, 'api.forbidden')
    expect(await saved()).toBe(1)
    expect(await t.db.auditEntry.count({ where: { outcome: 'denied', action: 'budget.manage' } })).toBeGreaterThan(0)
  })

  it('answers a stale save with 409 and bad input at its field with 422', async () => {
    expectProblem(await call(deps, 'POST', PATH, { token: duc, body: body('600000000', 0) }), 409, 'budget.stale')
    const past = expectProblem(
      await call(deps, 'POST', PATH, { token: duc, body: body('-5', 1, { year: year - 1 }) }),
      422,
      'api.invalid_input',
    )
    expect(fieldCodes(past)).toEqual([
      ['/year', 'budget.year_past'],
      ['/amount', 'decimal.negative'],
    ])
    const absurd = expectProblem(
      await call(deps, 'POST', PATH, { token: duc, body: body('1000000000000000', 1) }),
      422,
      'api.invalid_input',
    )
    expect(fieldCodes(absurd)).toEqual([['/amount', 'budget.amount_absurd']])
    const shape = expectProblem(
      await call(deps, 'POST', PATH, { token: duc, body: body('5', 1, { amount: 5 }) }),
      422,
      'api.invalid_input',
    )
    expect(fieldCodes(shape)).toEqual([['/amount', 'input.not_text']])
    expectProblem(await call(deps, 'GET', `${PATH}?year=abc`, { token: duc }), 400, 'api.invalid_query')
    expect(await saved()).toBe(1)
    const next = await call(deps, 'POST', PATH, { token: duc, body: body('600000000', 1) })
    expect(next.status, next.text).toBe(201)
  })
})

describe("a project's usage warnings over the API", () => {
  it('go to whoever reads the project, and to no other agency', async () => {
    const project = await t.db.project.findFirstOrThrow({
      where: { agency: { code: 'so-khcn' } },
      select: { id: true },
    })
    type Alerts = { alerts: Schemas['UsageAlert'][]; buckets: Schemas['BucketFlag'][] }
    const own = await call<Alerts>(deps, 'GET', `/projects/${project.id}/alerts`, { token: an })
    expect(own.status, own.text).toBe(200)
    expect(own.json.alerts.map((a) => [a.resource, a.level])).toEqual([
      ['cpu', 0],
      ['memory', 0],
      ['objectStorage', 0],
      ['backupStorage', 0],
    ])
    expect(own.json.buckets).toEqual([])
    // A bucket over its own quota, as the bucket alerts job stores it (bucket-alerts.test.ts on the storage).
    const changedAt = new Date('2026-12-07T02:40:00Z')
    await t.db.bucketAlertState.create({
      data: {
        projectId: project.id,
        bucket: 'so-khcn-x-data',
        resource: 'objectStorage',
        level: 100,
        bytes: 200_000n,
        quotaBytes: 150_000n,
        changedAt,
      },
    })
    const flagged = await call<Alerts>(deps, 'GET', `/projects/${project.id}/alerts`, { token: an })
    expect(flagged.json.buckets).toEqual([
      {
        bucket: 'so-khcn-x-data',
        resource: 'objectStorage',
        bytes: '200000',
        quotaBytes: '150000',
        since: changedAt.toISOString(),
      },
    ])
    // Another agency's staff: the 404 of a project that does not exist, flag or none.
    expectProblem(await call(deps, 'GET', `/projects/${project.id}/alerts`, { token: lan }), 404, 'api.not_found')
  })
})

describe("a merged agency's budget over the API", () => {
  it('refuses a new version at /amount with budget.agency_merged, writing nothing', async () => {
    // The seed's so-tttt was merged into so-khcn (decision 0057).
    const before = await saved()
    const refused = expectProblem(
      await call(deps, 'POST', '/agencies/so-tttt/budgets', { token: duc, body: body('300000000', 0) }),
      422,
      'api.invalid_input',
    )
    expect(fieldCodes(refused)).toEqual([['/amount', 'budget.agency_merged']])
    expect(await saved()).toBe(before)
  })

  it('refuses an archived agency a new version at /amount with budget.agency_archived, writing nothing', async () => {
    await t.db.agency.update({ where: { code: 'ubnd-xa-dong-dang' }, data: { status: 'archived' } })
    const before = await saved()
    const refused = expectProblem(
      await call(deps, 'POST', '/agencies/ubnd-xa-dong-dang/budgets', {
        token: duc,
        body: body('300000000', 0),
        headers: { 'accept-language': 'vi' },
      }),
      422,
      'api.invalid_input',
    )
    expect(fieldCodes(refused)).toEqual([['/amount', 'budget.agency_archived']])
    expect(JSON.stringify(refused)).toContain('đã ngừng hoạt động (lưu trữ)')
    expect(await saved()).toBe(before)
    await t.db.agency.update({ where: { code: 'ubnd-xa-dong-dang' }, data: { status: 'active' } })
  })
})
