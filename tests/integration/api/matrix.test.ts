import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { ROUTES } from '#server/api/router'
import { authorise, PLATFORM } from '#server/identity/authorise'
import type { ConsoleRole } from '#server/identity/principal'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { automationToken, consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call } from './support'

// The route matrix's API side (decision 0030, 0044): every list operation of the table (a GET
// without path parameters) asked by each role, with the answer the permission it names gives:
// 200 when authorise() allows the role on the platform (agency staff's lists are then scoped by
// the query), else 403 and a denied entry in the audit trail. A new list operation is in the
// matrix by being in the table. Operations on one object answer other agencies 404; each
// operation's own file tests that with the attacker's token.

const CALLERS: ReadonlyArray<{ role: ConsoleRole; username: string | null }> = [
  { role: 'agency_staff', username: null },
  { role: 'dc_operator', username: 'duc.dang' },
  { role: 'security_officer', username: 'huong.pham' },
  { role: 'platform_admin', username: 'quang.ly' },
]
const LISTS = ROUTES.filter((route) => route.authenticated && route.method === 'GET' && !route.path.includes('{'))

let t: TestDatabase
let deps: ApiDeps
const tokens = new Map<ConsoleRole, string>()

beforeAll(async () => {
  t = await createSeededDatabase()
  // The audit export needs the checkpoints' public key to answer at all.
  const dir = mkdtempSync(join(tmpdir(), 'api-matrix-'))
  writeFileSync(
    join(dir, 'verify.pem'),
    generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }),
  )
  deps = apiDeps(t.db, {
    API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID'),
    AUDIT_VERIFY_KEY_FILE: join(dir, 'verify.pem'),
  })
  for (const { role, username } of CALLERS)
    tokens.set(role, username === null ? await automationToken() : await consoleUserToken(username))
})
afterAll(async () => t?.drop())

describe("the API's operations by role", () => {
  it('covers the list operations of the table', () => {
    expect(LISTS.map((r) => r.path)).toEqual(expect.arrayContaining(['/findings', '/checks', '/security/scans']))
  })

  for (const route of LISTS)
    it(`GET ${route.path} answers each role as ${route.authorises} says`, async () => {
      if (route.authorises === null) throw new Error(`${route.operationId} names no permission`)
      for (const { role } of CALLERS) {
        const allowed = authorise({ roles: [role], agencyIds: [] }, route.authorises, PLATFORM).allowed
        const denied = () => t.db.auditEntry.count({ where: { outcome: 'denied', action: route.authorises ?? '' } })
        const before = await denied()
        const answer = await call(deps, 'GET', route.path, { token: tokens.get(role) })
        expect(answer.status, `${role}: ${answer.text.slice(0, 200)}`).toBe(allowed ? 200 : 403)
        expect(await denied(), `${role}: the refusal is audited`).toBe(before + (allowed ? 0 : 1))
      }
    })
})
