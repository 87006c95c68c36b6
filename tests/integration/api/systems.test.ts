import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { automationToken, consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, expectProblem, fieldCodes, type Schemas } from './support'

// Information systems' registration and review over the API (issue 15, decision 0055), with the
// realm's people's tokens: an.nguyen (staff of so-khcn) registers, huong.pham (security officer)
// reviews; so-tc's automation cannot register for so-khcn, see its registration or touch it; staff
// and an operator (duc.dang) cannot review; nothing changes when refused. A quota request waits
// for the confirmation.

let t: TestDatabase
let deps: ApiDeps
const tokens: Record<string, string> = {}
const NAME = 'Hệ thống quản lý đề tài khoa học Đồng Đăng'

beforeAll(async () => {
  t = await createSeededDatabase()
  deps = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  tokens['so-tc'] = await automationToken()
  for (const user of ['an.nguyen', 'duc.dang', 'huong.pham']) tokens[user] = await consoleUserToken(user)
})
afterAll(async () => t?.drop())

const registration = (agencyCode: string, overrides: Record<string, unknown> = {}) => ({
  agencyCode,
  name: NAME,
  purpose: 'Quản lý hồ sơ đề tài nghiên cứu cấp tỉnh.',
  securityLevel: 3,
  documentNumber: '45/QĐ-UBND',
  documentDate: '2026-11-20',
  documentIssuer: 'Ủy ban nhân dân tỉnh Lạng Sơn',
  processesPersonalData: true,
  ownerName: 'Sở Khoa học và Công nghệ',
  contact: { name: 'Nguyễn Văn An', email: 'an.nguyen@skhcn.langson.gov.vn', phone: '0205 3 812 345' },
  ...overrides,
})

const state = async () => ({
  projects: await t.db.project.findMany({
    orderBy: { id: 'asc' },
    select: { id: true, registrationState: true, securityLevel: true },
  }),
  steps: await t.db.systemRegistrationStep.count(),
  requests: await t.db.quotaRequest.count(),
})

let namespace = ''

describe('registering', () => {
  it('refuses another agency, a level without its document, and writes nothing but the denial', async () => {
    const before = await state()
    const denials = await t.db.auditEntry.count({ where: { outcome: 'denied' } })
    const other = await call(deps, 'POST', '/systems', { token: tokens['so-tc'], body: registration('so-khcn') })
    expect(fieldCodes(expectProblem(other, 422, 'api.invalid_input'))).toEqual([['/agencyCode', 'agency.not_found']])
    expect(await t.db.auditEntry.count({ where: { outcome: 'denied' } })).toBe(denials + 1)
    for (const who of ['duc.dang', 'huong.pham']) {
      const refused = await call(deps, 'POST', '/systems', { token: tokens[who], body: registration('so-khcn') })
      expectProblem(refused, 403, 'api.forbidden')
    }
    const noDocument = await call(deps, 'POST', '/systems', {
      token: tokens['an.nguyen'],
      body: registration('so-khcn', { documentNumber: '', documentIssuer: ' ' }),
      headers: { 'Accept-Language': 'vi' },
    })
    const problem = expectProblem(noDocument, 422, 'api.invalid_input')
    expect(fieldCodes(problem)).toEqual([
      ['/documentNumber', 'system.document_required'],
      ['/documentIssuer', 'system.document_required'],
    ])
    expect(problem.errors?.[0]?.message).toContain('văn bản phê duyệt')
    expect(await state()).toEqual(before)
  })

  it('registers for the caller’s own agency, pending, with the name as typed', async () => {
    const res = await call<Schemas['SystemRegistration']>(deps, 'POST', '/systems', {
      token: tokens['an.nguyen'],
      body: registration('so-khcn'),
    })
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({
      agencyCode: 'so-khcn',
      name: NAME,
      state: 'pending',
      levelInForce: null,
      proposal: {
        round: 1,
        kind: 'submitted',
        securityLevel: 3,
        document: { number: '45/QĐ-UBND', date: '2026-11-20' },
      },
    })
    namespace = res.json.namespace
    expect(namespace).toBe('so-khcn-he-thong-quan-ly-de-tai-khoa-hoc-dong-dang')
    expect(res.headers.get('Location')).toMatch(new RegExp(`/systems/${namespace}$`))
  })
})

