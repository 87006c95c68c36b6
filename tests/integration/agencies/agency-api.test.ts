import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { automationToken, consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, expectProblem, fieldCodes, type Schemas } from '../api/support'

// The agencies' administration over the API (issue 15, decision 0052) with the realm's real
// people: the platform administrator (quang.ly) creates, renames, moves and archives; a crafted
// move that makes a cycle is refused at its field; agency staff (the automation client), an
// operator and a security officer get 403 on every operation, and nothing changes.

let t: TestDatabase
let deps: ApiDeps
let admin: string
const DONG_DANG = 'Ủy ban nhân dân xã Đồng Đăng'

beforeAll(async () => {
  t = await createSeededDatabase()
  deps = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  admin = await consoleUserToken('quang.ly')
})
afterAll(async () => t?.drop())

const snapshot = async () => ({
  agencies: await t.db.agency.findMany({ orderBy: { code: 'asc' } }),
  changes: await t.db.auditEntry.count({ where: { action: { startsWith: 'agency.' }, outcome: 'ok' } }),
})

describe('the platform administrator', () => {
  it('creates an agency with its diacritics, renames, moves and archives it', async () => {
    const body = { code: 'ubnd-xa-dong-dang-2', nameVi: DONG_DANG, kind: 'people-committee', parentCode: 'ubnd-tinh' }
    const made = await call<Schemas['Agency']>(deps, 'POST', '/agencies', { token: admin, body })
    expect(made.status, made.text).toBe(201)
    expect(made.headers.get('location')).toMatch(/\/agencies\/ubnd-xa-dong-dang-2$/)
    expect(made.json).toMatchObject({ code: 'ubnd-xa-dong-dang-2', name: { vi: DONG_DANG }, parentCode: 'ubnd-tinh' })

    const path = '/agencies/ubnd-xa-dong-dang-2'
    const renamed = await call<Schemas['Agency']>(deps, 'POST', `${path}/rename`, {
      token: admin,
      body: { nameVi: 'UBND xã Đồng Đăng', nameEn: 'Đồng Đăng Commune' },
    })
    expect(renamed.json).toMatchObject({ code: 'ubnd-xa-dong-dang-2', name: { vi: 'UBND xã Đồng Đăng' } })
    const moved = await call<Schemas['Agency']>(deps, 'POST', `${path}/move`, {
      token: admin,
      body: { parentCode: null },
    })
    expect(moved.json.parentCode).toBeNull()
    const archived = await call<Schemas['Agency']>(deps, 'POST', `${path}/archive`, { token: admin })
    expect(archived.json.status).toBe('archived')
  })

  it('gets every problem at its field, a crafted cycle refused and an unknown agency 404, with nothing changed', async () => {
    const before = await snapshot()
    const bad = await call(deps, 'POST', '/agencies', {
      token: admin,
      body: { code: 'Sở Y tế', nameVi: ' ', kind: 'district' },
    })
    expect(fieldCodes(expectProblem(bad, 422, 'api.invalid_input'))).toEqual([
      ['/code', 'agency.code_invalid'],
      ['/nameVi', 'name.required'],
      ['/kind', 'agency.kind_unknown'],
    ])
    // ubnd-tinh ─ so-khcn ─ ttcns in the seed: moving the province under ttcns would make a cycle.
    const cycle = await call(deps, 'POST', '/agencies/ubnd-tinh/move', { token: admin, body: { parentCode: 'ttcns' } })
    expect(fieldCodes(expectProblem(cycle, 422, 'api.invalid_input'))).toEqual([['/parentCode', 'agency.parent_cycle']])
    expectProblem(await call(deps, 'POST', '/agencies/khong-ton-tai/archive', { token: admin }), 404, 'api.not_found')
    expect(await snapshot()).toEqual(before)
  })
})

describe('everyone else', () => {
  it('gets 403 on every operation, and nothing changes', async () => {
    const tokens = {
      staff: await automationToken(),
      operator: await consoleUserToken('duc.dang'),
      security: await consoleUserToken('huong.pham'),
    }
    const before = await snapshot()
    const calls: [string, unknown][] = [
      ['/agencies', { code: 'so-gia-mao', nameVi: 'Sở giả mạo', kind: 'department' }],
      ['/agencies/so-tc/rename', { nameVi: 'Tên bị đổi' }],
      ['/agencies/ubnd-tinh/move', { parentCode: 'ttcns' }],
      ['/agencies/so-tc/archive', undefined],
    ]
    for (const [role, token] of Object.entries(tokens))
      for (const [path, body] of calls) {
        const answer = await call(deps, 'POST', path, { token, body })
        expect(answer.status, `${role} POST ${path}: ${answer.text}`).toBe(403)
      }
    expect(await snapshot()).toEqual(before)
  })
})
