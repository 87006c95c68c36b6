// The project's usage page and its CSV (decision 0051) through the built console, a seeded database
// and Keycloak: the agency's staff see one chart per metered resource, drawn on the server as an
// SVG with its title, description and table of the same figures, and the CSV of those figures;
// the attack: another agency's staff get the page's 404 for the page, its data request and the CSV,
// with nothing of the project in it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HOUR_MS } from '#server/domain/local-calendar'
import { translate } from '#server/i18n'
import { cellValues } from '../../helpers/table-html'
import { meterCpu } from '../../helpers/metering'
import {
  PUBLIC_URL,
  signedInVisitor,
  startSeededConsole,
  type SeededConsole,
  type Visitor,
} from '../../helpers/seeded-console'

let started: SeededConsole
let own: Visitor
let other: Visitor
let security: Visitor
let operator: Visitor
let namespace: string
const PROJECT = 'Hệ thống quản lý đề tài khoa học'

beforeAll(async () => {
  started = await startSeededConsole({ env: { PUBLIC_URL } })
  const { db } = started.database
  const agency = await db.agency.findUniqueOrThrow({ where: { code: 'so-khcn' }, select: { id: true } })
  const project = await db.project.findFirstOrThrow({
    where: { agencyId: agency.id, name: PROJECT },
    select: { id: true, namespace: true },
  })
  namespace = project.namespace
  // Three complete hours before now: within the last 48 hours, today's or yesterday's local day.
  const last = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - HOUR_MS
  for (const [i, used] of [1500n, null, 1500n].entries()) {
    const hour = new Date(last - i * HOUR_MS)
    await meterCpu(db, project.id, hour, { granted: 4000n, requested: 2000n, used, usedPeak: used, refusal: null })
  }
  own = await signedInVisitor(started.server, 'an.nguyen') // staff of so-khcn
  other = await signedInVisitor(started.server, 'lan.hoang') // staff of so-tc
  security = await signedInVisitor(started.server, 'huong.pham') // security officer: no statements
  operator = await signedInVisitor(started.server, 'duc.dang')
}, 300_000)
afterAll(async () => started?.stop())

describe("a project's usage page", () => {
  it('draws each resource on the server with its title, description and table, and links its CSV', async () => {
    for (const resolution of ['hour', 'day', 'month']) {
      const page = await own.get(`/projects/${namespace}/usage?resolution=${resolution}`)
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain('<svg viewBox="0 0 720 260" role="img" aria-labelledby="usage-cpu-title"')
      expect(html).toContain('<title id="usage-cpu-title">CPU: được cấp, yêu cầu và thực dùng</title>')
      // Amounts keep their unit on the line: Intl's no-break space.
      expect(html).toMatch(
        /<desc id="usage-cpu-desc">CPU từ .* được cấp cao nhất 4\u00a0vCPU, thực dùng trung bình cao nhất 1,5\u00a0vCPU/,
      )
      expect(html).toContain('Bảng số liệu của biểu đồ')
      expect(cellValues(html)).toContain('1,5\u00a0vCPU')
      expect(html).toContain(`href="/projects/${namespace}/usage.csv?resolution=${resolution}"`)
    }
  })

  it('says in each cell without a figure why, and when it will be measured (issue 17)', async () => {
    const cells = async (resolution: string) =>
      cellValues(await (await own.get(`/projects/${namespace}/usage?resolution=${resolution}`)).text())
    const at = '\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}'
    const hours = await cells('hour')
    // Never the bare words of before.
    expect(hours).not.toContain('chưa đo')
    // The hours of the last 48 nobody metered: the metering catches them up at its next look.
    expect(hours).toContainEqual(
      expect.stringMatching(
        new RegExp(`^chưa đo: chưa đến lượt đo khoảng thời gian này; lần đo tiếp theo trước ${at}$`),
      ),
    )
    // The hour passed over without a reading says why; until its late pass (an hour after the
    // first, so depending on the minute this runs) also when it is read once more.
    const refused = [
      `chưa đo được: kho số liệu chưa thu thập được số đo, hoặc số đo bị loại; đo lại một lần trước ${at}`,
      translate('vi', 'usage.missing.noReading'),
    ]
    expect(hours).toContainEqual(expect.stringMatching(new RegExp(`^(${refused.join('|')})$`)))
    // Days older than the metering catches up, with no record: never measured, and said so.
    const days = await cells('day')
    expect(days).not.toContain('chưa đo')
    expect(days).toContain(translate('vi', 'usage.missing.never'))
  })

  it('hands the CSV of the same figures in canonical units', async () => {
    const csv = await own.get(`/projects/${namespace}/usage.csv?resolution=hour`)
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    const bytes = new Uint8Array(await csv.arrayBuffer())
    // The byte order mark, so that a spreadsheet reads the Vietnamese headers as UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes)
    expect(text.startsWith('Tài nguyên,Mã tài nguyên,Bắt đầu,Đơn vị gốc,Được cấp')).toBe(true)
    const rows = text.trim().split('\r\n').slice(1)
    expect(rows).toHaveLength(48)
    expect(rows.filter((row) => row.includes(',millicores,4000,2000,1500,1500,1'))).toHaveLength(2)
  })

  it('refuses a resolution it does not know', async () => {
    expect((await own.get(`/projects/${namespace}/usage?resolution=week`)).status).toBe(400)
  })

  it("gives another agency's staff the 404 of a missing project, for the page, its data and the CSV", async () => {
    for (const path of [
      `/projects/${namespace}/usage`,
      `/projects/${namespace}/usage.data?_routes=routes%2Fprojects.%24namespace_.usage`,
      `/projects/${namespace}/usage.csv?resolution=day`,
    ]) {
      const answer = await other.get(path)
      expect(answer.status, path).toBe(404)
      const body = await answer.text()
      expect(body).not.toContain(PROJECT)
      expect(body).not.toContain('vCPU')
    }
  })
})

