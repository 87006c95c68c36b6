import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordFindings, type Observation } from '#server/security/findings'
import { startBrowserConsole, type BrowserConsole } from '../helpers/browser'

// A security officer in the workspace in Chromium (issue 13, decision 0043): the dashboard from
// the header's "Bảo mật", the findings list through the sub-navigation, a filter (a plain GET
// form), then the same search as CSV downloaded with Vietnamese names intact; with no script
// error on the way (the CSP holds: the trend chart is SVG with no inline style or script).

let started: BrowserConsole

beforeAll(async () => {
  started = await startBrowserConsole()
  const db = started.database.db
  const projects = await db.project.findMany({
    where: { agency: { code: { in: ['so-khcn', 'so-tc'] } } },
    select: { id: true, namespace: true, agencyId: true, securityLevel: true },
  })
  const observations: Observation[] = projects.map((project, i) => ({
    checkId: 'GC-WL-01',
    subject: { kind: 'Deployment', namespace: project.namespace, name: `ung-dung-${i}` },
    projectId: project.id,
    agencyId: project.agencyId,
    securityLevel: project.securityLevel,
    severity: i === 0 ? 'high' : 'medium',
    detail: {},
  }))
  await recordFindings(db, { checkIds: ['GC-WL-01'] }, observations, new Date())
}, 300_000)
afterAll(() => started?.stop())

describe('the security workspace in the browser', () => {
  it('is used by a security officer to filter findings and download them as CSV', { timeout: 120_000 }, async () => {
    const { browser, server } = started
    const context = await browser.newContext({ locale: 'vi-VN', acceptDownloads: true })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    await page.goto(`${server.url}/`)
    await started.signIn(page, 'huong.pham')
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Bảo mật' }).click()
    await page.locator('main h1', { hasText: 'Tổng quan bảo mật' }).waitFor()
    expect(await page.getByTestId('trend-chart').count()).toBe(1)
    expect(await page.locator('main').innerText()).toContain('Sở Tài chính')

    const subNav = page.getByRole('navigation', { name: 'Các trang bảo mật' })
    await subNav.getByRole('link', { name: 'Phát hiện' }).click()
    await page.locator('main h1', { hasText: 'Phát hiện an toàn thông tin' }).waitFor()
    const rows = page.locator('main table tbody tr')
    const all = await rows.count()
    expect(all).toBeGreaterThan(1)

    await page.getByLabel('Mức độ').selectOption('high')
    await page.getByRole('button', { name: 'Lọc', exact: true }).click()
    await page.waitForURL(/severity=high/)
    await expect.poll(() => rows.count()).toBe(1)
    expect(await rows.first().innerText()).toContain('ung-dung-0')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Tải CSV/ }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^phat-hien-an-toan-\d{4}-\d\d-\d\d\.csv$/)
    const bytes = readFileSync(await download.path())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toContain('Mức độ')
    expect(lines[1]).toContain('ung-dung-0')
    expect(lines[1]).toMatch(/Sở (Khoa học và Công nghệ|Tài chính)/)
    expect(errors).toEqual([])
    await context.close()
  })
})