describe('before the review', () => {
  it('hides so-khcn’s registration from so-tc’s automation in the list, the page and the writes', async () => {
    const list = await call<Schemas['SystemRegistrationPage']>(deps, 'GET', '/systems?limit=200', {
      token: tokens['so-tc'],
    })
    expect(list.status).toBe(200)
    expect(list.json.items.map((item) => item.agencyCode).filter((code) => code === 'so-khcn')).toEqual([])
    const before = await state()
    expectProblem(await call(deps, 'GET', `/systems/${namespace}`, { token: tokens['so-tc'] }), 404, 'api.not_found')
    const resubmit = await call(deps, 'POST', `/systems/${namespace}/resubmit`, {
      token: tokens['so-tc'],
      body: { securityLevel: 1, documentNumber: '1', documentDate: '2026-11-01', documentIssuer: 'x' },
    })
    expectProblem(resubmit, 404, 'api.not_found')
    const forged = await call(deps, 'POST', `/systems/${namespace}/review`, {
      token: tokens['so-tc'],
      body: { outcome: 'confirm' },
    })
    expectProblem(forged, 404, 'api.not_found')
    expect(await state()).toEqual(before)
  })

  it('refuses a review by the agency’s own staff and by an operator, and the quota request, changing nothing', async () => {
    const before = await state()
    for (const who of ['an.nguyen', 'duc.dang']) {
      const review = await call(deps, 'POST', `/systems/${namespace}/review`, {
        token: tokens[who],
        body: { outcome: 'confirm' },
      })
      expectProblem(review, 403, 'api.forbidden')
    }
    const projectId = (await t.db.project.findUniqueOrThrow({ where: { namespace } })).id
    const body = { projectId, kind: 'new', lines: [{ resource: 'cpu', amount: '2' }], justification: 'Đề tài' }
    const request = await call(deps, 'POST', '/requests', { token: tokens['an.nguyen'], body })
    expect(fieldCodes(expectProblem(request, 422, 'api.invalid_input'))).toEqual([
      ['/projectId', 'system.registration_pending'],
    ])
    expect(await state()).toEqual(before)
  })
})

describe('the review', () => {
  it('lists it in the officers’ queue; a level set needs a reason; then the system may request', async () => {
    const queue = await call<Schemas['SystemRegistrationPage']>(deps, 'GET', '/systems?state=pending', {
      token: tokens['huong.pham'],
    })
    expect(queue.json.items.map((item) => item.namespace)).toContain(namespace)
    const noReason = await call(deps, 'POST', `/systems/${namespace}/review`, {
      token: tokens['huong.pham'],
      body: { outcome: 'set_level', securityLevel: 4 },
    })
    expect(fieldCodes(expectProblem(noReason, 422, 'api.invalid_input'))).toEqual([
      ['/reason', 'system.reason_required'],
    ])
    const set = await call<Schemas['SystemRegistration']>(deps, 'POST', `/systems/${namespace}/review`, {
      token: tokens['huong.pham'],
      body: { outcome: 'set_level', securityLevel: 4, reason: 'Dữ liệu cá nhân của nhà khoa học' },
    })
    expect(set.status).toBe(200)
    expect(set.json).toMatchObject({ state: 'confirmed', levelInForce: 4 })
    expect(set.json.history.map((step) => [step.kind, step.securityLevel, step.by])).toEqual([
      ['submitted', 3, 'Nguyễn Văn An'],
      ['level_set', 4, 'Phạm Thị Hương'],
    ])
    const again = await call(deps, 'POST', `/systems/${namespace}/review`, {
      token: tokens['huong.pham'],
      body: { outcome: 'confirm' },
    })
    expect(fieldCodes(expectProblem(again, 422, 'api.invalid_input'))).toEqual([['', 'system.not_pending']])
    const projectId = (await t.db.project.findUniqueOrThrow({ where: { namespace } })).id
    const body = { projectId, kind: 'new', lines: [{ resource: 'cpu', amount: '2' }], justification: 'Đề tài' }
    expect((await call(deps, 'POST', '/requests', { token: tokens['an.nguyen'], body })).status).toBe(201)
  })
})
