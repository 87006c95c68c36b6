import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { catalogue } from '#server/i18n'
import { CONSOLE, signedInContext } from '../helpers/accessibility'
import { PEOPLE } from './pages-by-role'
import { seededBrowserForFile } from './seeded-browser'

// The keyboard alone (decisions 0068, 0081): the skip link first, then each role's main task (agency
// staff's quota increase from the home page, an operator deciding the oldest waiting request, a
// security officer signing off a level-3 one) done with Tab, Shift+Tab, arrows, typing, Enter and
// Space; no mouse, no click(). At every stop the focus must be seen: the focused element has the
// console's focus ring (an outline and the dark ring outside it). After each new page the focus
// starts on its heading; after a refused decision, on the error summary, which is an alert.

const seeded = seededBrowserForFile()

type Focused = { tag: string; href: string | null; name: string | null; text: string; ring: boolean }

/** What has the focus, and whether its focus ring is drawn. */
const focused = (page: Page): Promise<Focused> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    const style = el ? getComputedStyle(el) : null
    const outline = style !== null && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
    const ring = outline || (style !== null && style.boxShadow !== 'none')
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      href: el?.getAttribute('href') ?? null,
      name: el?.getAttribute('name') ?? null,
      text: (el?.innerText ?? '').trim(),
      ring,
    }
  })

/** Presses Tab (or Shift+Tab) until `wanted` has the focus; every stop on the way must show its focus. */
async function tabTo(page: Page, wanted: (f: Focused) => boolean, what: string, key = 'Tab'): Promise<void> {
  for (let stops = 0; stops < 120; stops++) {
    await page.keyboard.press(key)
    const now = await focused(page)
    if (now.tag !== 'body') expect(now.ring, `focus not visible on ${JSON.stringify(now)}`).toBe(true)
    if (wanted(now)) return
  }
  throw new Error(`never reached ${what} with ${key}`)
}

/**
 * Enter on the focused link (or button), and the page it opens: the focus then starts on the new
 * page's heading, ringed (decision 0081), not on the link left behind.
 */
async function follow(page: Page, path: RegExp): Promise<void> {
  await Promise.all([page.waitForURL(path), page.keyboard.press('Enter')])
  await page.waitForLoadState('networkidle')
  await page.waitForFunction(() => document.activeElement?.matches('main h1'), undefined, { timeout: 10_000 })
  expect(await focused(page)).toMatchObject({ tag: 'h1', ring: true })
}

/** A fresh profile signed in as `username` on the home page, hydrated before the first key (a link followed earlier loads a whole document instead). */
async function atHome(username: string): Promise<Page> {
  const context = await signedInContext(seeded.browser, seeded.started.server, username)
  const page = await context.newPage()
  await page.goto(`${CONSOLE}/`)
  await page.waitForLoadState('networkidle')
  return page
}

