import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb } from '#server/db/client'
import { createOidcClient, type OidcClient, type OidcSettings } from '#server/identity/oidc'
import { newLoginBinding, savePendingLogin } from '#server/identity/pending-logins'
import { closeSession, hashToken, openSession, resolveSession, type SessionDeps } from '#server/identity/sessions'
import { createTokenVault } from '#server/identity/token-vault'
import { agencyIdsFor } from '#server/identity/users'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { DEV_CALLBACK, signInAtKeycloak } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { resumeAllPaused, whilePaused } from '../../helpers/stack-process'

let t: TestDatabase
let oidc: OidcClient
let deps: SessionDeps

// Calls to Keycloak give up after 2 s, so the outage tests pause the shared Keycloak briefly.
const settings = (): OidcSettings => ({
  issuer: requireStackSetting('OIDC_ISSUER'),
  clientId: requireStackSetting('OIDC_CLIENT_ID'),
  clientSecret: requireStackSetting('OIDC_CLIENT_SECRET'),
  timeoutSeconds: 2,
})

beforeAll(async () => {
  // Demo agencies, so group paths resolve to agencies and their children.
  t = await createSeededDatabase()
  oidc = await createOidcClient(settings())
  deps = { db: t.db, oidc, vault: createTokenVault('test-only-session-secret-0123456789abcdef') }
})
afterAll(async () => t?.drop())

/** A login started by a "browser" (its binding), signed in at Keycloak: what comes back to the callback. */
async function login(username: string, returnTo = '/requests') {
  const { url, pending } = await oidc.beginLogin({ redirectUri: DEV_CALLBACK, returnTo })
  expect(url.searchParams.get('code_challenge_method')).toBe('S256')
  expect(url.searchParams.has('code_verifier')).toBe(false)
  const binding = newLoginBinding()
  await savePendingLogin(t.db, pending, binding)
  const callback = await signInAtKeycloak(url, username)
  return { callbackUrl: callback, state: callback.searchParams.get('state')!, binding }
}

const NO_ORIGIN = { ip: null, userAgent: null }

/** Signs `username` in and opens their console session (the callback from the browser that started it). */
async function signedIn(username: string) {
  const opened = await openSession(deps, { ...(await login(username)), origin: NO_ORIGIN })
  if (opened.status !== 'opened') throw new Error(`${username} was refused: ${opened.reason}`)
  return opened.session
}

