import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localDateOf, nextLocalDate } from '#server/domain/local-calendar'
import { collectScriptErrors, startBrowserConsole, type BrowserConsole } from '../helpers/browser'

// An operator adds a version of the rate card in Chromium (issue 14, decision 0048): the card in
// force on the page, a first try dated today refused beside the date with every price typed
// kept, then the version saved from tomorrow and shown as scheduled; no script error on the way.

let started: BrowserConsole

beforeAll(async () => {
  started = await startBrowserConsole()
}, 300_000)
afterAll(() => started?.stop())

describe('the rate card in the browser', () => {
  it('takes a new version from an operator', { timeout: 120_000 }, async () => {
    const { browser, server } = started
    const context = await browser.newContext({ locale: 'vi-VN' })
    const page = await context.newPage()
    const errors = collectScriptErrors(page, 422)
    await page.goto(`${server.url}/rates`)
    await started.signIn(page, 'duc.dang')
    await page.locator('main h1', { hasText: 'Bảng giá tài nguyên' }).waitFor()
    const current = page.locator('section[data-card="2026-01-01"]')
    expect(await current.locator('tr[data-resource="memory"]').innerText()).toContain('42,5')

    const today = localDateOf(new Date())
    await page.getByLabel('Có hiệu lực từ ngày').fill(today)
    const cpu = page.getByLabel('Đơn giá (đồng): CPU')
    await cpu.fill('512,25')
    await page.getByRole('button', { name: 'Lưu phiên bản' }).click()
    await page.getByText(/phải sau hôm nay/).waitFor()
    expect(await cpu.inputValue()).toBe('512,25')

    const tomorrow = nextLocalDate(today)
    await page.getByLabel('Có hiệu lực từ ngày').fill(tomorrow)
    await page.getByRole('button', { name: 'Lưu phiên bản' }).click()
    await page.waitForURL(new RegExp(`/rates\\?added=${tomorrow}$`))
    await page.getByText(/Đã lưu phiên bản có hiệu lực từ/).waitFor()
    const scheduled = page.locator(`section[data-card="${tomorrow}"]`)
    expect(await scheduled.locator('tr[data-resource="cpu"]').innerText()).toContain('512,25')
    const stored = await started.database.db.rateCardVersion.findMany({ include: { prices: true } })
    expect(stored.map((v) => v.effectiveFrom.toISOString().slice(0, 10))).toEqual(['2026-01-01', tomorrow])
    expect(stored[1]?.prices.find((p) => p.resource === 'cpu')?.price).toBe(5_122_500n)
    expect(
      await started.database.db.auditEntry.count({ where: { action: 'rate_card.add', actorLabel: { not: 'seed' } } }),
    ).toBe(1)
    expect(errors).toEqual([])
    await context.close()
  })
})
