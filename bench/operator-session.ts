// Signed-in people for the page benchmarks: the session row made directly in the table (signing 50
// users in through Keycloak would measure Keycloak), its access token far from expiry so no refresh
// happens during a run, and the cookie a browser would send. An operator (duc.dang) for the
// workflow pages, security officers (huong.pham) for the audit page.
import { createHash, randomBytes } from 'node:crypto'
import { createCookie } from '@remix-run/node'
import type { Db } from '#server/db/client'
import { createTokenVault } from '#server/identity/token-vault'

export type BenchPerson = { username: string; roles: string[]; agencyCodes: string[] }

const OPERATOR: BenchPerson = { username: 'duc.dang', roles: ['dc_operator'], agencyCodes: ['ttcns'] }
export const SECURITY_OFFICER: BenchPerson = {
  username: 'huong.pham',
  roles: ['security_officer'],
  agencyCodes: ['ttcns'],
}

/** A new session of `person` sealed with `secret` (the console's SESSION_SECRET); its cookie header. */
export async function benchSession(db: Db, person: BenchPerson, secret: string): Promise<string> {
  const user = await db.user.findFirstOrThrow({ where: { username: person.username }, select: { id: true } })
  const token = randomBytes(32).toString('base64url')
  await db.session.create({
    data: {
      id: createHash('sha256').update(token).digest('hex'),
      userId: user.id,
      roles: person.roles,
      agencyCodes: person.agencyCodes,
      // As the sign-in of an operator or a security officer leaves it: with the second factor the
      // realm asks of them (decision 0028).
      authMethods: ['otp', 'pwd'],
      accessToken: createTokenVault(secret).seal('bench-only'),
      accessExpiresAt: new Date(Date.now() + 3_600_000),
      expiresAt: new Date(Date.now() + 7_200_000),
    },
  })
  return (
    await createCookie('__Host-govcloud', { path: '/', secure: true, httpOnly: true, sameSite: 'lax' }).serialize(token)
  ).split(';')[0]!
}

export async function operatorSession(db: Db): Promise<{ secret: string; cookie: string }> {
  const secret = randomBytes(32).toString('base64url')
  return { secret, cookie: await benchSession(db, OPERATOR, secret) }
}
