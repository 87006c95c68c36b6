import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerSystem, reviewSystem } from '#server/systems/store'
import { axeViolations, describeViolations } from '../helpers/accessibility'
import { startBrowserConsole, type BrowserConsole } from '../helpers/browser'
import { makeUser } from '../helpers/fixtures'

// Editing a registration and re-reviewing a confirmed level (issue 15, decision 0084), in Chromium
// against the built console, the real Keycloak and PostgreSQL: agency staff edit their pending
// registration from its page (the form filled with what was registered), the officer confirms it,
// the staff propose a higher level for the confirmed system (the confirmed one stays in force),
// and a security officer confirms the change from the workspace's queue. No script error.

let started: BrowserConsole
// Who registered and who confirmed, before the browser's people: people the console knows (notices go to them).
let registrar = ''
let officer = ''
const NAME = 'Hệ thống quản lý hồ sơ sở hữu trí tuệ Đồng Đăng'
const NS = 'so-khcn-he-thong-quan-ly-ho-so-so-huu-tri-tue-dong-dang'

beforeAll(async () => {
  started = await startBrowserConsole()
  registrar = await makeUser(started.database.db, 'Nguyễn Văn An')
  officer = await makeUser(started.database.db, 'Cán bộ thẩm định')
  // Registered as the agency would have (the registering itself is tests/e2e/systems.test.ts's).
  const registered = await registerSystem(
    started.database.db,
    {
      agencyCode: 'so-khcn',
      name: NAME,
      purpose: 'Quản lý hồ sơ đăng ký sở hữu trí tuệ',
      securityLevel: 2,
      documentNumber: '21/QĐ-SKHCN',
      documentDate: '2026-11-25',
      documentIssuer: 'Sở Khoa học và Công nghệ',
      processesPersonalData: false,
      ownerName: 'Sở Khoa học và Công nghệ',
      contact: { name: 'Nguyễn Văn An', email: 'an.nguyen@skhcn.langson.gov.vn', phone: '' },
    },
    { actor: { id: registrar, label: 'Nguyễn Văn An' } },
  )
  expect(registered.ok && registered.value.namespace).toBe(NS)
}, 300_000)
afterAll(() => started?.stop())

const as = (username: string, path: string) => started.openAs(username, path)

const field = (page: Page, name: string) => page.locator(`main [name="${name}"]`)
/** The new forms meet WCAG 2.1 AA as the accessibility walk checks every page (decision 0068). */
const accessible = async (page: Page, what: string) =>
  expect(describeViolations(what, await axeViolations(page))).toEqual([])
const system = () => started.database.db.project.findUniqueOrThrow({ where: { namespace: NS } })

describe('editing a registration, then re-reviewing its confirmed level', () => {
  it('agency staff edit the pending registration in the same form, filled', { timeout: 120_000 }, async () => {
    const { page, errors } = await as('an.nguyen', `/systems/${NS}`)
    await page.locator('main h1', { hasText: NAME }).waitFor()
    await page.getByRole('link', { name: 'Sửa đăng ký' }).click()
    await page.locator('main h1', { hasText: `Sửa đăng ký: ${NAME}` }).waitFor()
    expect(await field(page, 'name').inputValue()).toBe(NAME)
    expect(await field(page, 'documentNumber').inputValue()).toBe('21/QĐ-SKHCN')
    await accessible(page, 'the edit form')
    await field(page, 'purpose').fill('Quản lý hồ sơ sở hữu trí tuệ và sáng kiến cấp tỉnh')
    await field(page, 'ownerName').fill('Phòng Quản lý khoa học, Sở Khoa học và Công nghệ')
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click()
    await page.waitForURL(new RegExp(`/systems/${NS}\\?edited=1$`))
    await page.getByText('Đã lưu thay đổi của đăng ký.').waitFor()
    expect(await page.locator('main').innerText()).toContain('Phòng Quản lý khoa học, Sở Khoa học và Công nghệ')
    expect(await system()).toMatchObject({
      description: 'Quản lý hồ sơ sở hữu trí tuệ và sáng kiến cấp tỉnh',
      registrationState: 'pending',
      registrationVersion: 2,
    })
    expect(errors, errors.join('\n')).toEqual([])
    await page.context().close()
  })

  it(
    'once confirmed, the staff propose a higher level; the confirmed one stays in force',
    { timeout: 120_000 },
    async () => {
      const confirmed = await reviewSystem(
        started.database.db,
        NS,
        { outcome: 'confirm', version: 2 },
        { actor: { id: officer, label: 'Cán bộ thẩm định' } },
      )
      expect(confirmed.ok).toBe(true)
      const { page, errors } = await as('an.nguyen', `/systems/${NS}`)
      await page.locator('main h2', { hasText: 'Đề nghị thay đổi cấp độ' }).waitFor()
      expect(await page.getByRole('link', { name: 'Sửa đăng ký' }).count()).toBe(0)
      await accessible(page, 'the proposal of a new level')
      await field(page, 'securityLevel').selectOption('3')
      await field(page, 'documentNumber').fill('30/QĐ-UBND')
      await field(page, 'documentDate').fill('2026-12-02')
      await field(page, 'documentIssuer').fill('Ủy ban nhân dân tỉnh Lạng Sơn')
      await page.getByRole('button', { name: 'Gửi đề nghị thay đổi cấp độ' }).click()
      await page.waitForURL(new RegExp(`/systems/${NS}\\?levelChange=1$`))
      await page.getByTestId('level-review').waitFor()
      expect(await page.getByTestId('level-in-force').innerText()).toBe('2')
      expect(await system()).toMatchObject({ securityLevel: 2, levelReview: 'proposed' })
      expect(errors, errors.join('\n')).toEqual([])
      await page.context().close()
    },
  )

  it('a security officer confirms the change from the queue', { timeout: 120_000 }, async () => {
    const { page, errors } = await as('huong.pham', '/security')
    await page.getByRole('link', { name: 'Thẩm định hệ thống' }).click()
    await page.locator('main h1', { hasText: 'Đăng ký chờ thẩm định' }).waitFor()
    const row = page.locator(`tr[data-system="${NS}"]`)
    expect(await row.innerText()).toContain('Thay đổi cấp độ')
    await row.getByRole('link', { name: 'Thẩm định' }).click()
    await page.locator('main h2', { hasText: 'Quyết định về việc thay đổi cấp độ' }).waitFor()
    expect(await page.getByTestId('level-change').innerText()).toBe('Cơ quan đề nghị đổi từ cấp độ 2 sang cấp độ 3.')
    expect(await page.locator('main').innerText()).toContain('Văn bản 30/QĐ-UBND, ngày 02/12/2026')
    await accessible(page, 'the decision on a change of level')
    await field(page, 'outcome').selectOption('confirm')
    await page.getByRole('button', { name: 'Ghi quyết định' }).click()
    await page.getByText('Đã ghi quyết định về cấp độ.').waitFor()
    expect(await page.locator(`tr[data-system="${NS}"]`).count()).toBe(0)
    expect(await system()).toMatchObject({ securityLevel: 3, levelReview: null })
    expect(errors, errors.join('\n')).toEqual([])
    await page.context().close()
  })
})
