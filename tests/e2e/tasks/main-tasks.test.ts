import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserConsole, type BrowserConsole } from '../../helpers/browser'
import { mainText, startTaskWalk, untilHydrated } from './task-walk'

// Each role's main task (issue 17), walked in Chromium against the built console, the real
// Keycloak and PostgreSQL, from the home page each person lands on after signing in. Every walk
// counts the pages loaded and the fields filled and asserts them, so a page that makes a task
// longer fails here; docs/usability.md keeps the counts before and after decision 0067.

let started: BrowserConsole

beforeAll(async () => {
  started = await startBrowserConsole()
})

afterAll(() => started?.stop())

/** A fresh browser signed in as `username`, on the home page. */
async function atHome(username: string): Promise<Page> {
  const context = await started.browser.newContext({ locale: 'vi-VN', viewport: { width: 1360, height: 900 } })
  const page = await context.newPage()
  await page.goto(`${started.server.url}/`)
  await started.signIn(page, username)
  await page.locator('main h1').first().waitFor()
  await untilHydrated(page)
  return page
}

const RESEARCH = 'Hệ thống quản lý đề tài khoa học'
const BUDGET = 'Hệ thống quản lý ngân sách tỉnh'
// The headings of the pages the walks land on.
const NEW_REQUEST = 'Tạo yêu cầu hạn mức'
const REQUEST = /^Yêu cầu số \d+$/
const QUEUE = 'Hàng đợi phê duyệt'
const DECIDE = 'Xử lý yêu cầu'

/** What a reviewer needs before deciding the seeded level-3 budget request (prisma/demo). */
const BUDGET_FACTS = [BUDGET, 'Sở Tài chính', 'Nâng cấp phân hệ lập dự toán năm 2027', 'Đặng Minh Đức']

describe('each role’s main task, counted', () => {
  it('agency staff ask for more for a system from the home page, then see where the request stands', async () => {
    const page = await atHome('an.nguyen')
    const walk = startTaskWalk(page)
    const header = page.getByRole('banner')

    // The home page lists the agency's own systems, each with its way to ask for more.
    const systems = page.locator('section', { has: page.getByRole('heading', { name: 'Hệ thống của cơ quan bạn' }) })
    expect(await systems.innerText()).toContain(RESEARCH)
    expect(await systems.innerText()).not.toContain(BUDGET)
    await walk.follow(
      systems.getByRole('link', { name: `Yêu cầu thêm cho ${RESEARCH}` }),
      /\/requests\/new\?kind=increase$/,
      NEW_REQUEST,
    )
    expect(await page.locator('select[name="kind"]').inputValue()).toBe('increase')
    await walk.fill(page.getByLabel('CPU'), '2')
    await walk.fill(page.getByLabel('Lý do đề nghị'), 'Thêm CPU cho đợt xét duyệt đề tài năm 2027')
    await walk.follow(page.getByRole('button', { name: 'Lưu và gửi' }), /\/requests\/\d+$/, REQUEST)
    const number = Number(new URL(page.url()).pathname.split('/').pop())
    await page.locator('main', { hasText: 'Đã gửi' }).waitFor()

    // Later, from the home page: where does it stand?
    await walk.follow(header.getByRole('link', { name: 'Cổng điều hành đám mây tỉnh Lạng Sơn' }), /\/$/, /^Tổng quan$/)
    const open = page.locator('section', { has: page.getByRole('heading', { name: 'Yêu cầu đang xử lý' }) })
    const row = open.locator('tr', { has: page.getByRole('link', { name: `#${number}`, exact: true }) })
    expect(await row.innerText()).toContain('Đã gửi')

    const stored = await started.database.db.quotaRequest.findUniqueOrThrow({ where: { number } })
    expect(stored).toMatchObject({ state: 'submitted', kind: 'increase' })
    walk.expectCounts('agency', { pageLoads: 3, fields: 2 })
    await page.context().close()
  })

  it('an operator decides the oldest waiting request with what they need to judge it', async () => {
    const page = await atHome('tuan.be')
    const walk = startTaskWalk(page)
    const header = page.getByRole('banner')
    let seen = ''

    await walk.follow(header.getByRole('link', { name: 'Phê duyệt', exact: true }), /\/queue$/, QUEUE)
    const oldest = page.locator('main tbody tr').first()
    expect(await oldest.innerText()).toContain(BUDGET)
    await walk.follow(oldest.getByRole('link').first(), /\/requests\/\d+\/decide$/, DECIDE)
    // Everything needed to judge it is on the decide page itself.
    seen += await mainText(page)
    const decision = page.getByRole('form', { name: 'Quyết định của bạn' })
    await walk.follow(decision.getByRole('button', { name: 'Phê duyệt' }), /\/requests\/\d+$/, REQUEST)
    await page.locator('main', { hasText: 'Bế Văn Tuấn' }).waitFor()
    for (const fact of [...BUDGET_FACTS, 'Cấp độ an toàn', 'Xử lý dữ liệu cá nhân']) expect(seen).toContain(fact)
    const votes = await started.database.db.requestVote.count({
      where: { request: { project: { name: BUDGET } }, kind: 'approve', discardedAt: null },
    })
    expect(votes).toBe(2)
    walk.expectCounts('operator', { pageLoads: 3, fields: 0 })
    await page.context().close()
  })

  it('a security officer signs off a level-3 request', async () => {
    const page = await atHome('huong.pham')
    const walk = startTaskWalk(page)
    let seen = ''

    const waiting = page.locator('section', { has: page.getByRole('heading', { name: 'Chờ bạn ký duyệt' }) })
    const row = waiting.locator('tbody tr', { hasText: BUDGET })
    await walk.follow(row.getByRole('link', { name: 'Xem và ký duyệt' }), /\/decide$/, DECIDE)
    seen += await mainText(page)
    const decision = page.getByRole('form', { name: 'Quyết định của bạn' })
    await walk.follow(decision.getByRole('button', { name: 'Ký duyệt an toàn thông tin' }), /\/requests\/\d+$/, REQUEST)
    await page.locator('main', { hasText: 'Đã phê duyệt' }).waitFor()
    for (const fact of [...BUDGET_FACTS, 'Cấp độ an toàn', 'Xử lý dữ liệu cá nhân']) expect(seen).toContain(fact)
    const budget = await started.database.db.quotaRequest.findFirstOrThrow({ where: { project: { name: BUDGET } } })
    expect(budget.state).toBe('approved')
    walk.expectCounts('security officer', { pageLoads: 2, fields: 0 })
    await page.context().close()
  })
})