describe('console sessions against the real Keycloak', () => {
  it('signs in an agency user: roles, agency and its children, Vietnamese name, seeded row taken over', async () => {
    const opened = await openSession(deps, {
      ...(await login('hanh.luong')),
      origin: { ip: '127.0.0.1', userAgent: 'vitest' },
    })
    expect(opened.status).toBe('opened')
    const session = opened.status === 'opened' ? opened.session : null
    expect(session!.returnTo).toBe('/requests')
    expect(session!.principal).toMatchObject({
      username: 'hanh.luong',
      displayName: 'Lương Thị Hạnh',
      roles: ['agency_staff'],
      secondFactor: false,
    })
    const hospital = await t.db.agency.findUniqueOrThrow({ where: { code: 'bv-da-khoa-tinh' } })
    expect(session!.principal.agencyIds).toEqual([hospital.id])
    const users = await t.db.user.findMany({ where: { username: 'hanh.luong' } })
    expect(users).toHaveLength(1)
    expect(users[0]!.subject).not.toMatch(/^seed:/)

    const row = await t.db.session.findUniqueOrThrow({ where: { id: hashToken(session!.token) } })
    // Sealed at rest: the row holds none of the JWT's parts. (Not "contains no 'eyJ'": a random
    // ciphertext of this length has that by chance about one time in a hundred.)
    expect(row.accessToken.startsWith('v1.')).toBe(true)
    const jwt = deps.vault.open(row.accessToken)
    const parts = jwt.split('.')
    expect(parts).toHaveLength(3)
    for (const part of parts) expect(row.accessToken).not.toContain(part.slice(0, 16))
    const resolved = await resolveSession(deps, session!.token)
    expect(resolved).toMatchObject({ status: 'active', principal: { username: 'hanh.luong' } })
  })

  it('reads a session, its person and their agencies in one statement, the same agencies sign-in finds', async () => {
    // A district with a ward below it, and an old department merged into the district: a session
    // naming the district reaches the ward; one naming the old code reaches that agency's history
    // alone, not the district (decision 0057), as agencyIdsFor says.
    const district = await t.db.agency.create({
      data: { code: 'ubnd-huyen-thu', nameVi: 'UBND huyện thử', nameEn: 'Test district', kind: 'district' },
    })
    const ward = await t.db.agency.create({
      data: { code: 'ubnd-xa-thu', nameVi: 'UBND xã thử', nameEn: 'Test ward', kind: 'commune', parentId: district.id },
    })
    const old = await t.db.agency.create({
      data: {
        code: 'phong-cu',
        nameVi: 'Phòng cũ',
        nameEn: 'Old office',
        kind: 'department',
        status: 'merged',
        mergedIntoId: district.id,
      },
    })
    const user = await t.db.user.findFirstOrThrow({ where: { username: 'hanh.luong' } })
    const token = 'a-session-token-for-the-agency-tree-test'
    const now = Date.now()
    await t.db.session.create({
      data: {
        id: hashToken(token),
        userId: user.id,
        roles: ['agency_staff'],
        agencyCodes: ['phong-cu', 'ubnd-huyen-thu'],
        accessToken: deps.vault.seal('test-only'),
        accessExpiresAt: new Date(now + 3_600_000),
        expiresAt: new Date(now + 7_200_000),
        lastSeenAt: new Date(now),
      },
    })
    const resolved = await resolveSession(deps, token)
    expect(resolved.status).toBe('active')
    if (resolved.status !== 'active') return
    const expected = await agencyIdsFor(t.db, ['phong-cu', 'ubnd-huyen-thu'])
    expect(resolved.principal.agencyIds).toEqual(expected)
    expect(expected).toEqual([old.id, district.id, ward.id].sort())
    expect(await agencyIdsFor(t.db, ['phong-cu'])).toEqual([old.id])
    expect(resolved.principal).toMatchObject({
      userId: user.id,
      subject: user.subject,
      username: 'hanh.luong',
      displayName: 'Lương Thị Hạnh',
      roles: ['agency_staff'],
      via: 'session',
    })
    await t.db.session.update({ where: { id: hashToken(token) }, data: { revokedAt: new Date() } })
    expect(await resolveSession(deps, token)).toEqual({ status: 'expired' })
  })

  it('gives an operator every agency through the central role, signed in with a second factor', async () => {
    const session = await signedIn('duc.dang')
    expect(session.principal.roles).toEqual(['dc_operator'])
    expect(session.principal.secondFactor).toBe(true)
    const row = await t.db.session.findUniqueOrThrow({ where: { id: hashToken(session.token) } })
    expect(row.authMethods).toEqual(['otp', 'pwd'])
  })

  it('refuses a replayed callback: the pending login is single use', async () => {
    const callback = await login('an.nguyen')
    expect((await openSession(deps, { ...callback, origin: NO_ORIGIN })).status).toBe('opened')
    expect(await openSession(deps, { ...callback, origin: NO_ORIGIN })).toEqual({
      status: 'refused',
      reason: 'unknown_state',
    })
  })

  it('refuses a callback from another browser than the one that started the login, and burns that login', async () => {
    // Login CSRF: the attacker's own login, finished in the victim's browser (another binding, or none).
    const attackers = await login('lan.hoang')
    expect(await openSession(deps, { ...attackers, binding: newLoginBinding(), origin: NO_ORIGIN })).toEqual({
      status: 'refused',
      reason: 'other_browser',
    })
    // Refused is used up: not even the browser that started it can finish it now.
    expect(await openSession(deps, { ...attackers, origin: NO_ORIGIN })).toEqual({
      status: 'refused',
      reason: 'unknown_state',
    })
    const another = await login('lan.hoang')
    expect(await openSession(deps, { ...another, binding: null, origin: NO_ORIGIN })).toEqual({
      status: 'refused',
      reason: 'other_browser',
    })
  })

  it('rotates the refresh token when the access token runs out', async () => {
    const session = await signedIn('thu.vi')
    const id = hashToken(session.token)
    const before = await t.db.session.findUniqueOrThrow({ where: { id } })
    await t.db.session.update({ where: { id }, data: { accessExpiresAt: new Date(Date.now() - 1000) } })
    expect(await resolveSession(deps, session.token)).toMatchObject({
      status: 'active',
      principal: { displayName: 'Vi Thị Thu' },
    })
    const after = await t.db.session.findUniqueOrThrow({ where: { id } })
    expect(after.accessExpiresAt.getTime()).toBeGreaterThan(Date.now())
    expect(deps.vault.open(after.refreshToken!)).not.toBe(deps.vault.open(before.refreshToken!))
    expect(after).toMatchObject({ refreshLeaseId: null, refreshLeaseUntil: null })
  })

  it('refreshes once when several replicas find the access token ending at the same moment', async () => {
    const session = await signedIn('tuan.be')
    const id = hashToken(session.token)
    await t.db.session.update({ where: { id }, data: { accessExpiresAt: new Date(Date.now() - 1000) } })
    // Each "replica" with its own connection pool; the realm's refresh tokens are single-use.
    const replicas = [deps, { ...deps, db: createDb(t.url) }, { ...deps, db: createDb(t.url) }]
    try {
      const results = await Promise.all(replicas.map((replica) => resolveSession(replica, session.token)))
      expect(results.map((r) => r.status)).toEqual(['active', 'active', 'active'])
      const row = await t.db.session.findUniqueOrThrow({ where: { id } })
      expect(row.revokedAt).toBeNull()
      expect(row.accessExpiresAt.getTime()).toBeGreaterThan(Date.now())
      // The refresh token kept is the live one: it refreshes again (a spent one would be refused).
      await t.db.session.update({ where: { id }, data: { accessExpiresAt: new Date(Date.now() - 1000) } })
      expect((await resolveSession(deps, session.token)).status).toBe('active')
      expect((await t.db.session.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull()
    } finally {
      await Promise.all(replicas.slice(1).map((replica) => replica.db.$disconnect()))
    }
  })

  it('ends an idle session, and a session whose refresh Keycloak refuses (audited)', async () => {
    const idle = await signedIn('hung.tran')
    await t.db.session.update({
      where: { id: hashToken(idle.token) },
      data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) },
    })
    expect(await resolveSession(deps, idle.token)).toEqual({ status: 'expired' })

    const broken = await signedIn('lan.hoang')
    const id = hashToken(broken.token)
    await t.db.session.update({
      where: { id },
      data: { accessExpiresAt: new Date(0), refreshToken: deps.vault.seal('not-a-refresh-token') },
    })
    expect(await resolveSession(deps, broken.token)).toEqual({ status: 'expired' })
    expect((await t.db.session.findUniqueOrThrow({ where: { id } })).revokedAt).not.toBeNull()
    const ended = await t.db.auditEntry.findFirst({
      where: { action: 'session.end', actorId: broken.principal.userId },
      orderBy: { seq: 'desc' },
    })
    expect(ended).toMatchObject({ entityId: broken.principal.userId, after: { reason: 'refresh_refused' } })
  })

  it('logs out: the session ends and Keycloak is told through RP-initiated logout', async () => {
    const session = await signedIn('an.nguyen')
    const { idToken } = await closeSession(deps, session.token)
    expect(idToken).toMatch(/^eyJ/)
    const url = await oidc.logoutUrl({ idToken, postLogoutRedirectUri: 'http://localhost:5173/' })
    expect(url?.pathname).toMatch(/protocol\/openid-connect\/logout$/)
    const answer = await fetch(url!, { redirect: 'manual' })
    expect([200, 302]).toContain(answer.status)
    expect(await resolveSession(deps, session.token)).toEqual({ status: 'expired' })
    expect(await resolveSession(deps, 'no-such-token')).toEqual({ status: 'none' })
  })
})

