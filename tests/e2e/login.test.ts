import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserConsole, type BrowserConsole } from '../helpers/browser'
import type { ConsoleServer } from '../helpers/console-server'
import type { TestDatabase } from '../helpers/database'
import { answerOneTimeCode, DEMO_PASSWORD } from '../helpers/sign-in'
import { totpFor } from '../helpers/totp'

// Signing in for real: the built console on 127.0.0.1:3000 (a redirect URI the realm allows),
// the local stack's Keycloak and its demo users, Debian's Chromium. No shortcut: every sign-in
// goes through Keycloak's own login form. GOVCLOUD_E2E_SKIP_BUILD=1 reuses ./build.

let database: TestDatabase
let server: ConsoleServer
let browser: Browser
let keycloak: string

let started: BrowserConsole | undefined

beforeAll(async () => {
  started = await startBrowserConsole()
  ;({ database, server, browser, keycloak } = started)
})

afterAll(() => started?.stop())

async function openPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale: 'vi-VN' })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  return { context, page, errors }
}

/** Keycloak's own login form (not a page of the console), filled in and sent. */
const signInAtKeycloak = (page: Page, username: string) => started!.signIn(page, username)

const main = (page: Page) => page.locator('main').innerText()

async function expectHeading(page: Page, text: string): Promise<void> {
  await page.locator('main h1', { hasText: text }).first().waitFor({ timeout: 10_000 })
}

async function projectNamespace(name: string): Promise<string> {
  const project = await database.db.project.findFirstOrThrow({ where: { name }, select: { namespace: true } })
  return project.namespace
}

async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-name').click() // sign-out is under the name (decision 0066)
  await page.getByRole('button', { name: 'Đăng xuất' }).first().click()
  // The console revokes its session, Keycloak ends the SSO session and sends the browser home,
  // where, signed out, it is sent to Keycloak's login page again.
  await page.waitForURL((url) => url.origin === keycloak && url.pathname.endsWith('/openid-connect/auth'), {
    timeout: 15_000,
  })
}

