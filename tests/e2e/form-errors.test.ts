import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { catalogue } from '#server/i18n'
import { axeViolations, CONSOLE, describeViolations, signedInContext } from '../helpers/accessibility'
import { PEOPLE } from './pages-by-role'
import { seededBrowserForFile } from './seeded-browser'

// A refused form announces itself (decision 0068): the error summary at its top is an alert that
// takes the focus, links each refused field and moves the focus into it; each field is marked
// invalid and described by its own message; nothing typed is lost, with or without JavaScript.

const seeded = seededBrowserForFile()

const JUSTIFICATION = 'Ứng dụng cũ của Sở Khoa học và Công nghệ chưa khai báo được giới hạn tài nguyên.'

/** The waiver form with only its justification typed, sent with the keyboard (Enter on the button). */
async function sendHalfFilledWaiver(page: Page): Promise<void> {
  await page.goto(`${CONSOLE}/projects/${seeded.fixtures.namespace}/waivers/new?check=GC-WL-01`)
  await page.locator('textarea[name="justification"]').fill(JUSTIFICATION)
  await page.getByRole('button', { name: catalogue.vi['waiver.new.submit'] }).focus()
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.keyboard.press('Enter')])
}

/** What a field says of itself: invalid or not, and the text of what describes it. */
const describedBy = (page: Page, id: string) =>
  page.evaluate((fieldId) => {
    const field = document.getElementById(fieldId)
    const ids = field?.getAttribute('aria-describedby')?.split(' ') ?? []
    return {
      invalid: field?.getAttribute('aria-invalid'),
      description: ids.map((d) => document.getElementById(d)?.textContent ?? `(no #${d})`).join(' '),
    }
  }, id)

describe('a refused form', () => {
  it('puts the focus on an error summary that links each refused field, and keeps what was typed', async () => {
    const context = await signedInContext(seeded.browser, seeded.started.server, PEOPLE.staff)
    try {
      const page = await context.newPage()
      await sendHalfFilledWaiver(page)
      const summary = page.locator('.error-summary')
      await summary.waitFor()
      expect(await summary.getAttribute('role')).toBe('alert')
      await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toBe('error-summary')

      const links = summary.getByRole('link')
      const targets = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))
      expect(targets).toEqual(['#waiver-request-compensatingControl', '#waiver-request-expiresAt'])
      for (const target of targets) {
        const id = target!.slice(1)
        const field = await describedBy(page, id)
        expect(field.invalid, id).toBe('true')
        // The message beside the field is the one the summary links with.
        const message = await summary.locator(`a[href="#${id}"]`).innerText()
        expect(field.description).toContain(message)
      }
      expect((await describedBy(page, 'waiver-request-justification')).invalid).toBeNull()

      // Following a link with the keyboard puts the focus in its field.
      await links.nth(1).focus()
      await page.keyboard.press('Enter')
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('waiver-request-expiresAt')

      expect(await page.locator('textarea[name="justification"]').inputValue()).toBe(JUSTIFICATION)
      const found = describeViolations('refused waiver form', await axeViolations(page))
      expect(found, found.join('\n')).toEqual([])
    } finally {
      await context.close()
    }
  })

  it('keeps what was typed when the page is sent again without JavaScript', async () => {
    const context = await signedInContext(seeded.browser, seeded.started.server, PEOPLE.staff, { javaScript: false })
    try {
      const page = await context.newPage()
      await sendHalfFilledWaiver(page)
      await page.locator('.error-summary').waitFor()
      expect(await page.locator('textarea[name="justification"]').inputValue()).toBe(JUSTIFICATION)
      expect(await page.locator('.error-summary a').count()).toBe(2)
    } finally {
      await context.close()
    }
  })
})