describe('Keycloak stopped in the middle of a session (the real process, paused)', () => {
  afterAll(resumeAllPaused)

  it('keeps the session, holds no lock while Keycloak hangs, and refreshes once it is back', async () => {
    const session = await signedIn('hung.tran')
    const id = hashToken(session.token)
    await t.db.session.update({ where: { id }, data: { accessExpiresAt: new Date(Date.now() - 1000) } })
    await whilePaused('keycloak', async () => {
      const lookup = resolveSession(deps, session.token)
      await sleep(1_000) // the refresh is now waiting on Keycloak
      // Nothing holds the row meanwhile: another request (or replica) locks it at once.
      await t.db.$transaction((tx) => tx.$queryRaw`SELECT 1 FROM "Session" WHERE "id" = ${id} FOR UPDATE NOWAIT`)
      expect(await lookup).toMatchObject({ status: 'active', principal: { username: 'hung.tran' } })
      // The next request does not wait on Keycloak again straight away.
      const started = Date.now()
      expect((await resolveSession(deps, session.token)).status).toBe('active')
      expect(Date.now() - started).toBeLessThan(1_000)
    })
    const kept = await t.db.session.findUniqueOrThrow({ where: { id } })
    expect(kept).toMatchObject({ revokedAt: null, refreshLeaseId: null })
    // Keycloak is back: once the wait after the outage is over, the session refreshes as usual.
    await t.db.session.update({ where: { id }, data: { refreshLeaseUntil: null } })
    expect((await resolveSession(deps, session.token)).status).toBe('active')
    expect((await t.db.session.findUniqueOrThrow({ where: { id } })).accessExpiresAt.getTime()).toBeGreaterThan(
      Date.now(),
    )
  })

  it('serves a session from a console that never reached Keycloak, and ends it on logout all the same', async () => {
    const session = await signedIn('thu.vi')
    const id = hashToken(session.token)
    await whilePaused('keycloak', async () => {
      const cold = { ...deps, oidc: await createOidcClient(settings()) } // discovers on first use only
      expect((await resolveSession(cold, session.token)).status).toBe('active')
      await t.db.session.update({ where: { id }, data: { accessExpiresAt: new Date(Date.now() - 1000) } })
      expect((await resolveSession(cold, session.token)).status).toBe('active') // discovery fails: kept
      expect(await cold.oidc.logoutUrl({ idToken: null, postLogoutRedirectUri: 'http://localhost:5173/' })).toBeNull()
      await closeSession(cold, session.token)
      expect(await resolveSession(cold, session.token)).toEqual({ status: 'expired' })
    })
  })
})
