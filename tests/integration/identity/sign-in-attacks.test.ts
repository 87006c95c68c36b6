import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashToken } from '#server/identity/sessions'
import { startConsoleServer, type ConsoleServer } from '../../helpers/console-server'
import type { TestDatabase } from '../../helpers/database'
import { PUBLIC_URL, signedInVisitor, startSeededConsole, type SeededConsole } from '../../helpers/seeded-console'
import { CookieJar, automationToken, signInAtKeycloak } from '../../helpers/sign-in'
import { resumeAllPaused, whilePaused } from '../../helpers/stack-process'

// Attacks on signing in, against the built console (bin/serve.mjs), a seeded database and the
// local stack's real Keycloak: an open redirect through returnTo, login CSRF, and Keycloak stopping
// in the middle of a session. Each was tried against the console before decisions 0027 and 0028.

let started: SeededConsole
let database: TestDatabase
let server: ConsoleServer
// One secret for both consoles of the outage test, so either can open the other's sealed tokens;
// calls to Keycloak give up after 2 s, so the shared Keycloak is paused for as short a time as can be.
const SESSION_SECRET = randomBytes(32).toString('base64url')
const CONSOLE_ENV = { PUBLIC_URL, SESSION_SECRET, OIDC_TIMEOUT_SECONDS: '2' }

beforeAll(async () => {
  started = await startSeededConsole({ env: CONSOLE_ENV })
  ;({ database, server } = started)
})

afterAll(async () => {
  resumeAllPaused()
  await started?.stop()
})

/** A browser's first step: /auth/login, keeping what the console set (its login binding). */
async function startLogin(jar: CookieJar, returnTo = '/') {
  const start = await fetch(`${server.url}/auth/login?${new URLSearchParams({ returnTo })}`, {
    redirect: 'manual',
    headers: jar.header() ? { cookie: jar.header() } : {},
  })
  expect(start.status).toBe(302)
  jar.store(start)
  return new URL(start.headers.get('location')!)
}

/** Keycloak's redirect back to the console, followed by the browser holding `jar`. */
function followCallback(callback: URL, jar: CookieJar) {
  return fetch(`${server.url}${callback.pathname}${callback.search}`, {
    redirect: 'manual',
    headers: jar.header() ? { cookie: jar.header() } : {},
  })
}

describe('returnTo cannot send a browser to another site', () => {
  it('ends at a same-site path after a real sign-in, whatever returnTo was made of', async () => {
    const cases: [string, string][] = [
      ['/.//evil.example', '/'],
      ['/%2e//evil.example', '/'],
      ['/%5cevil.example', '/'],
      ['https://evil.example/', '/'],
      ['/requests?state=submitted', '/requests?state=submitted'],
    ]
    for (const [returnTo, expected] of cases) {
      const browser = new CookieJar()
      const back = await followCallback(
        await signInAtKeycloak(await startLogin(browser, returnTo), 'an.nguyen'),
        browser,
      )
      expect(back.status, returnTo).toBe(302)
      const location = back.headers.get('location')!
      expect(new URL(location, PUBLIC_URL).origin, `${returnTo} → ${location}`).toBe(PUBLIC_URL)
      expect(location, returnTo).toBe(expected)
    }
  })

  it('sends a browser that is already signed in nowhere else either: the login route and the language switch', async () => {
    // /auth/login sends someone already signed in straight to returnTo, checked once: before
    // decision 0027, /.//evil.example came out of that check as //evil.example.
    const visitor = await signedInVisitor(server, 'an.nguyen')
    for (const target of ['/.//evil.example', '/%2e//evil.example', '/a/..//evil.example', '/%5cevil.example']) {
      const login = await visitor.get(`/auth/login?${new URLSearchParams({ returnTo: target })}`)
      expect(login.status, target).toBe(302)
      expect(login.headers.get('location'), target).toBe('/')
      const language = await visitor.post('/lang', { lang: 'vi', redirectTo: target })
      expect(language.status, target).toBe(302)
      expect(language.headers.get('location'), target).toBe('/')
    }
  })
})

