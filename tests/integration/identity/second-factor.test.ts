import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { SECOND_FACTOR_ROLES } from '#server/identity/authorise'
import { REALM_ROLE_TO_CONSOLE } from '#server/identity/principal'
import type { TestDatabase } from '../../helpers/database'
import {
  FROM_THE_CONSOLE,
  PUBLIC_URL,
  signedInVisitor,
  startSeededConsole,
  type SeededConsole,
} from '../../helpers/seeded-console'
import { DEV_CALLBACK, signInWithPkce } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { totp, totpFor, totpSecretOf } from '../../helpers/totp'

// Operators and security officers sign in with a second factor (decision 0028): the realm's browser
// flow asks them for a one-time code after the password, its AMR mapper says so in the token
// (`amr: ["otp", "pwd"]`), and the console reads it from there before anyone decides a request or
// signs it off. Against the real Keycloak and the built console.

const REALM = resolve(import.meta.dirname, '../../../infra/keycloak/govcloud-realm.json')

const consoleClient = () => ({
  id: requireStackSetting('OIDC_CLIENT_ID'),
  secret: requireStackSetting('OIDC_CLIENT_SECRET'),
  redirectUri: DEV_CALLBACK,
})
const signIn = (username: string, otp?: string) =>
  signInWithPkce({
    issuer: requireStackSetting('OIDC_ISSUER'),
    username,
    client: consoleClient(),
    ...(otp ? { otp } : {}),
  })

describe('the realm asks operators and security officers for a one-time code', () => {
  it('computes RFC 6238 codes (its SHA-1 test vectors, last six digits)', () => {
    const secret = Buffer.from('12345678901234567890', 'ascii')
    for (const [seconds, code] of [
      [59, '287082'],
      [1111111109, '081804'],
      [1234567890, '005924'],
      [20000000000, '353130'],
    ] as const) {
      expect(totp(secret, seconds * 1000)).toBe(code)
    }
  })

  it('gives a token with amr otp to an operator and an officer who answer the code, pwd alone to agency staff', async () => {
    for (const username of ['duc.dang', 'huong.pham']) {
      const tokens = await signIn(username)
      expect(decodeJwt(tokens.access_token).amr, username).toEqual(expect.arrayContaining(['otp', 'pwd']))
      expect(decodeJwt(tokens.id_token!).amr, username).toEqual(expect.arrayContaining(['otp', 'pwd']))
    }
    expect(totpSecretOf('an.nguyen')).toBeNull()
    expect(decodeJwt((await signIn('an.nguyen')).access_token).amr).toEqual(['pwd'])
  })

  it('refuses a wrong code', async () => {
    const wrong = String((Number(totpFor('tuan.be')) + 500_000) % 1_000_000).padStart(6, '0')
    await expect(signIn('tuan.be', wrong)).rejects.toThrow(/sign-in of tuan.be failed/)
  })

  it('conditions the step on the roles the console needs it of (read from the realm file)', () => {
    const Realm = z.object({
      roles: z.object({
        realm: z.array(
          z.object({
            name: z.string(),
            composite: z.boolean().optional(),
            composites: z.object({ realm: z.array(z.string()).optional() }).optional(),
          }),
        ),
      }),
      authenticatorConfig: z.array(z.object({ alias: z.string(), config: z.record(z.string(), z.string()) })),
    })
    const realm = Realm.parse(JSON.parse(readFileSync(REALM, 'utf8')))
    const condition = realm.authenticatorConfig.find((c) => c.config.condUserRole !== undefined)
    const secondFactorRole = condition?.config.condUserRole
    expect(secondFactorRole).toBe('second-factor')
    const asking = realm.roles.realm
      .filter((role) => role.composites?.realm?.includes(secondFactorRole!))
      .map((role) => REALM_ROLE_TO_CONSOLE[role.name])
    expect(asking.sort()).toEqual([...SECOND_FACTOR_ROLES].sort())
  })
})

describe('the console checks the second factor from the token', () => {
  let started: SeededConsole
  let database: TestDatabase
  let submitted: number

  beforeAll(async () => {
    started = await startSeededConsole({ env: { PUBLIC_URL } })
    database = started.database
    const request = await database.db.quotaRequest.findFirstOrThrow({
      where: { state: 'submitted' },
      select: { number: true },
    })
    submitted = request.number
  })
  afterAll(async () => started?.stop())

  /** `username` signed in through Keycloak, then their session's token made to say "password only". */
  async function withoutSecondFactor(username: string) {
    const visitor = await signedInVisitor(started.server, username)
    const user = await database.db.user.findUniqueOrThrow({ where: { username }, select: { id: true } })
    const sessions = await database.db.session.findMany({ where: { userId: user.id, revokedAt: null } })
    expect(sessions.map((s) => s.authMethods)).toContainEqual(['otp', 'pwd'])
    await database.db.session.updateMany({ where: { userId: user.id }, data: { authMethods: ['pwd'] } })
    return { visitor, userId: user.id }
  }

  it('lets an operator with the second factor decide (past authorisation: a stale version is a 409)', async () => {
    const operator = await signedInVisitor(started.server, 'tuan.be')
    const answer = await operator.post(`/requests/${submitted}/decide`, { intent: 'approve', version: '999' })
    expect(answer.status).toBe(409)
  })

  it('refuses deciding and signing off to a session without it, and audits the refusal', async () => {
    const operator = await withoutSecondFactor('duc.dang')
    const decided = await operator.visitor.post(`/requests/${submitted}/decide`, { intent: 'approve', version: '999' })
    expect(decided.status).toBe(403)
    expect(await decided.text()).toContain('cần đăng nhập có xác thực hai bước')
    const denied = await database.db.auditEntry.findFirst({
      where: { actorId: operator.userId, outcome: 'denied', action: 'request.decide' },
      orderBy: { seq: 'desc' },
    })
    expect(denied).toMatchObject({ after: { reason: 'second_factor' } })
    // Reading is not deciding: the request page still opens.
    expect((await operator.visitor.get(`/requests/${submitted}`)).status).toBe(200)

    const officer = await withoutSecondFactor('huong.pham')
    const signedOff = await officer.visitor.post(
      `/requests/${submitted}/decide`,
      { intent: 'sign_off', version: '999' },
      FROM_THE_CONSOLE,
    )
    expect(signedOff.status).toBe(403)
  })
})
