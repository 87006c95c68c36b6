import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { automationToken, consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, expectProblem, fieldCodes, type Schemas } from './support'

// Editing a registration and re-reviewing a confirmed level over the API (issue 15, decision
// 0084), with the realm's people's tokens and the pages' authorisation: an.nguyen (staff of
// so-khcn) edits a pending registration and proposes a new level for a confirmed one; so-tc's
// automation can do neither to so-khcn's systems (404); staff and an operator (duc.dang) cannot
// reopen or decide (403); huong.pham (security officer) reopens and decides, and cannot edit.
// Nothing changes when refused; the level in force stays until the confirmation.

let t: TestDatabase
let deps: ApiDeps
const tokens: Record<string, string> = {}
let pending = ''
let confirmed = ''

const registration = {
  name: 'Hệ thống hồ sơ sáng kiến Đồng Đăng',
  purpose: 'Tiếp nhận hồ sơ sáng kiến cấp tỉnh.',
  securityLevel: 2,
  documentNumber: '45/QĐ-UBND',
  documentDate: '2026-11-20',
  documentIssuer: 'Ủy ban nhân dân tỉnh Lạng Sơn',
  processesPersonalData: false,
  ownerName: 'Sở Khoa học và Công nghệ',
  contact: { name: 'Nguyễn Văn An', email: 'an.nguyen@skhcn.langson.gov.vn', phone: '0205 3 812 345' },
}
const proposal = {
  securityLevel: 3,
  documentNumber: '77/QĐ-UBND',
  documentDate: '2026-12-01',
  documentIssuer: 'UBND tỉnh',
}

const state = async () => ({
  projects: await t.db.project.findMany({
    orderBy: { id: 'asc' },
    select: {
      id: true,
      name: true,
      registrationState: true,
      registrationVersion: true,
      levelReview: true,
      securityLevel: true,
    },
  }),
  steps: await t.db.systemRegistrationStep.count(),
})

beforeAll(async () => {
  t = await createSeededDatabase()
  deps = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  tokens['so-tc'] = await automationToken()
  for (const user of ['an.nguyen', 'duc.dang', 'huong.pham']) tokens[user] = await consoleUserToken(user)
  const made = await call<Schemas['SystemRegistration']>(deps, 'POST', '/systems', {
    token: tokens['an.nguyen'],
    body: { ...registration, agencyCode: 'so-khcn' },
  })
  pending = made.json.namespace
  const seeded = await t.db.project.findFirstOrThrow({
    where: { name: 'Cổng thông tin điện tử Sở Khoa học và Công nghệ', registrationState: 'confirmed' },
  })
  confirmed = seeded.namespace
})
afterAll(async () => t?.drop())

describe('editing a pending registration', () => {
  it('is refused to another agency (404), an operator and a security officer (403), changing nothing', async () => {
    const before = await state()
    const body = { ...registration, name: 'Tên khác', version: 1 }
    expectProblem(
      await call(deps, 'PUT', `/systems/${pending}`, { token: tokens['so-tc'], body }),
      404,
      'api.not_found',
    )
    for (const who of ['duc.dang', 'huong.pham'])
      expectProblem(await call(deps, 'PUT', `/systems/${pending}`, { token: tokens[who], body }), 403, 'api.forbidden')
    expect(await state()).toEqual(before)
  })

  it('edits on the version read, then refuses the same version again (409)', async () => {
    const body = { ...registration, name: 'Hệ thống hồ sơ sáng kiến tỉnh Lạng Sơn', securityLevel: 3, version: 1 }
    const edited = await call<Schemas['SystemRegistration']>(deps, 'PUT', `/systems/${pending}`, {
      token: tokens['an.nguyen'],
      body,
    })
    expect(edited.status, edited.text).toBe(200)
    expect(edited.json).toMatchObject({
      namespace: pending,
      name: 'Hệ thống hồ sơ sáng kiến tỉnh Lạng Sơn',
      state: 'pending',
      version: 2,
      levelReview: null,
      proposal: { round: 2, kind: 'submitted', securityLevel: 3 },
    })
    const before = await state()
    const stale = await call(deps, 'PUT', `/systems/${pending}`, { token: tokens['an.nguyen'], body })
    expectProblem(stale, 409, 'system.changed_meanwhile')
    const review = await call(deps, 'POST', `/systems/${pending}/review`, {
      token: tokens['huong.pham'],
      body: { outcome: 'confirm', version: 1 },
    })
    expectProblem(review, 409, 'system.changed_meanwhile')
    expect(await state()).toEqual(before)
  })

  it('is refused once confirmed', async () => {
    const confirm = await call(deps, 'POST', `/systems/${pending}/review`, {
      token: tokens['huong.pham'],
      body: { outcome: 'confirm', version: 2 },
    })
    expect(confirm.status, confirm.text).toBe(200)
    const edit = await call(deps, 'PUT', `/systems/${pending}`, {
      token: tokens['an.nguyen'],
      body: { ...registration, version: 3 },
    })
    expect(fieldCodes(expectProblem(edit, 422, 'api.invalid_input'))).toEqual([['', 'system.not_editable']])
  })
})

