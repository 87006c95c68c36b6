import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localYearOf } from '#server/domain/budget'
import {
  PUBLIC_URL,
  signedInVisitor,
  startSeededConsole,
  type SeededConsole,
  type Visitor,
} from '../../helpers/seeded-console'

// The budget on the agency's page and the usage warnings on the project's (issue 14, decision 0050),
// through the built console, a seeded database and Keycloak: the agency's staff see their budget
// and cannot set it (403), another agency's staff do not even find the page (404); an operator sets
// a version, a stale save is refused (409) and a past year is answered at its field (422), nothing
// saved by either; a merged agency's page refuses a new version beside its amount.

let started: SeededConsole
let operator: Visitor
let staff: Visitor
let otherStaff: Visitor
const year = localYearOf(new Date())
const budgets = () =>
  started.database.db.agencyBudget.findMany({
    where: { agency: { code: 'so-khcn' } },
    orderBy: [{ year: 'asc' }, { version: 'asc' }],
  })

beforeAll(async () => {
  started = await startSeededConsole({ env: { PUBLIC_URL } })
  operator = await signedInVisitor(started.server, 'duc.dang')
  staff = await signedInVisitor(started.server, 'an.nguyen')
  otherStaff = await signedInVisitor(started.server, 'lan.hoang')
}, 300_000)
afterAll(async () => started?.stop())

describe("the agency's budget on its page", () => {
  it('shows the staff their year with no form, and the operator the form', async () => {
    const own = await (await staff.get('/agencies/so-khcn')).text()
    expect(own).toContain(`Ngân sách năm ${year}`)
    expect(own).toContain(`Chưa đặt ngân sách cho năm ${year}.`)
    expect(own).toContain('Ngân sách do Trung tâm Công nghệ số đặt')
    expect(own).not.toContain('Lưu phiên bản mới')
    expect(await (await operator.get('/agencies/so-khcn')).text()).toContain('Lưu phiên bản mới')
  })

  it("refuses the agency's own staff (403) and hides it from another agency's (404)", async () => {
    const form = { year: String(year), amount: '1.000.000', note: '', [`expectedVersion:${year}`]: '0' }
    expect((await staff.post('/agencies/so-khcn', form)).status).toBe(403)
    expect((await otherStaff.post('/agencies/so-khcn', form)).status).toBe(404)
    expect(await budgets()).toEqual([])
  })

  it('saves the operator’s version, then refuses a stale save and a past year', async () => {
    const form = {
      year: String(year),
      amount: '1.200.000.000',
      note: 'QĐ 123/QĐ-UBND',
      [`expectedVersion:${year}`]: '0',
    }
    const saved = await operator.post('/agencies/so-khcn', form)
    expect(saved.status).toBe(200)
    const html = await saved.text()
    expect(html).toContain(`Đã lưu ngân sách năm ${year}.`)
    expect(html).toContain('1.200.000.000')
    const stale = await operator.post('/agencies/so-khcn', { ...form, amount: '900.000.000' })
    expect(stale.status).toBe(409)
    expect(await stale.text()).toContain('Ngân sách đã được người khác thay đổi')
    const past = await operator.post('/agencies/so-khcn', {
      ...form,
      year: String(year - 1),
      [`expectedVersion:${year - 1}`]: '0',
    })
    expect(past.status).toBe(422)
    expect(await past.text()).toContain(`Không đặt ngân sách cho năm đã qua (${year - 1}).`)
    expect((await budgets()).map((b) => [b.version, b.amount])).toEqual([[1, 1_200_000_000n]])
  })

  it("sets next year's budget on top of that year's version, not this year's", async () => {
    const page = await (await operator.get('/agencies/so-khcn')).text()
    expect(page).toContain(`name="expectedVersion:${year}" value="1"`)
    expect(page).toContain(`name="expectedVersion:${year + 1}" value="0"`)
    const next = await operator.post('/agencies/so-khcn', {
      year: String(year + 1),
      amount: '1.500.000.000',
      note: '',
      [`expectedVersion:${year}`]: '1',
      [`expectedVersion:${year + 1}`]: '0',
    })
    expect(next.status).toBe(200)
    expect((await budgets()).map((b) => [b.year, b.version])).toEqual([
      [year, 1],
      [year + 1, 1],
    ])
  })
})

describe("the project's usage warnings", () => {
  it('lists each measured resource with its level', async () => {
    const project = await started.database.db.project.findFirstOrThrow({
      where: { agency: { code: 'so-khcn' } },
      select: { namespace: true },
    })
    const html = await (await staff.get(`/projects/${project.namespace}`)).text()
    expect(html).toContain('Cảnh báo mức sử dụng')
    expect(html).toContain('data-resource="objectStorage" data-level="0"')
  })

  it("flags a bucket over its own quota to the agency's staff and the operators, and to no other agency", async () => {
    const { db } = started.database
    const project = await db.project.findFirstOrThrow({
      where: { agency: { code: 'so-khcn' } },
      select: { id: true, namespace: true },
    })
    const bucket = `${project.namespace}-data`
    // As the bucket alerts job stores a crossing (bucket-alerts.test.ts makes one on the real storage).
    await db.bucketAlertState.create({
      data: {
        projectId: project.id,
        bucket,
        resource: 'objectStorage',
        level: 100,
        bytes: 1_610_612_736n,
        quotaBytes: 1_073_741_824n,
        changedAt: new Date(),
      },
    })
    for (const visitor of [staff, operator]) {
      const html = await (await visitor.get(`/projects/${project.namespace}`)).text()
      expect(html).toContain(`data-bucket="${bucket}"`)
      expect(html).toContain('1,5\u00A0GiB / 1\u00A0GiB') // formatBytes keeps the unit with its number
    }
    // The projects list counts the flagged buckets on the project's row.
    const row = (html: string) =>
      new RegExp(`<tr[^>]*>(?:(?!</tr>).)*<code>${project.namespace}</code>(?:(?!</tr>).)*</tr>`, 's').exec(html)?.[0]
    expect(row(await (await staff.get('/projects')).text())).toContain('<span class="badge badge--danger">1</span>')
    expect(await (await otherStaff.get('/projects')).text()).not.toContain(project.namespace)
    // Another agency's staff do not find the project, nor the flag on their own projects.
    expect((await otherStaff.get(`/projects/${project.namespace}`)).status).toBe(404)
    const theirs = await db.project.findFirstOrThrow({
      where: { agency: { code: 'so-tc' } },
      select: { namespace: true },
    })
    const html = await (await otherStaff.get(`/projects/${theirs.namespace}`)).text()
    expect(html).toContain('Cảnh báo mức sử dụng')
    expect(html).not.toContain('data-bucket=')
  })
})

describe("a merged agency's budget on its page", () => {
  it('refuses a new version beside the amount, keeping what was typed, and saves nothing', async () => {
    const db = started.database.db
    // The seed's so-tttt was merged into so-khcn (decision 0057).
    const refused = await operator.post('/agencies/so-tttt', {
      year: String(year),
      amount: '750.000.000',
      note: 'QĐ 9/QĐ-UBND',
      [`expectedVersion:${year}`]: '0',
    })
    expect(refused.status).toBe(422)
    const html = await refused.text()
    expect(html).toContain('Cơ quan “so-tttt” đã sáp nhập vào “so-khcn”')
    expect(html).toMatch(/<input name="amount"[^>]*aria-invalid="true"[^>]*value="750.000.000"/)
    expect(await db.agencyBudget.count({ where: { agency: { code: 'so-tttt' } } })).toBe(0)
  })
})
