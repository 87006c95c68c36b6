import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, expectProblem, fieldCodes, type Schemas } from './support'

// Closing an information system over the API (issue 15, decision 0058), with the realm's people's
// tokens and the closing page's authorisation: an.nguyen (so-khcn's staff) asks and withdraws;
// lan.hoang (so-tc's staff) finds no such project, whatever she tries; huong.pham (security
// officer) and the wrong side of each operation get 403; duc.dang (operator) decides. Nothing
// changes when refused.

let t: TestDatabase
let deps: ApiDeps
let projectId = ''
const tokens: Record<'an' | 'lan' | 'huong' | 'duc', string> = { an: '', lan: '', huong: '', duc: '' }

beforeAll(async () => {
  t = await createSeededDatabase()
  deps = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  tokens.an = await consoleUserToken('an.nguyen')
  tokens.lan = await consoleUserToken('lan.hoang')
  tokens.huong = await consoleUserToken('huong.pham')
  tokens.duc = await consoleUserToken('duc.dang')
  const grant = await t.db.quotaRequest.findFirstOrThrow({
    where: { agency: { code: 'so-khcn' }, kind: 'new', state: 'active' },
    select: { projectId: true },
  })
  projectId = grant.projectId
})
afterAll(async () => t?.drop())

const path = (tail = '') => `/projects/${projectId}/closure${tail}`
type Who = keyof typeof tokens
const post = (who: Who, tail: string, body: unknown) =>
  call<Schemas['ProjectClosures']>(deps, 'POST', path(tail), { token: tokens[who], body })
const snapshot = async () => ({
  closures: await t.db.projectClosure.findMany({ where: { projectId }, orderBy: { requestedAt: 'asc' } }),
  requests: await t.db.quotaRequest.findMany({ where: { projectId }, select: { id: true, state: true } }),
  pools: await t.db.poolResource.findMany({
    select: { resource: true, allocated: true },
    orderBy: { resource: 'asc' },
  }),
})
const ask = { reason: 'Hệ thống được thay thế bằng cổng mới' }

describe('closing a system over the API', () => {
  it('is asked and withdrawn by its staff only; everyone else is refused and nothing changes', async () => {
    const read = await call<Schemas['ProjectClosures']>(deps, 'GET', path(), { token: tokens.an })
    expect(read.json).toEqual({ life: 'open', closures: [] })
    const before = await snapshot()
    expectProblem(await call(deps, 'GET', path(), { token: tokens.lan }), 404, 'api.not_found')
    expectProblem(await post('lan', '', ask), 404, 'api.not_found')
    expectProblem(await post('huong', '', ask), 403, 'api.forbidden')
    expectProblem(await post('duc', '', ask), 403, 'api.forbidden')
    const blank = await post('an', '', { reason: '  ' })
    expect(fieldCodes(expectProblem(blank, 422, 'closure.reason_required'))).toEqual([
      ['/reason', 'closure.reason_required'],
    ])
    expect(await snapshot()).toEqual(before)

    const asked = await post('an', '', ask)
    expect(asked.status, asked.text).toBe(201)
    expect(asked.json.closures).toMatchObject([{ state: 'submitted', reason: ask.reason, decidedAt: null }])
    expectProblem(await post('an', '', ask), 409, 'closure.already_open')

    const waiting = await snapshot()
    expectProblem(await post('lan', '/withdraw', {}), 404, 'api.not_found')
    expectProblem(await post('huong', '/withdraw', {}), 403, 'api.forbidden')
    expectProblem(await post('duc', '/withdraw', {}), 403, 'api.forbidden')
    expect(await snapshot()).toEqual(waiting)
    const withdrawn = await post('an', '/withdraw', {})
    expect(withdrawn.status, withdrawn.text).toBe(200)
    expect(withdrawn.json).toMatchObject({ life: 'open', closures: [{ state: 'withdrawn' }] })
    expectProblem(await post('an', '/withdraw', {}), 409, 'closure.already_decided')
    expect(await t.db.auditEntry.count({ where: { action: 'project.close_withdrawn', entityId: projectId } })).toBe(1)
  })

  it('is decided by an operator only; a decided request cannot be withdrawn', async () => {
    expect((await post('an', '', ask)).status).toBe(201)
    const before = await snapshot()
    const approve = { decision: 'approve' }
    expectProblem(await post('lan', '/decision', approve), 404, 'api.not_found')
    expectProblem(await post('huong', '/decision', approve), 403, 'api.forbidden')
    expectProblem(await post('an', '/decision', approve), 403, 'api.forbidden')
    expectProblem(await post('duc', '/decision', { decision: 'close' }), 422, 'api.invalid_input')
    const noNote = await post('duc', '/decision', { decision: 'reject', note: ' ' })
    expect(fieldCodes(expectProblem(noNote, 422, 'closure.note_required'))).toEqual([
      ['/note', 'closure.note_required'],
    ])
    expect(await snapshot()).toEqual(before)

    const approved = await post('duc', '/decision', approve)
    expect(approved.status, approved.text).toBe(200)
    expect(approved.json).toMatchObject({ life: 'closing', closures: [{ state: 'approved' }, { state: 'withdrawn' }] })
    const after = await snapshot()
    expect(after.requests.filter((r) => r.state === 'active')).toEqual([])
    expectProblem(await post('an', '/withdraw', {}), 409, 'closure.already_decided')
    expectProblem(await post('duc', '/decision', approve), 409, 'closure.not_submitted')
    expect(await snapshot()).toEqual(after)
  })
})