describe('re-reviewing a confirmed level', () => {
  it('refuses the proposal to another agency and to the officer, and the decision to staff and an operator', async () => {
    const before = await state()
    const change = `/systems/${confirmed}/level-change`
    expectProblem(await call(deps, 'POST', change, { token: tokens['so-tc'], body: proposal }), 404, 'api.not_found')
    expectProblem(
      await call(deps, 'POST', change, { token: tokens['huong.pham'], body: proposal }),
      403,
      'api.forbidden',
    )
    for (const who of ['an.nguyen', 'duc.dang']) {
      const reopen = await call(deps, 'POST', `/systems/${confirmed}/reopen`, {
        token: tokens[who],
        body: { reason: 'Xem lại' },
      })
      expectProblem(reopen, 403, 'api.forbidden')
      const decide = await call(deps, 'POST', `/systems/${confirmed}/level-decision`, {
        token: tokens[who],
        body: { outcome: 'confirm' },
      })
      expectProblem(decide, 403, 'api.forbidden')
    }
    const foreign = await call(deps, 'POST', `/systems/${confirmed}/level-decision`, {
      token: tokens['so-tc'],
      body: { outcome: 'confirm' },
    })
    expectProblem(foreign, 404, 'api.not_found')
    expect(await state()).toEqual(before)
  })

  it('keeps the level in force while proposed; the officer confirms it', async () => {
    const proposed = await call<Schemas['SystemRegistration']>(deps, 'POST', `/systems/${confirmed}/level-change`, {
      token: tokens['an.nguyen'],
      body: proposal,
    })
    expect(proposed.status, proposed.text).toBe(200)
    expect(proposed.json).toMatchObject({ state: 'confirmed', levelInForce: 2, levelReview: 'proposed' })
    const queue = await call<Schemas['SystemRegistrationPage']>(deps, 'GET', '/systems?state=confirmed&limit=200', {
      token: tokens['huong.pham'],
    })
    expect(queue.json.items.find((item) => item.namespace === confirmed)?.levelReview).toBe('proposed')
    const decided = await call<Schemas['SystemRegistration']>(deps, 'POST', `/systems/${confirmed}/level-decision`, {
      token: tokens['huong.pham'],
      body: { outcome: 'confirm', version: proposed.json.version },
    })
    expect(decided.status, decided.text).toBe(200)
    expect(decided.json).toMatchObject({ levelInForce: 3, levelReview: null })
    expect(decided.json.history.slice(-2).map((step) => [step.kind, step.securityLevel, step.by])).toEqual([
      ['submitted', 3, 'Nguyễn Văn An'],
      ['confirmed', 3, 'Phạm Thị Hương'],
    ])
  })

  it('reopened by the officer, refused with a reason: the level stays', async () => {
    const noReason = await call(deps, 'POST', `/systems/${confirmed}/reopen`, {
      token: tokens['huong.pham'],
      body: { reason: ' ' },
    })
    expect(fieldCodes(expectProblem(noReason, 422, 'api.invalid_input'))).toEqual([
      ['/reason', 'system.reason_required'],
    ])
    const reopened = await call<Schemas['SystemRegistration']>(deps, 'POST', `/systems/${confirmed}/reopen`, {
      token: tokens['huong.pham'],
      body: { reason: 'Cổng đã kết nối cơ sở dữ liệu dân cư' },
    })
    expect(reopened.json).toMatchObject({ levelInForce: 3, levelReview: 'reopened' })
    const refused = await call<Schemas['SystemRegistration']>(deps, 'POST', `/systems/${confirmed}/level-decision`, {
      token: tokens['huong.pham'],
      body: { outcome: 'refuse', reason: 'Không cần thay đổi' },
    })
    expect(refused.json).toMatchObject({ levelInForce: 3, levelReview: null })
    expect(refused.json.history.at(-1)).toMatchObject({ kind: 'refused', reason: 'Không cần thay đổi' })
  })
})
