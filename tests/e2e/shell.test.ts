import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalogue } from '#server/i18n'
import { startBrowserConsole, type BrowserConsole } from '../helpers/browser'
import { startConsoleServer, type ConsoleServer } from '../helpers/console-server'
import type { TestDatabase } from '../helpers/database'
import { like } from '../helpers/matchers'

// The app shell in a real browser: the built console under bin/serve.mjs on 127.0.0.1:3000 (a
// redirect URI the realm allows), a freshly migrated and seeded database of its own, the local
// stack's Keycloak, Debian's Chromium. GOVCLOUD_E2E_SKIP_BUILD=1 reuses ./build.

let started: BrowserConsole
let database: TestDatabase
let server: ConsoleServer
let browser: Browser
/** The cookies of a data-centre operator (duc.dang, who sees every agency), signed in once. */
let signedIn: Awaited<ReturnType<BrowserContext['storageState']>>

beforeAll(async () => {
  started = await startBrowserConsole()
  ;({ database, server, browser } = started)
  const context = await browser.newContext({ locale: 'vi-VN' })
  const page = await context.newPage()
  await page.goto(`${server.url}/`)
  await started.signIn(page, 'duc.dang')
  signedIn = await context.storageState()
  await context.close()
})

afterAll(() => started?.stop())

/** A browser profile holding the operator's session, and a page that records script errors. */
async function openPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale: 'vi-VN', storageState: signedIn })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  return { context, page, errors }
}

const heading = (page: Page) => page.locator('main h1').first().innerText()

/** The parts of the page's header in order, each as tag.firstClass. */
const headerParts = (page: Page) =>
  page
    .locator('main .page-header')
    .first()
    .evaluate((header) =>
      [...header.children].map(
        (part) => part.tagName.toLowerCase() + (part.classList[0] ? `.${part.classList[0]}` : ''),
      ),
    )

/** The addresses of the links `selector` finds. */
const paths = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((links) => links.map((a) => a.getAttribute('href')))

/** The page's main heading, once it says `text` (client-side navigations render a moment later). */
async function expectHeading(page: Page, text: string): Promise<void> {
  await page
    .locator('main h1', { hasText: text })
    .first()
    .waitFor({ timeout: 10_000 })
    .catch(() => undefined)
  expect(await heading(page)).toBe(text)
}

