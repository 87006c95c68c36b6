import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { automationToken, consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, pageThrough, projectId, type Schemas } from './support'

// Cursor paging returns every item exactly once, in the documented order, whatever the page size,
// and stays correct when items are added while a client is paging.

let t: TestDatabase
let deps: ApiDeps
let operatorDeps: ApiDeps
let staff: string
let operator: string

beforeAll(async () => {
  t = await createSeededDatabase()
  deps = apiDeps(t.db)
  operatorDeps = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  staff = await automationToken()
  operator = await consoleUserToken('duc.dang')
  // Enough drafts of so-tc that paging has work to do, some of them submitted at the same instant.
  const project = await projectId(t.db, 'Cơ sở dữ liệu giá')
  for (let i = 0; i < 12; i++) {
    const res = await call(deps, 'POST', '/requests', {
      token: staff,
      body: { projectId: project, kind: 'new', lines: [{ resource: 'cpu', amount: `${i + 1}` }] },
    })
    expect(res.status).toBe(201)
  }
  const same = new Date('2026-11-01T08:00:00.000Z')
  const drafts = await t.db.quotaRequest.findMany({
    where: { projectId: project, state: 'draft' },
    select: { id: true },
    take: 4,
    orderBy: { id: 'asc' },
  })
  await t.db.quotaRequest.updateMany({
    where: { id: { in: drafts.map((d) => d.id) } },
    data: { state: 'submitted', submittedAt: same },
  })
})
afterAll(async () => t?.drop())

const ids = (items: { id: string }[]) => items.map((i) => i.id)

describe('cursor paging', () => {
  it.each([1, 2, 5, 7])(
    'returns every request once, oldest submission first, drafts last, with limit=%i',
    async (limit) => {
      const all = await call<Schemas['RequestPage']>(operatorDeps, 'GET', '/requests?limit=200', { token: operator })
      expect(all.json.nextCursor).toBeNull()
      const expected = await t.db.quotaRequest.count()
      expect(all.json.items).toHaveLength(expected)
      const paged = await pageThrough<Schemas['QuotaRequestSummary']>(operatorDeps, operator, '/requests', { limit })
      expect(ids(paged)).toEqual(ids(all.json.items))
      expect(new Set(ids(paged)).size).toBe(expected)
      // The order: submitted ones by time then id, then drafts by id.
      const submitted = paged.filter((r) => r.submittedAt !== null)
      const drafts = paged.filter((r) => r.submittedAt === null)
      expect(paged).toEqual([...submitted, ...drafts])
      const key = (r: { id: string; submittedAt: string | null }) => `${r.submittedAt}|${r.id}`
      expect(submitted.map(key)).toEqual([...submitted.map(key)].sort())
      expect(ids(drafts)).toEqual([...ids(drafts)].sort())
    },
  )

  it('pages the agency-scoped and filtered lists too', async () => {
    const paged = await pageThrough<Schemas['QuotaRequestSummary']>(
      deps,
      staff,
      '/requests?state=draft&state=submitted',
      {
        limit: 3,
      },
    )
    const expected = await t.db.quotaRequest.count({
      where: { agency: { code: 'so-tc' }, state: { in: ['draft', 'submitted'] } },
    })
    expect(paged).toHaveLength(expected)
    expect(new Set(ids(paged)).size).toBe(expected)

    const agencies = await pageThrough<Schemas['Agency']>(operatorDeps, operator, '/agencies', { limit: 5 })
    expect(agencies.map((a) => a.code)).toEqual(
      (await t.db.agency.findMany({ select: { code: true }, orderBy: { code: 'asc' } })).map((a) => a.code),
    )
    const projects = await pageThrough<Schemas['Project']>(operatorDeps, operator, '/projects', { limit: 3 })
    expect(new Set(ids(projects)).size).toBe(await t.db.project.count())
    const pools = await pageThrough<Schemas['Pool']>(operatorDeps, operator, '/pools', { limit: 2 })
    expect(pools).toHaveLength(await t.db.capacityPool.count())
  })

  it('neither repeats nor skips an item when a request is added between pages', async () => {
    const first = await call<Schemas['RequestPage']>(deps, 'GET', '/requests?limit=4', { token: staff })
    const project = await projectId(t.db, 'Cơ sở dữ liệu giá')
    await call(deps, 'POST', '/requests', { token: staff, body: { projectId: project, kind: 'new' } })
    const rest = await pageThrough<Schemas['QuotaRequestSummary']>(deps, staff, '/requests', {
      limit: 4,
      from: first.json.nextCursor,
    })
    const all = [...ids(first.json.items), ...ids(rest)]
    expect(new Set(all).size).toBe(all.length)
    expect(all.length).toBe(await t.db.quotaRequest.count({ where: { agency: { code: 'so-tc' } } }))
  })
})
