import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  PUBLIC_URL,
  signedInVisitor,
  startSeededConsole,
  type SeededConsole,
  type Visitor,
} from '../../helpers/seeded-console'
import { CLOSED_MONTH, storeStatements, type StatementFixtures } from '../../helpers/statements'

// The statements' pages and exports over HTTP (issue 14, decision 0048 "Statements"), against the
// built console, a seeded database and Keycloak's sessions: so-khcn's staff see their list, their
// October statement (version 2 and its change, version 1 by address), the running month
// provisional, the print view and both files; an operator filters every agency's list. And the
// attacks: so-tc's staff asking for so-khcn's statement by its page, print view, CSV and XLSX, by
// version, and through the list's filters, each answered as a missing statement (404) with no
// figure or name of so-khcn's, the refusal audited; a security officer refused (403).

let started: SeededConsole
let f: StatementFixtures
let an: Visitor // agency staff of so-khcn
let lan: Visitor // agency staff of so-tc
let duc: Visitor // operator
let huong: Visitor // security officer

const text = async (response: Response) => (await response.text()).replace(/\u00a0/g, ' ')
const october = `/statements/so-khcn/${CLOSED_MONTH}`
const mainOf = (html: string) => /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? html

beforeAll(async () => {
  started = await startSeededConsole({ env: { PUBLIC_URL } })
  f = await storeStatements(started.database.db)
  an = await signedInVisitor(started.server, 'an.nguyen')
  lan = await signedInVisitor(started.server, 'lan.hoang')
  duc = await signedInVisitor(started.server, 'duc.dang')
  huong = await signedInVisitor(started.server, 'huong.pham')
}, 300_000)
afterAll(() => started?.stop())

describe("an agency's statements in the console", () => {
  it('lists the closed month and the running provisional one to its staff', async () => {
    const page = await text(await an.get('/statements'))
    expect(page).toContain(`data-statement="so-khcn/${CLOSED_MONTH}" data-state="closed"`)
    expect(page).toContain(`data-statement="so-khcn/${f.runningMonth}" data-state="provisional"`)
    expect(page).toContain('483.492')
    expect(page).not.toContain('so-tc')
  })

  it('shows the latest version with its lines and change, an earlier one by address, and the print view', async () => {
    const latest = await text(await an.get(october))
    expect(latest).toContain('Bảng kê tháng 10/2026: Sở Khoa học và Công nghệ')
    expect(latest).toContain('1.490,6')
    expect(latest).toContain('476.160 → 476.992')
    expect(latest).toContain('Tổng cộng: 483.492')
    const first = await text(await an.get(`${october}?version=1`))
    expect(first).toContain('Tổng cộng: 482.660')
    expect(first).toContain('Phiên bản đầu tiên.')
    expect((await an.get(`${october}?version=3`)).status).toBe(404)
    const print = await text(await an.get(`${october}/print`))
    expect(print).toContain('class="print-view"')
    expect(print).toContain('Tổng cộng: 483.492')
    const running = await text(await an.get(`/statements/so-khcn/${f.runningMonth}`))
    expect(running).toContain('Tạm tính')
    expect(running).toContain('Tổng cộng: 960')
    expect(running).toContain('Điện năng ước tính: 0,01 kWh; phát thải: 0,01 kg CO2e.')
  })

  it('downloads the statement as CSV with its mark and as XLSX with numbers in đồng', async () => {
    const csv = await an.get(`${october}/export?format=csv`)
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="bang-ke-so-khcn-${CLOSED_MONTH}-v2.csv"`)
    const bytes = Buffer.from(await csv.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n')
    expect(lines).toHaveLength(4) // header, CPU, object storage, total
    expect(lines[1]).toContain(f.own.name)
    expect(lines[3]).toBe('Tổng cộng,,,,,,,483.492,,,')
    const xlsx = await an.get(`${october}/export?format=xlsx&version=1`)
    expect(xlsx.headers.get('content-disposition')).toContain(`-${CLOSED_MONTH}-v1.xlsx`)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await xlsx.arrayBuffer())
    const sheet = workbook.worksheets[0]!
    const total = sheet.getRow(sheet.rowCount)
    expect(total.getCell(1).value).toBe('Tổng cộng')
    expect(total.getCell(8).value).toBe(482660)
    expect(total.getCell(8).numFmt).toBe('#,##0')
    expect((await an.get(`${october}/export?format=pdf`)).status).toBe(400)
  })

  it("lets an operator filter every agency's list", async () => {
    const all = await text(await duc.get(`/statements?month=${CLOSED_MONTH}`))
    expect(all).toContain(`data-statement="so-khcn/${CLOSED_MONTH}"`)
    expect(all).toContain(`data-statement="so-tc/${CLOSED_MONTH}"`)
    const one = await text(await duc.get(`/statements?agency=so-tc&month=${CLOSED_MONTH}`))
    expect(one).not.toContain(`data-statement="so-khcn/`)
    expect((await duc.get('/statements?month=2026-13x')).status).toBe(400)
  })
})

describe("another agency's statement", () => {
  const marks = () => ['483.492', '482.660', '476.992', f.own.name, f.own.namespace]

  it('is a missing statement to so-tc staff by page, print view, CSV, XLSX and version, and audited', async () => {
    const db = started.database.db
    const denied = () => db.auditEntry.count({ where: { action: 'statement.read', outcome: 'denied' } })
    const before = await denied()
    const paths = [
      october,
      `${october}?version=1`,
      `${october}/print`,
      `${october}/export?format=csv`,
      `${october}/export?format=xlsx`,
      `/statements/so-khcn/${f.runningMonth}`,
    ]
    for (const path of paths) {
      const response = await lan.get(path)
      expect(response.status, path).toBe(404)
      const body = await text(response)
      for (const mark of marks()) expect(body, `${path}: ${mark}`).not.toContain(mark)
      // What it says is what it says of an agency that does not exist.
      const missing = await text(await lan.get(path.replace('so-khcn', 'khong-ton-tai')))
      expect(mainOf(body), path).toBe(mainOf(missing))
    }
    expect(await denied()).toBe(before + paths.length)
  })

  it("never reaches so-tc staff through the list's filters", async () => {
    for (const query of ['', '?agency=so-khcn', `?agency=so-khcn&month=${CLOSED_MONTH}`, `?month=${CLOSED_MONTH}`]) {
      const page = await text(await lan.get(`/statements${query}`))
      expect(page, query).not.toContain('data-statement="so-khcn/')
      for (const mark of marks()) expect(page, `${query}: ${mark}`).not.toContain(mark)
    }
  })

  it('is refused to a security officer (no statement rights)', async () => {
    expect((await huong.get('/statements')).status).toBe(403)
    expect((await huong.get(october)).status).toBe(403)
    expect((await huong.get(`${october}/export?format=csv`)).status).toBe(403)
  })
})
