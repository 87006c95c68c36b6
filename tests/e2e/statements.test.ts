import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collectScriptErrors, startBrowserConsole, type BrowserConsole } from '../helpers/browser'
import { CLOSED_MONTH, storeStatements, type StatementFixtures } from '../helpers/statements'

// Agency staff read their statement in Chromium (issue 14, decision 0048 "Statements"): from the
// header's "Bảng kê" to the list, October's statement with its lines in Vietnamese (diacritics,
// 1.234 grouping), its two versions and what the second changed; then the CSV downloaded, which
// starts with the byte order mark and keeps the project's Vietnamese name. No script error.

let started: BrowserConsole
let f: StatementFixtures

beforeAll(async () => {
  started = await startBrowserConsole()
  f = await storeStatements(started.database.db)
}, 300_000)
afterAll(() => started?.stop())

describe('the statements in the browser', () => {
  it("shows agency staff their agency's statement and downloads it as CSV", { timeout: 120_000 }, async () => {
    const { browser, server } = started
    const context = await browser.newContext({ locale: 'vi-VN', acceptDownloads: true })
    const page = await context.newPage()
    const errors = collectScriptErrors(page)
    await page.goto(`${server.url}/`)
    await started.signIn(page, 'an.nguyen')
    await page.getByText('Chi phí', { exact: true }).click() // the header's costs group
    await page.getByRole('link', { name: 'Bảng kê', exact: true }).click()
    await page.locator('main h1', { hasText: 'Bảng kê chi phí theo tháng' }).waitFor()
    const row = page.locator(`tr[data-statement="so-khcn/${CLOSED_MONTH}"]`)
    expect(await row.innerText()).toContain('483.492')
    expect(await page.locator('tr[data-statement^="so-tc/"]').count()).toBe(0)

    await row.getByRole('link').click()
    await page.locator('main h1', { hasText: 'Bảng kê tháng 10/2026: Sở Khoa học và Công nghệ' }).waitFor()
    const cpu = page.locator(`tr[data-line="${f.own.projectId}|cpu"]`)
    const text = await cpu.innerText()
    for (const shown of ['CPU', 'Lớn hơn giữa lượng yêu cầu và lượng dùng', '1.490,6', 'vCPU-giờ', '476.992'])
      expect(text).toContain(shown)
    await page.getByText('Tổng cộng: 483.492').waitFor()
    await page.getByText(/nửa đồng làm tròn lên/).waitFor()
    expect(await page.locator('tr[data-version]').count()).toBe(2)
    await page.getByRole('heading', { name: 'Thay đổi so với phiên bản 1' }).waitFor()
    await page.getByText('476.160 → 476.992').waitFor()

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV' }).click(),
    ])
    expect(download.suggestedFilename()).toBe(`bang-ke-so-khcn-${CLOSED_MONTH}-v2.csv`)
    const csv = await readFile(await download.path(), 'utf8')
    expect(csv.startsWith('\uFEFFDự án,Namespace,Tài nguyên,')).toBe(true)
    expect(csv).toContain(f.own.name)
    expect(csv).toContain('Tổng cộng')
    expect(errors).toEqual([])
    await context.close()
  })
})
