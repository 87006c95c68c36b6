import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserConsole, type BrowserConsole } from '../helpers/browser'

// The quota workflow as people do it, in Chromium against the built console, the real Keycloak
// and PostgreSQL: an agency user files a request, an operator approves part of it, a security
// officer signs off a level-3 system, and the agency user sees the decision and the new grant.

let started: BrowserConsole

beforeAll(async () => {
  started = await startBrowserConsole()
})

afterAll(() => started?.stop())

/** A fresh browser (no Keycloak session) signed in as `username`, on `path`. */
const as = async (username: string, path: string) => (await started.openAs(username, path)).page

// Amounts are written with a no-break space between number and unit (1,5\u00a0TiB); compare as plain text.
const main = async (page: Page) => (await page.locator('main').innerText()).replace(/\u00a0/g, ' ')
const PORTAL = 'Cổng thông tin điện tử Sở Khoa học và Công nghệ'

describe('the quota workflow in the browser', () => {
  let requestNumber: number

  it('an agency user files a request; bad amounts are refused with the reason and nothing is saved', async () => {
    const project = await started.database.db.project.findFirstOrThrow({
      where: { name: PORTAL },
      select: { namespace: true, id: true },
    })
    const page = await as('an.nguyen', `/projects/${project.namespace}`)
    await page.getByRole('link', { name: 'Tạo yêu cầu hạn mức' }).click()
    await page.locator('main h1', { hasText: 'Tạo yêu cầu hạn mức' }).waitFor()

    const before = await started.database.db.quotaRequest.count({ where: { projectId: project.id } })
    await page.getByLabel('CPU').fill('-4')
    await page.getByLabel('Lý do đề nghị').fill('Nâng cấp cổng thông tin theo Kế hoạch 196/KH-UBND')
    await page.getByRole('button', { name: 'Lưu và gửi' }).click()
    await page.getByText('Vui lòng sửa các lỗi bên dưới').waitFor()
    expect(await page.getByLabel('Lý do đề nghị').inputValue()).toBe(
      'Nâng cấp cổng thông tin theo Kế hoạch 196/KH-UBND',
    )
    expect(await started.database.db.quotaRequest.count({ where: { projectId: project.id } })).toBe(before)

    await page.getByLabel('CPU').fill('4')
    await page.getByLabel('Bộ nhớ (RAM)').fill('8 GiB')
    await page.getByRole('button', { name: 'Lưu và gửi' }).click()
    await page.waitForURL(/\/requests\/\d+$/)
    requestNumber = Number(new URL(page.url()).pathname.split('/').pop())
    await page.locator('main .breadcrumb', { hasText: 'Yêu cầu hạn mức' }).waitFor()
    expect(await main(page)).toContain('Đã gửi')
    const stored = await started.database.db.quotaRequest.findUniqueOrThrow({
      where: { number: requestNumber },
      include: { lines: true },
    })
    expect(stored.state).toBe('submitted')
    expect(stored.lines.map((l) => [l.resource, l.requested]).sort()).toEqual([
      ['cpu', 4000n],
      ['memory', 8n * 1024n ** 3n],
    ])
    await page.context().close()
  })

  it('an operator finds it in the queue and approves part of it', async () => {
    const page = await as('duc.dang', '/queue')
    await page.locator('main h1', { hasText: 'Hàng đợi phê duyệt' }).waitFor()
    await page.getByRole('link', { name: String(requestNumber), exact: true }).click()
    await page.locator('main h1', { hasText: 'Xử lý yêu cầu' }).waitFor()
    expect(await main(page)).toContain('Đủ') // the pools can hold it
    const decision = page.getByRole('form', { name: 'Quyết định của bạn' })
    await decision.getByLabel(/^CPU/).fill('2')
    // Returning needs a reason: refused beside the reason box, with what was typed kept.
    await decision.getByRole('button', { name: 'Trả lại để bổ sung' }).click()
    await decision.locator('#decision-reason-error').waitFor()
    expect(await decision.getByLabel(/^Lý do hoặc ghi chú/).getAttribute('aria-invalid')).toBe('true')
    expect(await decision.getByLabel(/^CPU/).inputValue()).toBe('2')
    expect(
      await started.database.db.quotaRequest.findUniqueOrThrow({ where: { number: requestNumber } }),
    ).toMatchObject({ state: 'submitted' })
    await decision.getByRole('button', { name: 'Phê duyệt' }).click()
    await page.waitForURL(new RegExp(`/requests/${requestNumber}$`))
    // The URL changes before the new page has rendered: wait for the request page itself.
    await page.locator('main .breadcrumb', { hasText: 'Yêu cầu hạn mức' }).waitFor()
    await page.locator('main', { hasText: 'Đã phê duyệt' }).waitFor()
    const text = await main(page)
    expect(text).toContain('Đã phê duyệt')
    expect(text).toContain('2 vCPU')
    await page.context().close()
  })

  it('a security officer signs off a level-3 system, which then becomes approved', async () => {
    const budget = await started.database.db.quotaRequest.findFirstOrThrow({
      where: { project: { name: 'Hệ thống quản lý ngân sách tỉnh' }, state: 'submitted' },
      select: { number: true },
    })
    const page = await as('huong.pham', `/requests/${budget.number}/decide`)
    await page.locator('main h1', { hasText: 'Xử lý yêu cầu' }).waitFor()
    expect(await main(page)).toContain('Cần ký duyệt của cán bộ an toàn thông tin: chưa ký')
    const decision = page.getByRole('form', { name: 'Quyết định của bạn' })
    // A security officer cannot approve as an operator: no such button for them.
    expect(await decision.getByRole('button', { name: 'Phê duyệt', exact: true }).count()).toBe(0)
    await decision.getByLabel(/^Lý do hoặc ghi chú/).fill('Hồ sơ đề xuất cấp độ 3 đã được phê duyệt')
    await decision.getByRole('button', { name: 'Ký duyệt an toàn thông tin' }).click()
    await page.waitForURL(new RegExp(`/requests/${budget.number}$`))
    await page.locator('main .breadcrumb', { hasText: 'Yêu cầu hạn mức' }).waitFor()
    await page.locator('main', { hasText: 'Đã phê duyệt' }).waitFor()
    expect(
      await started.database.db.quotaRequest.findUniqueOrThrow({ where: { number: budget.number } }),
    ).toMatchObject({
      state: 'approved',
    })
    await page.context().close()
  })

  it('the agency user sees the decision and the new grant of the project', async () => {
    const page = await as('an.nguyen', `/requests/${requestNumber}`)
    const text = await main(page)
    expect(text).toContain('Đã phê duyệt')
    expect(text).toContain('Đặng Minh Đức')
    await page.getByRole('link', { name: 'Xử lý yêu cầu' }).click()
    await page.locator('main h1', { hasText: 'Xử lý yêu cầu' }).waitFor()
    const headroom = page.locator('section', { has: page.getByRole('heading', { name: 'Hạn mức của dự án' }) })
    const cpuRow = headroom.getByRole('row', { name: /CPU/ })
    expect((await cpuRow.innerText()).replace(/\u00a0/g, ' ')).toMatch(/2 vCPU\s+4 vCPU/)
    await page.context().close()
  })
})
