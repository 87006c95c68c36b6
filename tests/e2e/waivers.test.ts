import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordFindings } from '#server/security/findings'
import { collectScriptErrors, startBrowserConsole, type BrowserConsole } from '../helpers/browser'

// Agency staff ask for a waiver from the project page in Chromium (issue 13, decision 0041): the
// finding with what to do, "request a waiver", the form's refusal of an expiry beyond the limit
// beside its field, then the waiver's page; with no script error on the way (the CSP holds).

let started: BrowserConsole
let namespace: string

beforeAll(async () => {
  started = await startBrowserConsole()
  const db = started.database.db
  const project = await db.project.findFirstOrThrow({
    where: { agency: { code: 'so-khcn' } },
    select: { id: true, namespace: true, agencyId: true, securityLevel: true },
  })
  namespace = project.namespace
  await recordFindings(
    db,
    { checkIds: ['GC-WL-03'] },
    [
      {
        checkId: 'GC-WL-03',
        subject: { kind: 'Deployment', namespace, name: 'cong-thong-tin' },
        projectId: project.id,
        agencyId: project.agencyId,
        securityLevel: project.securityLevel,
        severity: 'medium',
        detail: { image: 'nginx:latest' },
      },
    ],
    new Date(),
  )
}, 300_000)
afterAll(() => started?.stop())

describe('a waiver in the browser', () => {
  it('is requested by agency staff from the project page', { timeout: 120_000 }, async () => {
    const { browser, server } = started
    const context = await browser.newContext({ locale: 'vi-VN' })
    const page = await context.newPage()
    const errors = collectScriptErrors(page, 422)
    await page.goto(`${server.url}/projects/${namespace}`)
    await started.signIn(page, 'an.nguyen')
    const findings = page.locator('section', { has: page.locator('h2#findings') })
    await findings.waitFor()
    const row = findings.locator('tr[data-status]', { hasText: 'cong-thong-tin' })
    expect(await row.innerText()).toContain('GC-WL-03')
    await row.getByRole('link', { name: 'Xin miễn trừ' }).click()
    await page.locator('main h1', { hasText: 'Xin miễn trừ kiểm tra an toàn' }).waitFor()

    await page
      .getByLabel('Lý do cần miễn trừ')
      .fill('Ứng dụng của nhà thầu chỉ phát hành thẻ latest; đã yêu cầu bản cố định.')
    await page.getByLabel('Biện pháp bù đắp').fill('Chỉ kéo image đã quét từ kho nội bộ; rà soát hằng tuần.')
    const expiry = page.getByLabel('Hết hạn vào ngày')
    const far = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10)
    await expiry.fill(far)
    await page.getByRole('button', { name: 'Gửi đề nghị miễn trừ' }).click()
    // The refusal is said at the field and linked from the form's error summary (decision 0068).
    await page
      .locator('#waiver-request-expiresAt-error')
      .getByText(/tối đa 365 ngày \(đến/)
      .waitFor()
    await page.getByRole('link', { name: /tối đa 365 ngày \(đến/ }).waitFor()

    const soon = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10)
    await expiry.fill(soon)
    await page.getByRole('button', { name: 'Gửi đề nghị miễn trừ' }).click()
    await page.waitForURL(/\/waivers\/\d+\?done=request$/)
    await page.getByText('Đã gửi đề nghị miễn trừ; cán bộ an toàn thông tin sẽ xem xét.').waitFor()
    expect(await page.locator('main').innerText()).toContain('Chờ quyết định')
    expect(await started.database.db.securityWaiver.count({ where: { state: 'requested' } })).toBe(1)
    expect(errors).toEqual([])
    await context.close()
  })
})
