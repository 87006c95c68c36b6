import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collectScriptErrors, startBrowserConsole, type BrowserConsole } from '../helpers/browser'

// Closing an information system (issue 15, decisions 0058, 0075), in Chromium against the built
// console, the real Keycloak and PostgreSQL: so-khcn's staff ask to close their system from its
// page (a blank reason comes back at its field), the operator told of it opens the notice, reads the
// request and approves it; the staff then see the system closing and the decision. What is stored
// follows each step: the closing request, the revoked grant, the last backup's job.

let started: BrowserConsole
let project: { id: string; name: string; namespace: string }
let grantId: string
let operator: Page
const REASON = 'Hệ thống được thay thế bằng Cổng dữ liệu mở tỉnh Lạng Sơn'

beforeAll(async () => {
  started = await startBrowserConsole()
  const grant = await started.database.db.quotaRequest.findFirstOrThrow({
    where: { agency: { code: 'so-khcn' }, kind: 'new', state: 'active' },
    select: { id: true, project: { select: { id: true, name: true, namespace: true } } },
  })
  project = grant.project
  grantId = grant.id
}, 300_000)
afterAll(() => started?.stop())

const as = (username: string, path: string) => started.openAs(username, path, 422)

const db = () => started.database.db
const closingPath = () => `/projects/${project.namespace}/closing`

describe('closing a system', () => {
  it('an operator signed in has nothing of it in the queue yet', { timeout: 120_000 }, async () => {
    const { page, errors } = await as('duc.dang', '/queue')
    operator = page
    await page.locator('main h1', { hasText: 'Hàng đợi phê duyệt' }).waitFor()
    expect(await page.locator('tr[data-closure]').count()).toBe(0)
    expect(errors, errors.join('\n')).toEqual([])
  })

  it(
    'agency staff ask to close it from its page; a blank reason is refused at its field',
    { timeout: 120_000 },
    async () => {
      const { page, errors } = await as('an.nguyen', `/projects/${project.namespace}`)
      await page.getByRole('link', { name: 'Đóng hệ thống', exact: true }).click()
      await page.locator('main h1', { hasText: `Đóng hệ thống: ${project.name}` }).waitFor()
      expect(await page.locator('main [data-life]').innerText()).toBe('Đang hoạt động')
      // Operators' decision is not offered to the agency.
      expect(await page.getByRole('button', { name: 'Duyệt và đóng hệ thống' }).count()).toBe(0)

      await page.getByRole('button', { name: 'Gửi yêu cầu đóng' }).click()
      await page.getByText('Hãy nêu lý do đóng hệ thống.').first().waitFor()
      expect(await db().projectClosure.count({ where: { projectId: project.id } })).toBe(0)

      await page.getByLabel('Lý do đóng hệ thống').fill(REASON)
      await page.getByRole('button', { name: 'Gửi yêu cầu đóng' }).click()
      const history = page.locator('main section', { hasText: 'Các yêu cầu đóng' })
      await history.getByText('Chờ quyết định').waitFor()
      expect(await history.innerText()).toContain(REASON)
      await page.getByRole('button', { name: 'Rút yêu cầu đóng' }).waitFor()
      const stored = await db().projectClosure.findFirstOrThrow({ where: { projectId: project.id } })
      expect(stored).toMatchObject({ state: 'submitted', reason: REASON })
      expect(errors, errors.join('\n')).toEqual([])
      await page.context().close()
    },
  )

  it('the operator opens the notice, reads the request and approves it', { timeout: 120_000 }, async () => {
    const errors = collectScriptErrors(operator)
    await operator.goto(`${started.server.url}/notifications`)
    const notice = operator
      .getByTestId('notification')
      .filter({ hasText: `Yêu cầu đóng hệ thống “${project.name}” chờ quyết định` })
    expect(await notice.innerText()).toContain(REASON)
    await notice.getByRole('button', { name: 'Xem yêu cầu' }).click()
    await operator.waitForURL(new RegExp(`${closingPath()}$`))
    await operator.locator('main h1', { hasText: `Đóng hệ thống: ${project.name}` }).waitFor()
    // The operator decides; asking and withdrawing are the agency's.
    expect(await operator.getByRole('button', { name: 'Gửi yêu cầu đóng' }).count()).toBe(0)
    expect(await operator.getByRole('button', { name: 'Rút yêu cầu đóng' }).count()).toBe(0)
    await operator.getByRole('button', { name: 'Duyệt và đóng hệ thống' }).click()
    await operator.locator('main [data-life]', { hasText: 'Đang đóng' }).waitFor()
    expect(await operator.locator('main section', { hasText: 'Các yêu cầu đóng' }).innerText()).toContain('Đã duyệt')
    expect(await operator.getByRole('button', { name: 'Duyệt và đóng hệ thống' }).count()).toBe(0)

    const closure = await db().projectClosure.findFirstOrThrow({ where: { projectId: project.id } })
    const deciderId = (await db().user.findUniqueOrThrow({ where: { username: 'duc.dang' } })).id
    expect(closure).toMatchObject({ state: 'approved', decidedById: deciderId })
    expect((await db().quotaRequest.findUniqueOrThrow({ where: { id: grantId } })).state).toBe('revoked')
    expect(await db().job.count({ where: { kind: 'project.last_backup', key: closure.id } })).toBe(1)
    await operator.goto(`${started.server.url}/queue`)
    await operator.locator('main h1', { hasText: 'Hàng đợi phê duyệt' }).waitFor()
    expect(await operator.locator(`tr[data-closure="${closure.id}"]`).count()).toBe(0)
    expect(errors, errors.join('\n')).toEqual([])
    await operator.context().close()
  })

  it('the agency staff see the system closing and are told of the decision', { timeout: 120_000 }, async () => {
    const { page, errors } = await as('an.nguyen', '/notifications')
    await page
      .getByTestId('notification')
      .filter({ hasText: `Yêu cầu đóng hệ thống “${project.name}” đã được duyệt` })
      .waitFor()
    await page.goto(`${started.server.url}${closingPath()}`)
    expect(await page.locator('main [data-life]').innerText()).toBe('Đang đóng')
    // A closing system is asked to close no more, and no one withdraws an approved request.
    expect(await page.getByRole('button', { name: 'Gửi yêu cầu đóng' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Rút yêu cầu đóng' }).count()).toBe(0)
    expect(errors, errors.join('\n')).toEqual([])
    await page.context().close()
  })
})
