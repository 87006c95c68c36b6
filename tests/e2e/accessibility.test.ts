import { beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, CONSOLE, describeViolations, firstTabStop, signedInContext } from '../helpers/accessibility'
import { refusedPassOn } from '../helpers/refused-pass'
import { PEOPLE, pagesOf, type Person } from './pages-by-role'
import { seededBrowserForFile } from './seeded-browser'

// axe-core's WCAG 2.1 A and AA rules on every page for every demo person (decision 0068), in
// Chromium, on the built console over a seeded database: at a laptop's width in Vietnamese, and on
// a 320 px phone in Vietnamese and in English (decision 0081), each the same list of pages. A
// failure lists each violation's rule, page and elements, so it can be fixed where it comes from
// (most often app/components/ui). Every page's first Tab stop is the skip link.

const seeded = seededBrowserForFile()

// The project page with a refused pass's conditions and the platform's detail (decision 0080).
beforeAll(() => refusedPassOn(seeded.started.database.db, seeded.fixtures.namespace).then(() => undefined), 120_000)

const VIEWS = [
  { name: '1360 px, Vietnamese', locale: 'vi', phone: false },
  { name: '320 px, Vietnamese', locale: 'vi', phone: true },
  { name: '320 px, English', locale: 'en', phone: true },
] as const

describe('every page for every demo person meets WCAG 2.1 AA as axe-core checks it', () => {
  for (const view of VIEWS) {
    for (const person of Object.keys(PEOPLE) as Person[]) {
      it(`${view.name}: ${person} (${PEOPLE[person]})`, async () => {
        const context = await signedInContext(seeded.browser, seeded.started.server, PEOPLE[person], view)
        const found: string[] = []
        try {
          const page = await context.newPage()
          // Some thirty pages one after another; on a loaded two-core machine one may take long.
          page.setDefaultNavigationTimeout(90_000)
          for (const path of pagesOf(person, seeded.fixtures)) {
            const response = await page.goto(`${CONSOLE}${path}`)
            expect(response?.status(), `${path}\n${seeded.started.server.output().slice(-2000)}`).toBe(200)
            // Still on the console, signed in: not Keycloak's sign-in page, which would pass as well.
            expect(page.url(), path).toBe(`${CONSOLE}${path}`)
            expect(await page.locator('html').getAttribute('lang'), path).toBe(view.locale)
            // The first Tab reaches the skip link to the main content, on every page.
            expect(await firstTabStop(page), path).toBe('#main')
            await page.waitForLoadState('networkidle')
            found.push(...describeViolations(path, await axeViolations(page)))
          }
          // An error page is a page too: one the person may not open (someone without a role is
          // sent to /no-access from every page, which is theirs above).
          if (person !== 'noRole') {
            const refused = person === 'staff' ? '/queue' : '/khong-co-trang-nay'
            await page.goto(`${CONSOLE}${refused}`)
            found.push(...describeViolations(refused, await axeViolations(page)))
          }
        } finally {
          await context.close()
        }
        expect(found, found.join('\n')).toEqual([])
      }, 900_000)
    }
  }
})
