import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { automationToken, consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, expectProblem, fieldCodes, type Schemas } from './support'

// The platform's policies over the API (issue 15, decision 0049), with real people's tokens:
// only a platform administrator (quang.ly) reads or changes them; an operator, a security officer
// and an agency's automation are refused, and their attempts change nothing.

let t: TestDatabase
let deps: ApiDeps
const tokens: Record<string, string> = {}

beforeAll(async () => {
  t = await createSeededDatabase()
  deps = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  tokens['staff'] = await automationToken()
  for (const user of ['duc.dang', 'huong.pham', 'quang.ly']) tokens[user] = await consoleUserToken(user)
})
afterAll(async () => t?.drop())

const read = async () => {
  const res = await call<Schemas['Policies']>(deps, 'GET', '/policies', { token: tokens['quang.ly'] })
  expect(res.status).toBe(200)
  return res.json
}

describe('/policies', () => {
  it('refuses everyone but a platform administrator, reading or writing, and nothing changes', async () => {
    const before = await read()
    for (const who of ['staff', 'duc.dang', 'huong.pham']) {
      expectProblem(await call(deps, 'GET', '/policies', { token: tokens[who] }), 403, 'api.forbidden')
      const body = { basedOn: before.inForce.version, reason: 'tự nới', settings: before.inForce.settings }
      expectProblem(await call(deps, 'POST', '/policies', { token: tokens[who], body }), 403, 'api.forbidden')
    }
    expectProblem(await call(deps, 'GET', '/policies', {}), 401, 'auth.token_missing')
    expect((await read()).history).toHaveLength(before.history.length)
    expect(await t.db.policyVersion.count()).toBe(1)
  })

  it('saves a version for the administrator, audited, in force at once', async () => {
    const before = await read()
    expect(before.inForce).toMatchObject({ version: 1, createdBy: 'environment' })
    const settings = { ...before.inForce.settings, graceDays: 14 }
    const res = await call<Schemas['PolicyVersion']>(deps, 'POST', '/policies', {
      token: tokens['quang.ly'],
      body: { basedOn: 1, reason: 'Rút ngắn thời gian lưu giữ', settings },
    })
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({ version: 2, settings: { graceDays: 14 }, reason: 'Rút ngắn thời gian lưu giữ' })
    const after = await read()
    expect(after.inForce.version).toBe(2)
    expect(after.history.map((v) => v.version)).toEqual([2, 1])
    const audit = await t.db.auditEntry.findFirstOrThrow({ where: { action: 'policy.change' } })
    expect(audit).toMatchObject({ entityType: 'policy', entityId: '2' })
  })

  it('answers bad input at its fields and a stale version with 409, keeping the version in force', async () => {
    const { inForce } = await read()
    const bad = await call(deps, 'POST', '/policies', {
      token: tokens['quang.ly'],
      body: {
        basedOn: inForce.version,
        reason: '',
        settings: {
          ...inForce.settings,
          twoOperatorThresholds: { ...inForce.settings.twoOperatorThresholds, cpu: 0 },
          increaseUsagePercent: 120,
          reservedNamespaces: ['default', 'Kube_System'],
        },
      },
    })
    const problem = expectProblem(bad, 422, 'api.invalid_input')
    expect(fieldCodes(problem)).toEqual(
      expect.arrayContaining([
        ['/settings/twoOperatorThresholds/cpu', 'policy.threshold_out_of_range'],
        ['/settings/increaseUsagePercent', 'policy.usage_percent_out_of_range'],
        ['/settings/reservedNamespaces/1', 'policy.reserved_name_invalid'],
        ['/reason', 'input.required'],
      ]),
    )
    const stale = await call(deps, 'POST', '/policies', {
      token: tokens['quang.ly'],
      body: { basedOn: inForce.version - 1, reason: 'cũ', settings: inForce.settings },
    })
    expectProblem(stale, 409, 'policy.stale')
    expect((await read()).inForce.version).toBe(inForce.version)
  })
})
