import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserConsole, type BrowserConsole } from '../helpers/browser'
import { PEOPLE, seededFixtures, type Fixtures, type Person } from './pages-by-role'

// The screenshots in docs/screenshots/ that the guides (docs/guides/) show (issues 16 and 17):
// taken here, of the built console over the seeded database, in Vietnamese, so they are redrawn
// on every run and never go stale. Each is the viewport only (1360×900, or 320 px wide for the
// narrow ones) to keep the files small; a page that answers with an error fails the test rather
// than being pictured.

const FOLDER = path.resolve(import.meta.dirname, '../../docs/screenshots')

/** `at`: the id of a section to scroll to the top of the viewport, for a part lower on the page. */
type Shot = { name: string; path: (f: Fixtures) => string; narrow?: true; at?: string }

const SHOTS: Record<Exclude<Person, 'noRole'>, readonly Shot[]> = {
  staff: [
    { name: 'home', path: () => '/' },
    { name: 'home-320', path: () => '/', narrow: true },
    { name: 'projects', path: () => '/projects' },
    { name: 'project', path: (f) => `/projects/${f.namespace}` },
    { name: 'request-new', path: (f) => `/projects/${f.namespace}/requests/new` },
    { name: 'agency', path: () => '/agencies/so-khcn' },
    { name: 'project-findings', path: (f) => `/projects/${f.namespace}`, at: 'findings' },
    { name: 'usage', path: (f) => `/projects/${f.namespace}/usage` },
    { name: 'statements', path: () => '/statements' },
    { name: 'statement', path: (f) => `/statements/so-khcn/${f.month}` },
    { name: 'security', path: () => '/security' },
    { name: 'findings', path: () => '/security/findings' },
    { name: 'waiver-new', path: (f) => `/projects/${f.namespace}/waivers/new?check=GC-WL-01` },
    { name: 'backups', path: (f) => `/projects/${f.namespace}/backups` },
  ],
  operator: [
    { name: 'home', path: () => '/' },
    { name: 'queue', path: () => '/queue' },
    { name: 'queue-320', path: () => '/queue', narrow: true },
    { name: 'decide', path: (f) => `/requests/${f.submitted}/decide` },
    { name: 'pools', path: () => '/pools' },
    { name: 'provisioning', path: () => '/provisioning' },
  ],
  security: [
    { name: 'home', path: () => '/' },
    { name: 'security', path: () => '/security' },
    { name: 'sign-off', path: () => '/security/sign-off' },
    { name: 'audit', path: () => '/audit' },
  ],
  admin: [
    { name: 'home', path: () => '/' },
    { name: 'agencies', path: () => '/admin/agencies' },
    { name: 'policies', path: () => '/policies' },
  ],
}

let started: BrowserConsole
let fixtures: Fixtures

beforeAll(async () => {
  started = await startBrowserConsole()
  fixtures = await seededFixtures(started.database.db)
  await mkdir(FOLDER, { recursive: true })
})

afterAll(() => started?.stop())

async function take(page: Page, person: Person, shot: Shot): Promise<void> {
  const address = shot.path(fixtures)
  await page.setViewportSize(shot.narrow ? { width: 320, height: 900 } : { width: 1360, height: 900 })
  const response = await page.goto(`${started.server.url}${address}`)
  expect(response?.status(), `${address}\n${started.server.output().slice(-2000)}`).toBe(200)
  await page.waitForLoadState('networkidle')
  // The console's own page, not Keycloak's form after a lost session.
  expect(new URL(page.url()).origin, address).toBe(new URL(started.server.url).origin)
  // A 200 with the error boundary drawn is an error page all the same.
  expect(await page.locator('.error-page').count(), address).toBe(0)
  await expect.poll(() => page.locator('main h1').count(), { message: address }).toBeGreaterThan(0)
  if (shot.at) await page.locator(`#${shot.at}`).evaluate((section) => section.scrollIntoView({ block: 'start' }))
  await page.screenshot({ path: path.join(FOLDER, `${person}-${shot.name}.png`) })
}

describe('screenshots of each demo person’s main pages, for the guides', () => {
  for (const person of Object.keys(SHOTS) as (keyof typeof SHOTS)[]) {
    it(`${person} (${PEOPLE[person]})`, async () => {
      // Signed in through Keycloak's own form, as a person does (operators with their one-time code).
      const context = await started.browser.newContext({ locale: 'vi-VN', viewport: { width: 1360, height: 900 } })
      try {
        const page = await context.newPage()
        await page.goto(`${started.server.url}/`)
        await started.signIn(page, PEOPLE[person])
        await page.locator('main h1').first().waitFor()
        for (const shot of SHOTS[person]) await take(page, person, shot)
      } finally {
        await context.close()
      }
    })
  }
})
