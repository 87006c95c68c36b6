import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserConsole, type BrowserConsole } from '../helpers/browser'

// An information system's life before its quotas (issue 15, decision 0055), in Chromium against
// the built console, the real Keycloak and PostgreSQL: agency staff register it (a level without
// its document comes back at its field, what was typed kept), a security officer confirms the
// level from the workspace's queue, and the staff then request a quota for it. No script error.

let started: BrowserConsole
const NAME = 'Cổng tra cứu kết quả khoa học Đồng Đăng'
const NS = 'so-khcn-cong-tra-cuu-ket-qua-khoa-hoc-dong-dang'

beforeAll(async () => {
  started = await startBrowserConsole()
}, 300_000)
afterAll(() => started?.stop())

const as = (username: string, path: string) => started.openAs(username, path)

// By name: a label that wraps a select also names the option chosen, so exact labels do not match.
const field = (page: Page, name: string) => page.locator(`main [name="${name}"]`)

describe('registering, reviewing and then requesting', () => {
  it(
    'agency staff register a system; without its document the form keeps what was typed',
    { timeout: 120_000 },
    async () => {
      const { page, errors } = await as('an.nguyen', '/')
      await page.getByRole('link', { name: 'Hệ thống thông tin', exact: true }).click()
      await page.locator('main h1', { hasText: 'Hệ thống thông tin' }).waitFor()
      await field(page, 'agencyCode').selectOption('so-khcn')
      await field(page, 'name').fill(NAME)
      await field(page, 'purpose').fill('Công bố kết quả đề tài khoa học cho người dân')
      await field(page, 'securityLevel').selectOption('2')
      await field(page, 'ownerName').fill('Sở Khoa học và Công nghệ')
      await field(page, 'contactName').fill('Nguyễn Văn An')
      await field(page, 'contactEmail').fill('an.nguyen@skhcn.langson.gov.vn')
      await page.getByRole('button', { name: 'Gửi đăng ký' }).click()
      await page.getByText('Cấp độ đề xuất phải kèm văn bản phê duyệt').first().waitFor()
      expect(await field(page, 'name').inputValue()).toBe(NAME)

      await field(page, 'documentNumber').fill('15/QĐ-SKHCN')
      await field(page, 'documentDate').fill('2026-11-30')
      await field(page, 'documentIssuer').fill('Sở Khoa học và Công nghệ')
      await page.getByRole('button', { name: 'Gửi đăng ký' }).click()
      await page.waitForURL(new RegExp(`/systems/${NS}\\?registered=1$`))
      await page.locator('main h1', { hasText: NAME }).waitFor()
      expect(await page.locator('main').innerText()).toContain('Chờ thẩm định')
      expect(await page.getByRole('link', { name: 'Yêu cầu hạn mức cho hệ thống' }).count()).toBe(0)
      // The refused form answers 422, which the browser logs; nothing else may be logged.
      expect(
        errors.filter((e) => !e.includes('status of 422')),
        errors.join('\n'),
      ).toEqual([])
      await page.context().close()
    },
  )

  it('a security officer confirms the level from the queue', { timeout: 120_000 }, async () => {
    const { page, errors } = await as('huong.pham', '/security')
    await page.getByRole('link', { name: 'Thẩm định hệ thống' }).click()
    await page.locator('main h1', { hasText: 'Đăng ký chờ thẩm định' }).waitFor()
    await page.locator(`tr[data-system="${NS}"]`).getByRole('link', { name: 'Thẩm định' }).click()
    await page.locator('main h1', { hasText: NAME }).waitFor()
    expect(await page.locator('main').innerText()).toContain('Văn bản 15/QĐ-SKHCN, ngày 30/11/2026')
    await field(page, 'outcome').selectOption('confirm')
    await page.getByRole('button', { name: 'Ghi quyết định' }).click()
    await page.getByText('Đã ghi quyết định thẩm định.').waitFor()
    expect(await page.locator(`tr[data-system="${NS}"]`).count()).toBe(0)
    expect(errors, errors.join('\n')).toEqual([])
    await page.context().close()
  })

  it('the agency staff then request a quota for it', { timeout: 120_000 }, async () => {
    const { page, errors } = await as('an.nguyen', `/systems/${NS}`)
    expect(await page.getByTestId('level-in-force').innerText()).toBe('2')
    // The request form's own warnings are not this page's (its hidden inputs, see the report).
    expect(errors, errors.join('\n')).toEqual([])
    await page.getByRole('link', { name: 'Yêu cầu hạn mức cho hệ thống' }).click()
    await page.locator('main h1', { hasText: 'Tạo yêu cầu hạn mức' }).waitFor()
    await page.getByLabel('CPU').fill('2')
    await page.getByLabel('Lý do đề nghị').fill('Vận hành cổng tra cứu')
    await page.getByRole('button', { name: 'Lưu và gửi' }).click()
    await page.waitForURL(/\/requests\/\d+$/)
    const project = await started.database.db.project.findUniqueOrThrow({ where: { namespace: NS } })
    const stored = await started.database.db.quotaRequest.findFirstOrThrow({ where: { projectId: project.id } })
    expect(stored.state).toBe('submitted')
    await page.context().close()
  })
})