describe('the console shell in Chromium', () => {
  it('opens the dashboard in Vietnamese, naming who is signed in', async () => {
    const { context, page, errors } = await openPage()
    try {
      const response = await page.goto(`${server.url}/`)
      expect(response?.status()).toBe(200)
      expect(await page.locator('html').getAttribute('lang')).toBe('vi')
      await expectHeading(page, 'Tổng quan')
      expect(await page.locator('.site-header__brand').innerText()).toBe('Cổng điều hành đám mây tỉnh Lạng Sơn')
      expect(await page.getByTestId('user-name').innerText()).toBe('Đặng Minh Đức')
      // Sign-out is under the name, with the roles (the header keeps one row, decision 0066).
      await page.getByTestId('user-name').click()
      expect(await page.getByTestId('user-roles').innerText()).toBe('Vận hành trung tâm dữ liệu')
      expect(await page.getByRole('button', { name: 'Đăng xuất' }).count()).toBe(1)
      // The console's name leads to the dashboard; the pages an operator uses most have links of
      // their own, the costs are a group (the rate card for everyone signed in, and an operator reads
      // every agency's statements), the provisioning watch a link as the only platform page they have.
      expect(await page.getByRole('link', { name: 'Cổng điều hành đám mây tỉnh Lạng Sơn' }).getAttribute('href')).toBe(
        '/',
      )
      const nav = page.getByRole('navigation', { name: 'Điều hướng chính' })
      expect(await nav.getByRole('link').allInnerTexts()).toEqual([
        'Cơ quan',
        'Dự án',
        'Hệ thống thông tin',
        'Yêu cầu hạn mức',
        'Phê duyệt',
        'Cấp phát',
      ])
      await nav.getByText('Chi phí').click()
      expect(await nav.getByRole('link').allInnerTexts()).toContain('Bảng kê')
      expect(await nav.getByRole('link', { name: 'Bảng giá' }).getAttribute('href')).toBe('/rates')
      // The bell is drawn, not a font's glyph, and named in words.
      expect(await page.getByRole('link', { name: 'Thông báo' }).locator('svg').count()).toBe(1)
      expect(await page.getByRole('heading', { level: 2 }).allInnerTexts()).toContain('Yêu cầu theo trạng thái')
      // Amounts from the ledger, in Vietnamese number format (the seed's compute pool: 256 cores × 4).
      expect(await page.locator('main').innerText()).toContain('1.024\u00a0vCPU')
      await page.waitForLoadState('networkidle')
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  })

  it('switches to English and back, staying on the same page', async () => {
    const { context, page, errors } = await openPage()
    try {
      await page.goto(`${server.url}/requests?state=submitted`)
      await expectHeading(page, 'Yêu cầu hạn mức')

      await Promise.all([
        page.waitForURL('**/requests?state=submitted'),
        page.getByRole('button', { name: 'English' }).click(),
      ])
      await page.waitForFunction(() => document.documentElement.lang === 'en')
      await expectHeading(page, 'Quota requests')
      expect(await page.locator('.site-header__brand').innerText()).toBe('Lạng Sơn Government Cloud Console')
      await page.getByTestId('user-name').click()
      expect(await page.getByTestId('user-roles').innerText()).toBe('Data-centre operator')
      expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1)
      // The switch offers the other language, in its own words.
      expect(await page.getByRole('button', { name: 'English' }).count()).toBe(0)
      const cookies = await context.cookies()
      expect(cookies.find((cookie) => cookie.name === 'lang')?.value).toBe('en')

      // The choice sticks across navigations, including client-side ones.
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Agencies' }).click()
      await page.waitForURL('**/agencies')
      await expectHeading(page, 'Agencies')
      expect(await page.locator('main').innerText()).toContain('Department of Science and Technology')

      await page.getByRole('button', { name: 'Tiếng Việt' }).click()
      await page.waitForFunction(() => document.documentElement.lang === 'vi')
      await expectHeading(page, 'Cơ quan')
      expect(new URL(page.url()).pathname).toBe('/agencies')
      await page.waitForLoadState('networkidle')
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  })

  it('loads the words once per language as an immutable script, not inside every page', async () => {
    const { context, page, errors } = await openPage()
    try {
      const scripts: { path: string; cacheControl: string | undefined }[] = []
      page.on('response', (r) => {
        const path = new URL(r.url()).pathname
        if (path.startsWith('/i18n/')) scripts.push({ path, cacheControl: r.headers()['cache-control'] })
      })
      const response = await page.goto(`${server.url}/queue`)
      const html = await response!.text()
      await expectHeading(page, 'Hàng đợi phê duyệt')
      // The server rendered the words; the loader data no longer carries the catalogue (a message
      // no page shows unless it happens would otherwise be in every document).
      expect(html).toContain('Hàng đợi phê duyệt')
      expect(html).not.toContain(catalogue.vi['lang.invalid'])
      expect(html).toMatch(/<script src="\/i18n\/vi\.[0-9a-f]{12}\.js">/)
      await page.waitForLoadState('networkidle')
      expect(scripts).toEqual([
        {
          path: like.stringMatching(/^\/i18n\/vi\.[0-9a-f]{12}\.js$/),
          cacheControl: 'public, max-age=31536000, immutable',
        },
      ])
      // Hydrated with the same words (no mismatch reported), and client-side pages use them too.
      await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Cơ quan' }).click()
      await page.waitForURL('**/agencies')
      await expectHeading(page, 'Cơ quan')
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  })

  it('works without JavaScript: whole pages, the language switch and the queue filter are plain forms', async () => {
    const context = await browser.newContext({ locale: 'vi-VN', storageState: signedIn, javaScriptEnabled: false })
    const page = await context.newPage()
    try {
      await page.goto(`${server.url}/queue`)
      await expectHeading(page, 'Hàng đợi phê duyệt')
      await Promise.all([page.waitForURL('**/queue'), page.getByRole('button', { name: 'English' }).click()])
      await expectHeading(page, 'Approval queue')
      expect(await page.locator('html').getAttribute('lang')).toBe('en')
      await page.locator('select[name="sort"]').selectOption('newest')
      await Promise.all([
        page.waitForURL('**/queue?*sort=newest*'),
        page.getByRole('button', { name: catalogue.en['workflow.queue.apply'] }).click(),
      ])
      await expectHeading(page, 'Approval queue')
      expect(await page.locator('main').innerText()).toContain(catalogue.en['requests.number'])
      await Promise.all([page.waitForURL('**/queue?*'), page.getByRole('button', { name: 'Tiếng Việt' }).click()])
      await expectHeading(page, 'Hàng đợi phê duyệt')
    } finally {
      await context.close()
    }
  })

  it('keeps an agency name with diacritics intact from the database to the page', async () => {
    const { context, page } = await openPage()
    try {
      await page.goto(`${server.url}/agencies`)
      expect(await page.locator('main').innerText()).toContain('UBND xã Đồng Đăng')
      await page.getByRole('link', { name: 'Sở Khoa học và Công nghệ', exact: true }).click()
      await page.waitForURL('**/agencies/so-khcn')
      await expectHeading(page, 'Sở Khoa học và Công nghệ')
      const name = await heading(page)
      expect(name).toBe(name.normalize('NFC'))
      await expect.poll(() => page.title()).toBe('Sở Khoa học và Công nghệ · Cổng điều hành đám mây tỉnh Lạng Sơn')
      // Its projects, and one project's allocation in friendly units.
      await page.getByRole('link', { name: 'Hệ thống quản lý đề tài khoa học' }).click()
      await page.waitForURL('**/projects/**')
      await expectHeading(page, 'Hệ thống quản lý đề tài khoa học')
      expect(await page.locator('main').innerText()).toMatch(/\d+\u00a0vCPU/)
    } finally {
      await context.close()
    }
  })

  it('shows a friendly 404 in the user language, with the way home', async () => {
    const { context, page } = await openPage()
    try {
      const response = await page.goto(`${server.url}/khong-co-trang-nay`)
      expect(response?.status()).toBe(404)
      await expectHeading(page, 'Không tìm thấy trang')
      expect(await page.locator('html').getAttribute('lang')).toBe('vi')
      // An address nothing lies above: the header without a trail, like the dashboard's.
      expect(await headerParts(page)).toEqual(['h1', 'p.page-header__intro', 'p.error-page__status'])
      const home = page.getByRole('link', { name: 'Về trang tổng quan' })
      expect(await home.getAttribute('href')).toBe('/')

      const missingAgency = await page.goto(`${server.url}/agencies/khong-ton-tai`)
      expect(missingAgency?.status()).toBe(404)
      expect(await page.locator('main').innerText()).toContain('Không có cơ quan nào mang mã “khong-ton-tai”.')

      await context.addCookies([{ name: 'lang', value: 'en', url: server.url }])
      const english = await page.goto(`${server.url}/requests/999999`)
      expect(english?.status()).toBe(404)
      await expectHeading(page, 'Page not found')
      expect(await page.locator('main').innerText()).toContain('There is no request number 999999.')
      // Its top is the design system's page header, as on every other page (issue 17): the way
      // up from the address asked for, one heading, the message as its introduction.
      expect(await paths(page, 'main nav.breadcrumb a')).toEqual(['/', '/requests'])
      expect(await page.locator('main h1').count()).toBe(1)
      const errorHeader = await headerParts(page)
      expect(errorHeader).toEqual(['nav.breadcrumb', 'h1', 'p.page-header__intro', 'p.error-page__status'])
      const project = await database.db.project.findFirstOrThrow({ select: { namespace: true } })
      await page.goto(`${server.url}/projects/${project.namespace}/usage`)
      expect((await headerParts(page)).slice(0, 3)).toEqual(errorHeader.slice(0, 3))
      await page.goto(`${server.url}/requests/999999`)
      await page.getByRole('link', { name: 'Back to the dashboard' }).click()
      await page.waitForURL(`${server.url}/`)
      await expectHeading(page, 'Dashboard')
    } finally {
      await context.close()
    }
  })

  it('refuses a bad filter with a 400 page rather than guessing', async () => {
    const { context, page } = await openPage()
    try {
      const response = await page.goto(`${server.url}/requests?state=approved-ish`)
      expect(response?.status()).toBe(400)
      await expectHeading(page, 'Yêu cầu không hợp lệ')
    } finally {
      await context.close()
    }
  })

  it('reports liveness on /healthz and readiness on /readyz without secrets', async () => {
    const live = await fetch(`${server.url}/healthz`)
    expect(live.status).toBe(200)
    expect(await live.json()).toEqual({ status: 'ok', version: like.any(String) })
    const response = await fetch(`${server.url}/readyz`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('application/json')
    const text = await response.text()
    expect(JSON.parse(text)).toEqual({ status: 'ok', database: 'ok', version: like.any(String) })
    expect(text).not.toContain(new URL(database.url).host)
    expect(text).not.toContain('postgres')
  })

  it('stays live but answers 503 on /readyz when the database is unreachable, and a 503 page saying so with a reference', async () => {
    const broken = await startConsoleServer({
      databaseUrl: 'postgresql://govcloud@127.0.0.1:1/unreachable',
      waitForHealthy: false,
    })
    try {
      // Live (the cluster must not restart it for the database's outage), but not ready.
      expect((await fetch(`${broken.url}/healthz`)).status).toBe(200)
      const health = await fetch(`${broken.url}/readyz`)
      expect(health.status).toBe(503)
      expect(await health.json()).toEqual({
        status: 'unavailable',
        database: 'unreachable',
        version: like.any(String),
      })

      // Starting a sign-in writes its PKCE verifier to the database, which is not there.
      const page = await fetch(`${broken.url}/auth/login`, { redirect: 'manual' })
      // The database out of reach is a 503 that says so and asks to wait (decision 0071).
      expect(page.status).toBe(503)
      expect(page.headers.get('retry-after')).toBe('30')
      const html = await page.text()
      expect(html).toContain('Tạm thời không kết nối được cơ sở dữ liệu')
      // The reference is the request's id (decision 0070): its response header and its log lines.
      const reference = /Mã tham chiếu: ([0-9A-F]{16})/.exec(html)?.[1]
      expect(reference).toBeDefined()
      expect(page.headers.get('x-request-id')).toBe(reference)
      expect(html).not.toContain('PrismaClient') // no stack traces outside development
      expect(broken.output()).toContain(`"reference":"${reference}"`)
    } finally {
      await broken.stop()
    }
  })

  it('serves no page without a session (sign in first, then back), but /healthz and /readyz stay public', async () => {
    for (const path of ['/', '/agencies', '/requests?state=submitted', '/khong-co-trang-nay']) {
      const page = await fetch(`${server.url}${path}`, { redirect: 'manual' })
      expect(page.status, path).toBe(302)
      expect(page.headers.get('location'), path).toBe(`/auth/login?${new URLSearchParams({ returnTo: path })}`)
      expect(await page.text()).not.toContain('Sở Khoa học và Công nghệ')
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200)
  })

  it('refuses to start with a bad setting, naming it', async () => {
    await expect(startConsoleServer({ databaseUrl: 'mysql://nope', startTimeoutMs: 15_000 })).rejects.toThrow(
      /DATABASE_URL must be a postgresql:\/\//,
    )
  })
})
