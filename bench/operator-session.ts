// A signed-in operator (duc.dang) for the page benchmarks: the session row made directly in the
// table (signing 50 users in through Keycloak would measure Keycloak), its access token far from
// expiry so no refresh happens during a run, and the cookie a browser would send.
import { createHash, randomBytes } from 'node:crypto'
import { createCookie } from '@remix-run/node'
import type { Db } from '#server/db/client'
import { createTokenVault } from '#server/identity/token-vault'

export async function operatorSession(db: Db): Promise<{ secret: string; cookie: string }> {
  const secret = randomBytes(32).toString('base64url')
  const operator = await db.user.findFirstOrThrow({ where: { username: 'duc.dang' }, select: { id: true } })
  const token = randomBytes(32).toString('base64url')
  await db.session.create({
    data: {
      id: createHash('sha256').update(token).digest('hex'),
      userId: operator.id,
      roles: ['dc_operator'],
      agencyCodes: ['ttcns'],
      // As an operator's sign-in leaves it: with the second factor the realm asks of them (decision 0028).
      authMethods: ['otp', 'pwd'],
      accessToken: createTokenVault(secret).seal('bench-only'),
      accessExpiresAt: new Date(Date.now() + 3_600_000),
      expiresAt: new Date(Date.now() + 7_200_000),
    },
  })
  const cookie = (
    await createCookie('__Host-govcloud', { path: '/', secure: true, httpOnly: true, sameSite: 'lax' }).serialize(token)
  ).split(';')[0]!
  return { secret, cookie }
}
