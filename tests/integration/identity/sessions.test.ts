import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb } from '#server/db/client'
import { createOidcClient, type OidcClient } from '#server/identity/oidc'
import {
  closeSession,
  hashToken,
  openSession,
  resolveSession,
  savePendingLogin,
  type SessionDeps,
} from '#server/identity/sessions'
import { createTokenVault } from '#server/identity/token-vault'
import { agencyIdsFor } from '#server/identity/users'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { DEV_CALLBACK, signInAtKeycloak } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'

let t: TestDatabase
let oidc: OidcClient
let deps: SessionDeps

beforeAll(async () => {
  // Demo agencies, so group paths resolve to agencies and their children.
  t = await createSeededDatabase()
  oidc = await createOidcClient({
    issuer: requireStackSetting('OIDC_ISSUER'),
    clientId: requireStackSetting('OIDC_CLIENT_ID'),
    clientSecret: requireStackSetting('OIDC_CLIENT_SECRET'),
  })
  deps = { db: t.db, oidc, vault: createTokenVault('test-only-session-secret-0123456789abcdef') }
})
afterAll(async () => t?.drop())

async function login(username: string, returnTo = '/requests') {
  const { url, pending } = await oidc.beginLogin({ redirectUri: DEV_CALLBACK, returnTo })
  expect(url.searchParams.get('code_challenge_method')).toBe('S256')
  expect(url.searchParams.has('code_verifier')).toBe(false)
  await savePendingLogin(t.db, pending)
  const callback = await signInAtKeycloak(url, username)
  return { callback, state: callback.searchParams.get('state')! }
}

describe('console sessions against the real Keycloak', () => {
  it('signs in an agency user: roles, agency and its children, Vietnamese name, seeded row taken over', async () => {
    const { callback, state } = await login('hanh.luong')
    const session = await openSession(deps, {
      callbackUrl: callback,
      state,
      origin: { ip: '127.0.0.1', userAgent: 'vitest' },
    })
    expect(session).not.toBeNull()
    expect(session!.returnTo).toBe('/requests')
    expect(session!.principal).toMatchObject({
      username: 'hanh.luong',
      displayName: 'Lương Thị Hạnh',
      roles: ['agency_staff'],
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
    // naming the old code reaches the district and the ward, as agencyIdsFor says.
    const district = await t.db.agency.create({
      data: { code: 'ubnd-huyen-thu', nameVi: 'UBND huyện thử', nameEn: 'Test district', kind: 'district' },
    })
    const ward = await t.db.agency.create({
      data: { code: 'ubnd-xa-thu', nameVi: 'UBND xã thử', nameEn: 'Test ward', kind: 'commune', parentId: district.id },
    })
    await t.db.agency.create({
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
        agencyCodes: ['phong-cu', 'bv-da-khoa-tinh'],
        accessToken: deps.vault.seal('test-only'),
        accessExpiresAt: new Date(now + 3_600_000),
        expiresAt: new Date(now + 7_200_000),
        lastSeenAt: new Date(now),
      },
    })
    const resolved = await resolveSession(deps, token)
    expect(resolved.status).toBe('active')
    if (resolved.status !== 'active') return
    const expected = await agencyIdsFor(t.db, ['phong-cu', 'bv-da-khoa-tinh'])
    expect(resolved.principal.agencyIds).toEqual(expected)
    expect(resolved.principal.agencyIds).toEqual(expect.arrayContaining([district.id, ward.id]))
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

  it('gives an operator every agency through the central role', async () => {
    const { callback, state } = await login('duc.dang')
    const session = await openSession(deps, { callbackUrl: callback, state, origin: { ip: null, userAgent: null } })
    expect(session!.principal.roles).toEqual(['dc_operator'])
  })

  it('refuses a replayed callback: the pending login is single use', async () => {
    const { callback, state } = await login('an.nguyen')
    expect(
      await openSession(deps, { callbackUrl: callback, state, origin: { ip: null, userAgent: null } }),
    ).not.toBeNull()
    expect(await openSession(deps, { callbackUrl: callback, state, origin: { ip: null, userAgent: null } })).toBeNull()
  })

  it('rotates the refresh token when the access token runs out', async () => {
    const { callback, state } = await login('thu.vi')
    const session = (await openSession(deps, { callbackUrl: callback, state, origin: { ip: null, userAgent: null } }))!
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
  })

  it('refreshes once when several replicas find the access token ending at the same moment', async () => {
    const { callback, state } = await login('tuan.be')
    const session = (await openSession(deps, { callbackUrl: callback, state, origin: { ip: null, userAgent: null } }))!
    const id = hashToken(session.token)
    await t.db.session.update({ where: { id }, data: { accessExpiresAt: new Date(Date.now() - 1000) } })
    // Each "replica" with its own connection pool; the realm's refresh tokens are single-use.
    const replicas = [deps, { ...deps, db: createDb(t.url) }, { ...deps, db: createDb(t.url) }]
    try {
      const results = await Promise.all(replicas.map((replica) => resolveSession(replica, session.token)))
      expect(results.map((r) => r.status)).toEqual(['active', 'active', 'active'])
      expect((await t.db.session.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull()
    } finally {
      await Promise.all(replicas.slice(1).map((replica) => replica.db.$disconnect()))
    }
  })

  it('ends an idle session, and a session whose refresh Keycloak refuses', async () => {
    const first = await login('hung.tran')
    const idle = (await openSession(deps, {
      callbackUrl: first.callback,
      state: first.state,
      origin: { ip: null, userAgent: null },
    }))!
    await t.db.session.update({
      where: { id: hashToken(idle.token) },
      data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) },
    })
    expect(await resolveSession(deps, idle.token)).toEqual({ status: 'expired' })

    const second = await login('lan.hoang')
    const broken = (await openSession(deps, {
      callbackUrl: second.callback,
      state: second.state,
      origin: { ip: null, userAgent: null },
    }))!
    const id = hashToken(broken.token)
    await t.db.session.update({
      where: { id },
      data: { accessExpiresAt: new Date(0), refreshToken: deps.vault.seal('not-a-refresh-token') },
    })
    expect(await resolveSession(deps, broken.token)).toEqual({ status: 'expired' })
    expect((await t.db.session.findUniqueOrThrow({ where: { id } })).revokedAt).not.toBeNull()
  })

  it('logs out: the session ends and Keycloak is told through RP-initiated logout', async () => {
    const { callback, state } = await login('an.nguyen')
    const session = (await openSession(deps, { callbackUrl: callback, state, origin: { ip: null, userAgent: null } }))!
    const { idToken } = await closeSession(deps, session.token)
    expect(idToken).toMatch(/^eyJ/)
    const url = oidc.logoutUrl({ idToken, postLogoutRedirectUri: 'http://localhost:5173/' })
    expect(url.pathname).toMatch(/protocol\/openid-connect\/logout$/)
    const answer = await fetch(url, { redirect: 'manual' })
    expect([200, 302]).toContain(answer.status)
    expect(await resolveSession(deps, session.token)).toEqual({ status: 'expired' })
    expect(await resolveSession(deps, 'no-such-token')).toEqual({ status: 'none' })
  })
})
