import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { actOnRequest } from '#server/workflow/act-on-request'
import { buildConsole, seedDatabase, startConsoleServer, type ConsoleServer } from '../../helpers/console-server'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { signInToConsole, type CookieJar } from '../../helpers/keycloak-login'

// The bell and /notifications in the built console, with real Keycloak sessions: an agency user
// submits, the operator (known to be one from their session) sees the count, reads the
// notification in Vietnamese, opens it (marked read, sent to the request), and switches language.

const PUBLIC_URL = 'http://localhost:3000'
const FROM_THE_CONSOLE = { origin: PUBLIC_URL, 'x-forwarded-host': new URL(PUBLIC_URL).host }

let database: TestDatabase
let server: ConsoleServer

const signIn = (username: string) => signInToConsole(server.url, username)

const get = (jar: CookieJar, path: string) =>
  fetch(`${server.url}${path}`, { redirect: 'manual', headers: { cookie: jar.header() } })
const post = (jar: CookieJar, path: string, body: Record<string, string>) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded', ...FROM_THE_CONSOLE },
    body: new URLSearchParams(body).toString(),
  })

beforeAll(async () => {
  database = await createTestDatabase()
  await seedDatabase(database.url)
  if (process.env.GOVCLOUD_E2E_SKIP_BUILD !== '1') await buildConsole()
  server = await startConsoleServer({ databaseUrl: database.url, env: { PUBLIC_URL } })
}, 300_000)
afterAll(async () => {
  await server?.stop()
  await database?.drop()
})

describe('notifications in the console', () => {
  it('shows the operator a count in the header, lists the notification in Vietnamese, opens it and marks it read', async () => {
    const operator = await signIn('duc.dang')
    const staff = await signIn('an.nguyen')
    const an = await database.db.user.findUniqueOrThrow({ where: { username: 'an.nguyen' }, select: { id: true } })
    const draft = await database.db.quotaRequest.findFirstOrThrow({
      where: { requestedById: an.id, state: 'draft' },
      select: { id: true, number: true, version: true },
    })
    await database.db.quotaRequest.update({
      where: { id: draft.id },
      data: { justification: 'Mở rộng cổng thông tin theo kế hoạch 196/KH-UBND' },
    })
    const submitted = await actOnRequest(database.db, {
      requestId: draft.id,
      action: 'submit',
      actor: { id: an.id, roles: ['agency_staff'], label: 'an.nguyen' },
      expectedVersion: draft.version,
      policy: DEFAULT_APPROVAL_POLICY,
    })
    expect(submitted).toMatchObject({ ok: true })

    const home = await (await get(operator, '/')).text()
    expect(home).toMatch(/data-testid="notification-count"[^>]*>1</)
    expect(home).toContain('aria-label="1 thông báo chưa đọc"')
    // The requester was not told of their own submission.
    expect(await (await get(staff, '/')).text()).not.toContain('data-testid="notification-count"')

    const page = await (await get(operator, '/notifications')).text()
    expect(page).toContain(`Yêu cầu số ${draft.number} đang chờ phê duyệt`)
    const notification = await database.db.notification.findFirstOrThrow({
      where: { requestId: draft.id },
      select: { id: true, recipient: { select: { username: true } } },
    })
    expect(notification.recipient.username).toBe('duc.dang')

    // Someone else cannot mark it read: it does not exist for them.
    expect((await post(staff, '/notifications', { intent: 'read', id: notification.id })).status).toBe(404)
    const opened = await post(operator, '/notifications', { intent: 'open', id: notification.id })
    expect(opened.status).toBe(302)
    expect(opened.headers.get('location')).toBe(`/requests/${draft.number}`)
    expect((await database.db.notification.findUniqueOrThrow({ where: { id: notification.id } })).readAt).not.toBeNull()
    expect(await (await get(operator, '/')).text()).not.toContain('data-testid="notification-count"')
  })

  it("remembers a signed-in person's language for their e-mails", async () => {
    const jar = await signIn('huong.pham')
    const switched = await post(jar, '/lang', { lang: 'en', redirectTo: '/notifications' })
    expect(switched.status).toBe(302)
    expect((await database.db.user.findUniqueOrThrow({ where: { username: 'huong.pham' } })).locale).toBe('en')
    jar.store(switched)
    const page = await (await get(jar, '/notifications')).text()
    expect(page).toContain('You have no notifications.')
  })
})
