import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../helpers/browser'
import { DEMO_ROLES, signedInContext, type DemoRole } from '../helpers/browser-session'
import { PUBLIC_URL, startSeededConsole, type SeededConsole } from '../helpers/seeded-console'

// The console's layout in Chromium for every demo role (issue 17, decision 0066): the header on one
// row at a laptop's 1360×900, measured by the boxes of what it holds. The demo people sign in over
// HTTP (browser-session.ts), so this file needs no port of its own.

/** A long Vietnamese name, as some people have: four given names after the family's. */
const LONG_NAME = 'Nguyễn Thị Phương Thảo Hoàng Lê Minh Khuê'

let started: SeededConsole
let browser: Browser

beforeAll(async () => {
  started = await startSeededConsole({ env: { PUBLIC_URL } })
  browser = await launchBrowser()
}, 300_000)
afterAll(async () => {
  await browser?.close()
  await started?.stop()
})

/**
 * How many rows the header's visible items (links, buttons, the name) take: an item starting
 * below the bottom of every item so far opens a new row. And the header's height in pixels.
 */
function headerRows(page: Page): Promise<{ rows: number; height: number }> {
  return page.evaluate(() => {
    const header = document.querySelector('body > header')
    if (!header) return { rows: 0, height: 0 }
    // Inside a closed disclosure is not shown (its boxes would still be measured).
    const boxes = [...header.querySelectorAll(':is(a, button, summary, p)')]
      .filter((element) => element.checkVisibility())
      .map((element) => element.getBoundingClientRect())
      .filter((box) => box.width > 0 && box.height > 0)
      .sort((a, b) => a.top - b.top)
    let rows = 0
    let bottom = -Infinity
    for (const box of boxes) {
      if (box.top >= bottom) rows += 1
      bottom = box.top >= bottom ? box.bottom : Math.max(bottom, box.bottom)
    }
    return { rows, height: Math.round(header.getBoundingClientRect().height) }
  })
}

/** Every address the header links to, shown or inside a closed group. */
const headerLinks = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll('body > header a[href]')].map((a) => a.getAttribute('href')))

/** What each role reaches from the header (the dashboard through the console's name). */
const DESTINATIONS: Record<DemoRole, readonly string[]> = {
  'agency staff': ['/', '/agencies', '/projects', '/systems', '/requests', '/security', '/rates', '/statements'],
  operator: [
    '/',
    '/agencies',
    '/projects',
    '/systems',
    '/requests',
    '/queue',
    '/rates',
    '/statements',
    '/provisioning',
  ],
  'security officer': [
    '/',
    '/agencies',
    '/projects',
    '/systems',
    '/requests',
    '/queue',
    '/security',
    '/rates',
    '/provisioning',
  ],
  'platform administrator': [
    '/',
    '/agencies',
    '/projects',
    '/systems',
    '/requests',
    '/security',
    '/rates',
    '/statements',
    '/provisioning',
    '/policies',
    '/admin/agencies',
  ],
  'no role': ['/'],
}

/**
 * The header's rows on each page its links lead to, the most of them: on a section's own page its
 * item is drawn as the chosen one (bold on white), which is wider than on the dashboard, so one row
 * there does not mean one row everywhere (the security officer's name wrapped on /security/audit).
 */
async function widestHeader(page: Page, role: DemoRole): Promise<{ rows: number; height: number; page: string }> {
  let widest = { rows: 0, height: 0, page: '' }
  for (const path of DESTINATIONS[role]) {
    await page.goto(`${started.server.url}${path}`)
    const measured = await headerRows(page)
    if (measured.rows > widest.rows || (measured.rows === widest.rows && measured.height > widest.height))
      widest = { ...measured, page: path }
  }
  return widest
}

