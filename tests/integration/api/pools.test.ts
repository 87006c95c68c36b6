import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { automationToken, consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, expectProblem, fieldCodes, type Schemas } from './support'

// Capacity pools over the API (issue 15, decision 0054), with real people's tokens: an operator
// (duc.dang) edits; an agency's automation, its staff (an.nguyen) and a security officer
// (huong.pham) get 403 and nothing changes; a shrink below what is allocated is refused at its
// field with the capacity and the allocation, and nothing changes either.

let t: TestDatabase
let deps: ApiDeps
const tokens: Record<string, string> = {}

beforeAll(async () => {
  t = await createSeededDatabase()
  deps = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  tokens['staff'] = await automationToken()
  for (const user of ['an.nguyen', 'duc.dang', 'huong.pham']) tokens[user] = await consoleUserToken(user)
})
afterAll(async () => t?.drop())

async function computeMain() {
  const res = await call<Schemas['PoolPage']>(deps, 'GET', '/pools', { token: tokens['duc.dang'] })
  expect(res.status).toBe(200)
  return res.json.items.find((pool) => pool.code === 'compute-main')!
}

const bodyOf = (pool: Schemas['Pool'], physical: Record<string, string> = {}) => ({
  nameVi: pool.name.vi,
  nameEn: pool.name.en,
  resources: pool.resources.map((r) => ({
    resource: r.resource,
    physical: physical[r.resource] ?? r.physical,
    overcommit: r.overcommit,
  })),
  readingId: null,
  reason: 'Bổ sung máy chủ',
  seenVersion: 1,
})

const state = async () => ({
  versions: await t.db.poolVersion.count(),
  pools: await t.db.capacityPool.count(),
  resources: await t.db.poolResource.findMany({ orderBy: { resource: 'asc' } }),
})

describe('/pools writes', () => {
  it('refuses agency staff, their automation and a security officer, and nothing changes', async () => {
    const pool = await computeMain()
    const before = await state()
    for (const who of ['staff', 'an.nguyen', 'huong.pham']) {
      const put = await call(deps, 'PUT', '/pools/compute-main', {
        token: tokens[who],
        body: bodyOf(pool, { cpu: '1' }),
      })
      expectProblem(put, 403, 'api.forbidden')
      const post = await call(deps, 'POST', '/pools', {
        token: tokens[who],
        body: { ...bodyOf(pool), seenVersion: undefined, code: 'x-pool', kind: 'compute' },
      })
      expectProblem(post, 403, 'api.forbidden')
    }
    expect(await state()).toEqual(before)
  })

  it('refuses a shrink below what is allocated at its field, with the figures, and nothing changes', async () => {
    const pool = await computeMain()
    const cpu = pool.resources.find((r) => r.resource === 'cpu')!
    expect(cpu.allocated).not.toBe('0')
    const before = await state()
    const res = await call(deps, 'PUT', '/pools/compute-main', {
      token: tokens['duc.dang'],
      body: bodyOf(pool, { cpu: '1' }),
      headers: { 'Accept-Language': 'vi' },
    })
    const problem = expectProblem(res, 422, 'api.invalid_input')
    expect(fieldCodes(problem)).toEqual([['/resources/0/physical', 'pool.below_allocation']])
    expect(problem.errors?.[0]?.message).toMatch(/không bao giờ được nhỏ hơn phần đã cấp/)
    expect(await state()).toEqual(before)
  })

  it('saves a growth for an operator as version 2, audited, and a stale version is refused', async () => {
    const pool = await computeMain()
    const res = await call<Schemas['PoolVersioned']>(deps, 'PUT', '/pools/compute-main', {
      token: tokens['duc.dang'],
      body: bodyOf(pool, { cpu: '300' }),
    })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ code: 'compute-main', version: 2 })
    expect(res.json.resources.find((r) => r.resource === 'cpu')).toMatchObject({ physical: '300', capacity: '1200' })
    expect(await t.db.auditEntry.count({ where: { action: 'pool.update', actorLabel: 'Đặng Minh Đức' } })).toBe(1)
    const stale = await call(deps, 'PUT', '/pools/compute-main', { token: tokens['duc.dang'], body: bodyOf(pool) })
    expect(fieldCodes(expectProblem(stale, 422, 'api.invalid_input'))).toEqual([['/seenVersion', 'pool.stale']])
  })

  it('creates a pool at 201 and answers bad input at its fields; an unknown pool is 404', async () => {
    const created = await call<Schemas['PoolVersioned']>(deps, 'POST', '/pools', {
      token: tokens['duc.dang'],
      body: {
        code: 'backup-main-2',
        kind: 'backup',
        nameVi: 'Lưu trữ sao lưu dự phòng',
        resources: [{ resource: 'volume:fast', physical: 'lots', overcommit: { numerator: 1, denominator: 3 } }],
        readingId: null,
        reason: 'Theo ổ đĩa đọc được',
      },
    })
    expect(fieldCodes(expectProblem(created, 422, 'api.invalid_input'))).toEqual([
      ['/resources/0/physical', 'quantity.malformed'],
    ])
    const missing = await call(deps, 'PUT', '/pools/no-such-pool', {
      token: tokens['duc.dang'],
      body: bodyOf(await computeMain()),
    })
    expectProblem(missing, 404, 'api.not_found')
  })
})