describe('login CSRF: a login can only be finished by the browser that started it', () => {
  it("refuses the attacker's callback in the victim's browser, audits it, and burns the login", async () => {
    // The attacker starts a login and signs in at Keycloak as themself…
    const attacker = new CookieJar()
    const callback = await signInAtKeycloak(await startLogin(attacker), 'lan.hoang')
    // …and hands the callback link to a victim, whose browser has a login binding of its own.
    const victim = new CookieJar()
    await startLogin(victim)
    const answer = await followCallback(callback, victim)
    expect(answer.status).toBe(400)
    expect(answer.headers.getSetCookie().some((c) => c.startsWith('__Host-govcloud='))).toBe(false)
    expect(await answer.text()).toContain('Phiên đăng nhập đã hết hạn hoặc đã được dùng')
    const state = callback.searchParams.get('state')!
    const refused = await database.db.auditEntry.findFirst({
      where: { action: 'session.refused', entityId: hashToken(state).slice(0, 16) },
    })
    expect(refused).toMatchObject({ outcome: 'denied', actorId: null, after: { reason: 'other_browser' } })
    // A browser with no binding at all fares no better; and the login is used up for everyone.
    const bare = await followCallback(
      await signInAtKeycloak(await startLogin(new CookieJar()), 'lan.hoang'),
      new CookieJar(),
    )
    expect(bare.status).toBe(400)
    expect((await followCallback(callback, attacker)).status).toBe(400)
  })

  it('lets the browser that started the login finish it, with two logins of its own in flight', async () => {
    const browser = new CookieJar()
    const first = await startLogin(browser, '/agencies')
    const second = await startLogin(browser, '/projects')
    for (const [start, target] of [
      [second, '/projects'],
      [first, '/agencies'],
    ] as const) {
      const back = await followCallback(await signInAtKeycloak(start, 'hanh.luong'), browser)
      expect(back.status).toBe(302)
      expect(back.headers.get('location')).toBe(target)
      expect(back.headers.getSetCookie().some((c) => c.startsWith('__Host-govcloud='))).toBe(true)
    }
  })
})

describe('Keycloak stopped in the middle of a session (the real process, paused)', () => {
  it('keeps sessions until their own limits, answers 503 where Keycloak is needed, and signs out locally', async () => {
    const visitor = await signedInVisitor(server, 'hung.tran')
    const leaving = await signedInVisitor(server, 'thu.vi')
    const token = await automationToken() // before the outage: the API's own check then needs Keycloak's keys
    const sessions = await database.db.session.findMany({
      where: { user: { username: { in: ['hung.tran', 'thu.vi'] } }, revokedAt: null },
      select: { id: true },
    })
    // Both access tokens have run out: each page now wants a refresh from Keycloak.
    await database.db.session.updateMany({
      where: { id: { in: sessions.map((s) => s.id) } },
      data: { accessExpiresAt: new Date(Date.now() - 1_000) },
    })
    // A second console that has not reached Keycloak yet when the outage starts.
    const cold = await startConsoleServer({ databaseUrl: database.url, env: CONSOLE_ENV })
    try {
      await whilePaused('keycloak', async () => {
        const page = await visitor.get('/requests')
        expect(page.status, await page.clone().text()).toBe(200)
        expect((await fetch(`${cold.url}/requests`, { headers: { cookie: visitor.jar.header() } })).status).toBe(200)

        const signIn = await fetch(`${server.url}/auth/login`, { redirect: 'manual' })
        expect(signIn.status).toBe(503)
        expect(signIn.headers.get('retry-after')).toBe('30')
        expect(await signIn.text()).toContain('Không kết nối được máy chủ đăng nhập (Keycloak)')

        const api = await fetch(`${server.url}/api/v1/projects`, { headers: { authorization: `Bearer ${token}` } })
        expect(api.status).toBe(503)
        expect(await api.json()).toMatchObject({ code: 'auth.provider_unavailable' })

        const bye = await fetch(`${cold.url}/auth/logout`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: leaving.jar.header(), origin: PUBLIC_URL, 'x-forwarded-host': new URL(PUBLIC_URL).host },
        })
        expect(bye.status).toBe(302)
        expect(bye.headers.getSetCookie().some((c) => /^__Host-govcloud=;.*Max-Age=0/.test(c))).toBe(true)
      })
    } finally {
      await cold.stop()
    }
    const after = await database.db.session.findMany({
      where: { id: { in: sessions.map((s) => s.id) } },
      select: { user: { select: { username: true } }, revokedAt: true },
    })
    const revoked = Object.fromEntries(after.map((s) => [s.user.username, s.revokedAt !== null]))
    expect(revoked).toEqual({ 'hung.tran': false, 'thu.vi': true })
    // Keycloak is back: the kept session refreshes (once the wait after the outage is over).
    await database.db.session.updateMany({ where: { revokedAt: null }, data: { refreshLeaseUntil: null } })
    expect((await visitor.get('/requests')).status).toBe(200)
    const refreshed = await database.db.session.findFirstOrThrow({
      where: { id: { in: sessions.map((s) => s.id) }, revokedAt: null },
    })
    expect(refreshed.accessExpiresAt.getTime()).toBeGreaterThan(Date.now())
  }, 180_000)
})