describe('the keyboard alone', () => {
  it('skips to the main content, and agency staff ask for more quota from the home page', async () => {
    const page = await atHome(PEOPLE.staff)
    try {
      await page.keyboard.press('Tab')
      const skip = await focused(page)
      expect(skip).toMatchObject({ href: '#main', text: catalogue.vi['app.skipToContent'], ring: true })
      await page.keyboard.press('Enter')
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main')

      const project = `/projects/${seeded.fixtures.namespace}`
      // From the main content back up to the navigation, then down again to the system.
      await tabTo(page, (f) => f.href === '/projects', 'the navigation link to the projects', 'Shift+Tab')
      await follow(page, /\/projects$/)
      await tabTo(page, (f) => f.href === project, 'the system in the list')
      await follow(page, new RegExp(`${project}$`))
      await tabTo(page, (f) => f.href === `${project}/requests/new`, 'the link to a new request')
      await follow(page, /\/requests\/new$/)

      await tabTo(page, (f) => f.name === 'kind', 'the kind of request')
      await page.keyboard.press('ArrowDown') // new → increase
      expect(await page.locator('select[name="kind"]').inputValue()).toBe('increase')
      await tabTo(page, (f) => f.tag === 'input' && (f.name ?? '').endsWith('.amount'), 'the first amount')
      await page.keyboard.type('2')
      await tabTo(page, (f) => f.name === 'justification', 'the justification')
      await page.keyboard.type('Tăng vCPU cho đợt nộp đề tài khoa học cuối năm.')
      await tabTo(page, (f) => f.text === catalogue.vi['workflow.form.submit'], 'the submit button')
      await follow(page, /\/requests\/\d+$/)
      // The address changes before React has put the new page in place: wait for the request's
      // text (a textarea's value is not text, so the form does not match) rather than read the main
      // content at once: in the whole suite it was still the form.
      await page.locator('main').getByText('Tăng vCPU cho đợt nộp đề tài khoa học cuối năm.').waitFor()
    } finally {
      await page.context().close()
    }
  })

  it('an operator decides the oldest waiting request, and hears a refusal first', async () => {
    const page = await atHome('tuan.be')
    try {
      await tabTo(page, (f) => f.href === '/queue', 'the approval queue in the header')
      await follow(page, /\/queue$/)
      // The queue lists the oldest first: the first request to decide in the Tab order is it.
      await tabTo(page, (f) => /^\/requests\/\d+\/decide$/.test(f.href ?? ''), 'the oldest request')
      await follow(page, /\/requests\/\d+\/decide$/)
      expect(await page.locator('main').innerText()).toContain(BUDGET)
      await refusedThenCorrected(page, 'workflow.action.return')
      await tabTo(page, (f) => f.text === catalogue.vi['workflow.action.approve'], 'the approve button')
      await follow(page, /\/requests\/\d+$/)
      await page.locator('main', { hasText: 'Bế Văn Tuấn' }).waitFor()
    } finally {
      await page.context().close()
    }
  })

  it('a security officer signs off a level-3 request from the home page', async () => {
    const page = await atHome(PEOPLE.security)
    try {
      // The home page lists what waits for their sign-off; the budget system's request is level 3.
      const budget = await seeded.started.database.db.quotaRequest.findFirstOrThrow({
        where: { project: { name: BUDGET }, state: 'submitted' },
      })
      await tabTo(page, (f) => f.href === `/requests/${budget.number}/decide`, 'the budget request to sign off')
      await follow(page, /\/requests\/\d+\/decide$/)
      expect(await page.locator('main').innerText()).toContain(BUDGET)
      await refusedThenCorrected(page, 'workflow.action.reject')
      // Space presses a button as Enter does.
      await tabTo(page, (f) => f.text === catalogue.vi['workflow.action.sign_off'], 'the sign-off button')
      await Promise.all([page.waitForURL(/\/requests\/\d+$/), page.keyboard.press('Space')])
      await page.waitForFunction(() => document.activeElement?.matches('main h1'))
      await page.locator('main', { hasText: 'Đã phê duyệt' }).waitFor()
      const decided = await seeded.started.database.db.quotaRequest.findUniqueOrThrow({ where: { id: budget.id } })
      expect(decided.state).toBe('approved')
    } finally {
      await page.context().close()
    }
  })
})

const BUDGET = 'Hệ thống quản lý ngân sách tỉnh'

/**
 * On the decide page: `action` (one that needs a reason) pressed with the reason left empty is
 * refused; the error summary takes the focus, ringed, and is an alert that says what is wrong; its
 * link leads into the reason box, where the reviewer writes a note before deciding.
 */
async function refusedThenCorrected(page: Page, action: 'workflow.action.return' | 'workflow.action.reject') {
  await tabTo(page, (f) => f.text === catalogue.vi[action], `the button ${catalogue.vi[action]}`)
  await page.keyboard.press('Enter')
  await page.waitForFunction(() => document.activeElement?.closest('[role="alert"]') !== null)
  const summary = await page.evaluate(() => {
    const alert = document.activeElement?.closest('[role="alert"]')
    return { text: (alert as HTMLElement | null)?.innerText ?? '', links: alert?.querySelectorAll('a').length ?? 0 }
  })
  expect(summary.text).toContain(catalogue.vi['form.errorSummary.title'])
  expect(summary.links).toBeGreaterThan(0)
  expect((await focused(page)).ring).toBe(true)
  await tabTo(page, (f) => f.tag === 'a' && (f.href ?? '').endsWith('-reason'), 'the summary’s link to the reason')
  await page.keyboard.press('Enter')
  expect(await focused(page)).toMatchObject({ tag: 'textarea', name: 'reason', ring: true })
  await page.keyboard.type('Đã xem đủ hồ sơ.')
}