describe("an agency's cost by month", () => {
  it("draws this year's months by project on the agency page, and their CSV in whole đồng", async () => {
    const html = await (await own.get('/agencies/so-khcn')).text()
    expect(html).toContain('<title id="agency-costs-title">Chi phí theo tháng và theo dự án</title>')
    expect(html).toContain('href="/agencies/so-khcn/costs.csv"')
    const csv = await own.get('/agencies/so-khcn/costs.csv')
    expect(csv.status).toBe(200)
    const rows = (await csv.text()).trim().split('\r\n')
    expect(rows[0]).toBe('Thời gian,Dự án,Chi phí (đồng)')
    // The three metered hours are this month's: the project has a line with a whole number of đồng.
    expect(rows.some((row) => new RegExp(`^\\d{4}-\\d{2},${PROJECT},[1-9]\\d*$`).test(row))).toBe(true)
  })

  it("gives another agency's staff a 404 for the CSV and no costs to security officers", async () => {
    const answer = await other.get('/agencies/so-khcn/costs.csv')
    expect(answer.status).toBe(404)
    expect(await answer.text()).not.toContain(PROJECT)
    expect((await security.get('/agencies/so-khcn/costs.csv')).status).toBe(403)
    expect(await (await security.get('/agencies/so-khcn')).text()).not.toContain('agency-costs')
  })
})

describe("a pool's capacity, allocation and use", () => {
  it("draws every project's use summed by day against today's capacity, for the data centre", async () => {
    const page = await operator.get('/pools/compute-main')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<title id="pool-compute-main-cpu-title">CPU: sức chứa, cấp phát và sử dụng</title>')
    // The one metered project's day: 4 vCPU granted, 1,5 vCPU used on average over its measured hours.
    expect(cellValues(html).join(' | ')).toContain('4\u00a0vCPU | 2\u00a0vCPU | 1,5\u00a0vCPU')
    const dashboard = await (await operator.get('/')).text()
    expect(dashboard).toContain('href="/pools/compute-main"')
  })

  it('is refused to agency staff, whose dashboard links to no pool', async () => {
    expect((await own.get('/pools/compute-main')).status).toBe(403)
    expect(await (await own.get('/')).text()).not.toContain('/pools/compute-main')
  })
})