describe('the header at 1360×900', () => {
  it('is one row for every demo role, in both languages, and keeps every destination', async () => {
    const measured: Record<string, { rows: number; height: number; page: string }> = {}
    for (const [role, username] of Object.entries(DEMO_ROLES)) {
      const context = await signedInContext(browser, started.server, username, {
        viewport: { width: 1360, height: 900 },
      })
      try {
        const page = await context.newPage()
        await page.goto(`${started.server.url}/`)
        const notifications = role === 'no role' ? [] : ['/notifications']
        expect(await headerLinks(page), role).toEqual([...DESTINATIONS[role as DemoRole], ...notifications])
        measured[role] = await widestHeader(page, role as DemoRole)
        // English words are longer: the same header in English.
        await context.addCookies([{ name: 'lang', value: 'en', url: started.server.url }])
        measured[`${role} (en)`] = await widestHeader(page, role as DemoRole)
      } finally {
        await context.close()
      }
    }
    // Before decision 0066: 3 rows (146 px) for agency staff, operators and security officers,
    // 4 (187 px) for administrators, 1 (59 px) for someone without a role.
    console.log('header at 1360×900:', JSON.stringify(measured))
    expect(Object.values(measured).map((m) => m.rows)).toEqual(Object.keys(measured).map(() => 1))
  })

  it('keeps one row with a long Vietnamese name, cut short with the whole name still given', async () => {
    // Each demo person's name is made long in the database only (the session reads it from there
    // on every page), never in the shipped realm, and put back after.
    const { db } = started.database
    const measured: Record<string, { rows: number; height: number; page: string }> = {}
    for (const [role, username] of Object.entries(DEMO_ROLES)) {
      const before = await db.user.findUniqueOrThrow({ where: { username }, select: { displayName: true } })
      const context = await signedInContext(browser, started.server, username, {
        viewport: { width: 1360, height: 900 },
      })
      try {
        await db.user.update({ where: { username }, data: { displayName: LONG_NAME } })
        const page = await context.newPage()
        await page.goto(`${started.server.url}/`)
        const name = page.getByTestId('user-name')
        const toggle = page.locator('.user-menu > summary')
        expect(await name.innerText(), role).toBe(LONG_NAME)
        // Cut short on screen; whole in the tooltip and in the text a screen reader reads.
        expect(await name.evaluate((element) => element.scrollWidth > element.clientWidth), role).toBe(true)
        expect(await toggle.getAttribute('title'), role).toBe(`${LONG_NAME} (${username})`)
        expect(await toggle.evaluate((summary) => summary.textContent), role).toContain(LONG_NAME)
        measured[role] = await widestHeader(page, role as DemoRole)
        await context.addCookies([{ name: 'lang', value: 'en', url: started.server.url }])
        measured[`${role} (en)`] = await widestHeader(page, role as DemoRole)
        // A phone of 320 px: the header takes more rows, but nothing runs off the side.
        await page.setViewportSize({ width: 320, height: 640 })
        for (const locale of ['en', 'vi']) {
          await context.addCookies([{ name: 'lang', value: locale, url: started.server.url }])
          await page.goto(`${started.server.url}/`)
          const right = await page.evaluate(() => ({
            page: document.documentElement.scrollWidth,
            name: Math.ceil(document.querySelector('.user-menu > summary')!.getBoundingClientRect().right),
          }))
          expect(right.page, `${role} ${locale}`).toBe(320)
          expect(right.name, `${role} ${locale}`).toBeLessThanOrEqual(320)
        }
      } finally {
        await db.user.update({ where: { username }, data: { displayName: before.displayName } })
        await context.close()
      }
    }
    console.log('header at 1360×900 with a long name:', JSON.stringify(measured))
    expect(Object.values(measured).map((m) => m.rows)).toEqual(Object.keys(measured).map(() => 1))
  })

  it("opens a group's pages under it and closes it on Escape or a click elsewhere", async () => {
    const context = await signedInContext(browser, started.server, DEMO_ROLES['platform administrator'], {
      viewport: { width: 1360, height: 900 },
    })
    try {
      const page = await context.newPage()
      await page.goto(`${started.server.url}/`)
      const nav = page.getByRole('navigation', { name: 'Điều hướng chính' })
      const manage = nav.getByRole('link', { name: 'Quản lý cơ quan' })
      expect(await manage.isVisible()).toBe(false)
      await nav.getByText('Nền tảng', { exact: true }).click()
      expect(await manage.isVisible()).toBe(true)
      await page.keyboard.press('Escape')
      expect(await manage.isVisible()).toBe(false)
      await nav.getByText('Nền tảng', { exact: true }).click()
      await page.locator('main h1').click()
      expect(await manage.isVisible()).toBe(false)
      await nav.getByText('Nền tảng', { exact: true }).click()
      await manage.click()
      await page.waitForURL('**/admin/agencies')
      await expect.poll(() => manage.isVisible()).toBe(false)
      expect(await nav.locator('summary.is-current').innerText()).toBe('Nền tảng')
    } finally {
      await context.close()
    }
  })
})