describe('signing in through Keycloak in Chromium', () => {
  it('shows an agency user only their agency, signs out at Keycloak too, and shows an operator every agency', async () => {
    const { context, page, errors } = await openPage()
    try {
      // Not signed in: the console sends the browser to the realm's real login page.
      await page.goto(`${server.url}/`)
      await signInAtKeycloak(page, 'an.nguyen')
      expect(page.url()).toBe(`${server.url}/`)
      await expectHeading(page, 'Tổng quan')

      // The header names the person (Vietnamese display name), their role under the name.
      expect(await page.getByTestId('user-name').innerText()).toBe('Nguyễn Văn An')
      await page.getByTestId('user-name').click()
      expect(await page.getByTestId('user-roles').innerText()).toBe('Cán bộ cơ quan')

      // The session cookie: HttpOnly, SameSite=Lax, bound to the origin (__Host-), Secure.
      const cookie = (await context.cookies()).find((c) => c.name === '__Host-govcloud')
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true, path: '/' })

      // Dashboard counts: Sở KH&CN and the Digital Technology Centre below it, nothing else.
      const own = await database.db.agency.findMany({
        where: { code: { in: ['so-khcn', 'ttcns'] } },
        select: { id: true },
      })
      const ownIds = { in: own.map((a) => a.id) }
      const stats = page.locator('.stat .stat__value')
      expect(await stats.allInnerTexts()).toEqual([
        '2',
        String(await database.db.project.count({ where: { agencyId: ownIds } })),
        String(await database.db.quotaRequest.count({ where: { agencyId: ownIds } })),
      ])
      expect(await database.db.project.count()).toBeGreaterThan(
        await database.db.project.count({ where: { agencyId: ownIds } }),
      )
      const pools = page.getByRole('heading', { name: 'Mức phân bổ theo vùng tài nguyên' })
      expect(await pools.count()).toBe(0) // capacity pools: data-centre roles only

      await page.goto(`${server.url}/agencies`)
      const agencies = await main(page)
      expect(agencies).toContain('Sở Khoa học và Công nghệ')
      expect(agencies).toContain('Trung tâm Công nghệ số')
      expect(agencies).not.toContain('Sở Tài chính')
      expect(agencies).not.toContain('Bệnh viện Đa khoa tỉnh Lạng Sơn')

      await page.goto(`${server.url}/projects`)
      const projects = await main(page)
      expect(projects).toContain('Hệ thống quản lý đề tài khoa học')
      expect(projects).not.toContain('Hệ thống quản lý ngân sách tỉnh')
      expect(projects).not.toContain('Hệ thống thông tin bệnh viện (HIS)')

      await page.goto(`${server.url}/requests`)
      expect(await main(page)).not.toContain('Sở Tài chính')

      // Another agency's project: the same 404 as a project that does not exist.
      const budget = await projectNamespace('Hệ thống quản lý ngân sách tỉnh')
      const other = await page.goto(`${server.url}/projects/${budget}`)
      expect(other?.status()).toBe(404)
      await expectHeading(page, 'Không tìm thấy trang')
      expect(await main(page)).not.toContain('ngân sách')
      expect((await page.goto(`${server.url}/agencies/so-tc`))?.status()).toBe(404)

      const visited: string[] = []
      page.on('request', (request) => visited.push(request.url()))
      await signOut(page)
      // RP-initiated logout: the browser went through Keycloak's end-session endpoint.
      expect(visited.some((url) => url.startsWith(`${keycloak}/realms/govcloud/protocol/openid-connect/logout`))).toBe(
        true,
      )
      expect(await context.cookies()).not.toContainEqual(expect.objectContaining({ name: '__Host-govcloud' }))

      // Keycloak's session ended too: the login form asks again, and another person signs in.
      await signInAtKeycloak(page, 'duc.dang')
      await expectHeading(page, 'Tổng quan')
      expect(await page.getByTestId('user-name').innerText()).toBe('Đặng Minh Đức')
      expect(await page.getByTestId('user-roles').textContent()).toBe('Vận hành trung tâm dữ liệu')
      const total = await database.db.agency.count()
      expect((await stats.allInnerTexts())[0]).toBe(String(total))
      expect(await pools.count()).toBe(1)

      await page.goto(`${server.url}/agencies`)
      const everyAgency = await main(page)
      for (const name of [
        'Sở Khoa học và Công nghệ',
        'Sở Tài chính',
        'Bệnh viện Đa khoa tỉnh Lạng Sơn',
        'UBND xã Đồng Đăng',
      ]) {
        expect(everyAgency).toContain(name)
      }
      expect((await page.goto(`${server.url}/projects/${budget}`))?.status()).toBe(200)
      await expectHeading(page, 'Hệ thống quản lý ngân sách tỉnh')
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  })

  it('sends someone whose session expired to sign in, then back to the page they asked for', async () => {
    const { context, page } = await openPage()
    try {
      await page.goto(`${server.url}/agencies`)
      await signInAtKeycloak(page, 'lan.hoang')
      expect(page.url()).toBe(`${server.url}/agencies`)
      await expectHeading(page, 'Cơ quan')

      // The session ends behind the browser's back (its row is past its end).
      const user = await database.db.user.findUniqueOrThrow({ where: { username: 'lan.hoang' }, select: { id: true } })
      const ended = await database.db.session.updateMany({
        where: { userId: user.id, revokedAt: null },
        data: { expiresAt: new Date(Date.now() - 1000) },
      })
      expect(ended.count).toBe(1)

      const budget = await projectNamespace('Hệ thống quản lý ngân sách tỉnh')
      await page.goto(`${server.url}/projects/${budget}?tab=requests`)
      // Keycloak still has its own session, so it may answer without showing the form again.
      await page.waitForURL((url) => url.origin === server.url && url.pathname.startsWith('/projects/'), {
        timeout: 15_000,
      })
      expect(page.url()).toBe(`${server.url}/projects/${budget}?tab=requests`)
      await expectHeading(page, 'Hệ thống quản lý ngân sách tỉnh')

      // The same when the page is already open and the next step is a client-side navigation.
      await database.db.session.updateMany({
        where: { userId: user.id, revokedAt: null },
        data: { expiresAt: new Date(Date.now() - 1000) },
      })
      await page
        .getByRole('navigation', { name: 'Điều hướng chính' })
        .getByRole('link', { name: 'Yêu cầu hạn mức' })
        .click()
      await page.waitForURL(`${server.url}/requests`, { timeout: 15_000 })
      await expectHeading(page, 'Yêu cầu hạn mức')
      expect(
        await database.db.session.count({ where: { userId: user.id, revokedAt: null, expiresAt: { gt: new Date() } } }),
      ).toBe(1)
    } finally {
      await context.close()
    }
  })

  it('asks an operator for a one-time code after the password, refuses a wrong one, and lets them in with the right one', async () => {
    const { context, page, errors } = await openPage()
    try {
      await page.goto(`${server.url}/queue`)
      await page.waitForURL((url) => url.origin === keycloak, { timeout: 15_000 })
      await page.locator('#username').fill('tuan.be')
      await page.locator('#password').fill(DEMO_PASSWORD)
      await page.locator('#kc-login').click()
      // Keycloak's second step (decision 0028): a code from the authenticator app, not the console's page.
      const otp = page.locator('#kc-otp-login-form input[name="otp"]')
      await otp.waitFor({ timeout: 15_000 })
      expect(new URL(page.url()).origin).toBe(keycloak)
      const right = totpFor('tuan.be')
      await otp.fill(String((Number(right) + 1) % 1_000_000).padStart(6, '0'))
      await page.locator('#kc-otp-login-form [type="submit"]').click()
      await otp.waitFor({ timeout: 15_000 })
      expect(new URL(page.url()).origin).toBe(keycloak)

      await answerOneTimeCode(page, { code: totpFor('tuan.be'), consoleUrl: server.url })
      expect(page.url()).toBe(`${server.url}/queue`)
      await expectHeading(page, 'Hàng đợi phê duyệt')
      const user = await database.db.user.findUniqueOrThrow({ where: { username: 'tuan.be' }, select: { id: true } })
      const session = await database.db.session.findFirstOrThrow({
        where: { userId: user.id, revokedAt: null },
        orderBy: { createdAt: 'desc' },
      })
      expect(session.authMethods).toEqual(['otp', 'pwd'])
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  })

  it('tells someone with no agency and no role to ask their administrator, and lets them sign out', async () => {
    const { context, page, errors } = await openPage()
    try {
      await page.goto(`${server.url}/projects`)
      await signInAtKeycloak(page, 'minh.do')
      expect(page.url()).toBe(`${server.url}/no-access`)
      await expectHeading(page, 'Tài khoản chưa được cấp quyền')
      expect(await main(page)).toContain(
        'Tài khoản của bạn chưa được gán cơ quan hoặc vai trò — hãy liên hệ quản trị viên',
      )
      expect(await page.getByRole('navigation', { name: 'Điều hướng chính' }).count()).toBe(0)
      expect(await page.getByTestId('user-roles').textContent()).toBe('Chưa có vai trò')
      // Every page sends them back here, rather than showing an error.
      await page.goto(`${server.url}/requests`)
      expect(new URL(page.url()).pathname).toBe('/no-access')

      await page.locator('main').getByRole('button', { name: 'Đăng xuất' }).click()
      await page.waitForURL((url) => url.origin === keycloak, { timeout: 15_000 })
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  })
})
