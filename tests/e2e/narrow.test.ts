import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../helpers/browser'
import { DEMO_ROLES, signedInContext } from '../helpers/browser-session'
import { routeOf, routePatterns } from '../helpers/route-patterns'
import { PUBLIC_URL, startSeededConsole, type SeededConsole } from '../helpers/seeded-console'

// Every page each demo role reaches, on a 320 px phone (issue 17, decision 0066): from the
// dashboard the test follows every link of every page it visits (the header's closed groups
// included, downloads not), one address per route of app/routes, and asks whether the document
// is wider than the screen, naming the route and the boxes that stick out, and whether any box
// inside the page scrolls sideways (a table once did, inside its .table-wrap: decision 0081).

const WIDTH = 320

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

type Visit = {
  route: string
  path: string
  status: number
  scrollWidth: number
  sticking: string[]
  scrolling: string[]
}

/**
 * The document's width; the innermost shown boxes past the screen's edge that no scrolling
 * container clips; and the shown boxes that scroll sideways themselves (content wider than them).
 */
function measure(page: Page) {
  return page.evaluate((width) => {
    const clipped = (element: Element) => {
      for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
        if (getComputedStyle(up).overflowX !== 'visible') return true
      }
      return false
    }
    const out = [...document.body.querySelectorAll('*')].filter(
      (e) => e.getBoundingClientRect().right > width + 0.5 && e.checkVisibility() && !clipped(e),
    )
    const set = new Set(out)
    const describe = (e: Element) =>
      `${e.tagName.toLowerCase()}${e.className && typeof e.className === 'string' ? `.${e.className.split(' ').join('.')}` : ''}` +
      ` (${Math.round(e.getBoundingClientRect().right)} px: ${(e.textContent ?? '').trim().slice(0, 40)})`
    const scrolls = (e: Element) =>
      ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1
    return {
      scrollWidth: document.documentElement.scrollWidth,
      sticking: out
        .filter((e) => ![...e.children].some((c) => set.has(c)))
        .slice(0, 4)
        .map(describe),
      scrolling: [...document.body.querySelectorAll('*')]
        .filter((e) => e.checkVisibility() && scrolls(e))
        .slice(0, 4)
        .map((e) => `${describe(e)} scrolls ${e.scrollWidth - e.clientWidth} px`),
    }
  }, WIDTH)
}

/** The same-origin addresses a page links to, downloads and sign-in aside. */
function links(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('a[href]:not([download])')]
      .map((a) => new URL(a.getAttribute('href') ?? '', location.href))
      .filter((url) => url.origin === location.origin && !url.pathname.startsWith('/auth/'))
      .map((url) => `${url.pathname}${url.search}`),
  )
}

/** Visits the pages reachable from the dashboard, the first address met of each route. */
async function crawl(page: Page): Promise<Visit[]> {
  const patterns = routePatterns()
  const queue = ['/']
  const seen = new Set<string>()
  const visits: Visit[] = []
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    const route = routeOf(patterns, new URL(path, started.server.url).pathname)
    if (!route?.page || seen.has(route.id)) continue
    seen.add(route.id)
    const response = await page.goto(`${started.server.url}${path}`)
    visits.push({ route: route.id, path, status: response?.status() ?? 0, ...(await measure(page)) })
    queue.push(...(await links(page)))
  }
  return visits
}

describe(`every page at ${WIDTH} px`, () => {
  for (const [role, username] of Object.entries(DEMO_ROLES)) {
    it(`has no sideways scrolling for ${role} (${username})`, { timeout: 300_000 }, async () => {
      const context = await signedInContext(browser, started.server, username, {
        viewport: { width: WIDTH, height: 640 },
        isMobile: true,
        hasTouch: true,
      })
      try {
        const visits = await crawl(await context.newPage())
        console.log(`${role}: ${visits.length} routes visited`, visits.map((v) => v.route).join(' '))
        expect(visits.length).toBeGreaterThan(role === 'no role' ? 0 : 8)
        expect(visits.filter((v) => v.status !== 200).map((v) => `${v.status} ${v.path}`)).toEqual([])
        const wide = visits.filter((v) => v.scrollWidth > WIDTH)
        expect(wide.map((v) => `${v.route} ${v.path}: ${v.scrollWidth} px; ${v.sticking.join('; ')}`)).toEqual([])
        const scrolling = visits.filter((v) => v.scrolling.length > 0)
        expect(scrolling.map((v) => `${v.route} ${v.path}: ${v.scrolling.join('; ')}`)).toEqual([])
      } finally {
        await context.close()
      }
    })
  }
})

type AxNode = { role?: { value: string }; name?: { value: string }; ignored: boolean }

describe(`a table at ${WIDTH} px`, () => {
  it('is a card per row, each value beside its column heading, and still a table to screen readers', async () => {
    const context = await signedInContext(browser, started.server, DEMO_ROLES['agency staff'], {
      viewport: { width: WIDTH, height: 640 },
      isMobile: true,
    })
    try {
      const page = await context.newPage()
      await page.goto(`${started.server.url}/requests`)
      const table = page.locator('main table').first()
      const headings = (await table.locator('thead th').allTextContents()).map((h) => h.trim())
      expect(headings.length).toBeGreaterThan(2)
      const row = table.locator('tbody tr').first()
      // Seen: the headings' row is hidden, each cell shows its column's heading beside its value.
      expect((await table.locator('thead').boundingBox())?.width).toBeLessThanOrEqual(1)
      expect(await row.locator('.cell-label').allInnerTexts()).toEqual(headings.slice(1))
      const label = await row.locator('.cell-label').first().boundingBox()
      const value = await row.locator('.cell-value').first().boundingBox()
      expect(label && value && label.x + label.width <= value.x && Math.abs(label.y - value.y) < 4).toBe(true)
      expect((await row.boundingBox())?.width).toBeLessThanOrEqual(WIDTH)

      // Heard: Chromium's accessibility tree still has the table, its column headers by name, and
      // cells whose names are their values alone (the printed heading is aria-hidden).
      const cdp = await context.newCDPSession(page)
      const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] }
      const shown = nodes.filter((n) => !n.ignored)
      const named = (role: string) => shown.filter((n) => n.role?.value === role).map((n) => n.name?.value ?? '')
      expect(named('table').length).toBeGreaterThan(0)
      expect(named('columnheader')).toEqual(expect.arrayContaining(headings))
      const cells = named('cell')
      expect(cells.length).toBeGreaterThan(0)
      for (const heading of headings.slice(1)) expect(cells.filter((c) => c.startsWith(heading))).toEqual([])

      // At a laptop's width the same table is a table again: headings shown, no label in the cells.
      await page.setViewportSize({ width: 1360, height: 900 })
      expect(await table.locator('thead').isVisible()).toBe(true)
      expect(await row.locator('.cell-label').first().isVisible()).toBe(false)
    } finally {
      await context.close()
    }
  })
})
