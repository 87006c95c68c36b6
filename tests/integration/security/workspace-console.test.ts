import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordFindings } from '#server/security/findings'
import { observationOn, PLATFORM_DETAIL } from '../../helpers/fixtures'
import {
  PUBLIC_URL,
  signedInVisitor,
  startSeededConsole,
  type SeededConsole,
  type Visitor,
} from '../../helpers/seeded-console'

// The security officer's workspace over HTTP (issue 13, decision 0043): the dashboard, the findings
// list and its CSV, the sign-off queue and the catalogue, as a security officer sees them. And the
// attacks: agency staff of so-khcn asking, through every filter of the list and of the CSV, for
// the findings of so-tc's project and the platform's own; an operator (who reads no findings) and
// staff asking for the pages they may not open; each refusal recorded.

let started: SeededConsole
let staff: Visitor // an.nguyen, agency staff of so-khcn
let operator: Visitor // duc.dang
let officer: Visitor // huong.pham
let own: { projectId: string; namespace: string; agencyId: string }
let foreign: { projectId: string; namespace: string; agencyId: string; name: string }
const foreignMarks: string[] = [] // what of so-tc's finding must never reach an.nguyen

const DAY_MS = 86_400_000
const db = () => started.database.db
const text = async (response: Response) => (await response.text()).replace(/\u00a0/g, ' ')

async function projectOf(code: string, level: number) {
  const project = await db().project.findFirstOrThrow({
    where: { agency: { code }, securityLevel: level },
    select: { id: true, namespace: true, agencyId: true, name: true },
  })
  return { projectId: project.id, namespace: project.namespace, agencyId: project.agencyId, name: project.name }
}

beforeAll(async () => {
  started = await startSeededConsole({ env: { PUBLIC_URL } })
  own = await projectOf('so-khcn', 2)
  foreign = await projectOf('so-tc', 3)
  // so-khcn: a mutable tag seen today. so-tc: a critical one seen 10 days ago (overdue after 7).
  await recordFindings(
    db(),
    { checkIds: ['GC-WL-03'], namespaces: [own.namespace] },
    [observationOn(own, 2, 'GC-WL-03', 'cong-thong-tin-web', 'medium', 'Deployment')],
    new Date(),
  )
  await recordFindings(
    db(),
    { checkIds: ['GC-WL-04'], namespaces: [foreign.namespace] },
    [observationOn(foreign, 3, 'GC-WL-04', 'ngan-sach-bi-mat', 'critical', 'Deployment')],
    new Date(Date.now() - 10 * DAY_MS),
  )
  // The platform's own (no agency): the data centre's to fix.
  await recordFindings(
    db(),
    { checkIds: ['GC-PLT-04'] },
    [
      {
        checkId: 'GC-PLT-04',
        subject: { kind: 'Filer', namespace: '', name: 'filer-anonymous-listing' },
        projectId: null,
        agencyId: null,
        securityLevel: null,
        severity: 'high',
        detail: {},
      },
    ],
    new Date(),
  )
  await db().securityScan.create({
    data: {
      source: 'storage',
      startedAt: new Date(),
      finishedAt: new Date(),
      error: `dial ${PLATFORM_DETAIL.storage}`,
    },
  })
  const found = await db().securityFinding.findFirstOrThrow({ where: { projectId: foreign.projectId } })
  foreignMarks.push(found.id, 'ngan-sach-bi-mat', foreign.namespace, foreign.name, 'Sở Tài chính', 'so-tc')
  staff = await signedInVisitor(started.server, 'an.nguyen')
  operator = await signedInVisitor(started.server, 'duc.dang')
  officer = await signedInVisitor(started.server, 'huong.pham')
}, 300_000)
afterAll(() => started?.stop())

describe("the security officer's workspace", () => {
  it('shows the dashboard: findings by agency and level, overdue, the sign-off queue, the checkpoint, the scans', async () => {
    const response = await officer.get('/security')
    expect(response.status).toBe(200)
    const page = await text(response)
    expect(page).toContain('Tổng quan bảo mật')
    expect(page).toMatch(/data-cell="[^"]+\/3" data-agency="so-tc"/)
    expect(page).toContain('Sở Tài chính')
    expect(page).toContain('Sở Khoa học và Công nghệ')
    expect(page).toContain('Nền tảng (trung tâm dữ liệu)')
    expect(page).toContain('1 (1 Nghiêm trọng)') // overdue: so-tc's critical one
    expect(page).toContain('data-testid="trend-chart"')
    expect(page).toContain(PLATFORM_DETAIL.storage) // the scan's error, to the data centre
    const count = /data-testid="sign-off-count">(\d+)</.exec(page)?.[1]
    const queue = await text(await officer.get('/security/sign-off'))
    expect((queue.match(/data-request="/g) ?? []).length).toBe(Number(count))
    expect(page).toMatch(/data-testid="last-checkpoint"/)
  })

  it('filters the findings and exports the same search as CSV with Vietnamese names intact', async () => {
    const overdue = await text(await officer.get('/security/findings?status=overdue'))
    expect(overdue).toContain('ngan-sach-bi-mat')
    expect(overdue).not.toContain('cong-thong-tin-web')
    expect(overdue).toContain('data-status="overdue"')
    const csv = await officer.get('/security/findings.csv?status=open%2Coverdue&agency=so-tc')
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(csv.headers.get('content-disposition')).toMatch(
      /^attachment; filename="phat-hien-an-toan-\d{4}-\d\d-\d\d\.csv"$/,
    )
    const bytes = Buffer.from(await csv.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain('Sở Tài chính')
    expect(lines[1]).toContain('Quá hạn')
    expect(lines[1]).toContain('ngan-sach-bi-mat')
  })

  it('refuses a filter that is not one (400)', async () => {
    for (const query of ['severity=drop', 'level=9', 'status=open;delete', 'after=bm90LWEtcG9zaXRpb24', 'unknown=1'])
      expect((await officer.get(`/security/findings?${query}`)).status, query).toBe(400)
    expect((await officer.get('/security/sign-off?after=xyz')).status).toBe(400)
  })

  it('shows the catalogue: levels 3, 4 and 5 differ, in the reader language', async () => {
    const page = await text(await officer.get('/security/checks'))
    expect(page).toContain('Danh mục kiểm tra an toàn')
    const row = /<tr [^>]*data-check="GC-WL-03">[\s\S]*?<\/tr>/.exec(page)?.[0] ?? ''
    const cells = [3, 4, 5].map((level) => new RegExp(`data-level="${level}"[^>]*`).exec(row)?.[0])
    expect(new Set(cells).size).toBe(3)
  })
})

describe('attacks on the workspace', () => {
  it("agency staff see their own agency's findings, never another's, through any filter of the list", async () => {
    const queries = [
      '',
      'agency=so-tc',
      `project=${foreign.namespace}`,
      'check=GC-WL-04',
      'severity=critical',
      'status=overdue',
      'level=3',
      'kind=Deployment',
      'kind=Filer',
      'status=open%2Coverdue%2Cwaived%2Cresolved',
      `from=2020-01-01&to=2099-12-31`,
    ]
    for (const query of queries) {
      for (const path of [`/security/findings?${query}`, `/security/findings.csv?${query}`]) {
        const response = await staff.get(path)
        expect(response.status, path).toBe(200)
        // The page repeats the filter it was asked for (the form keeps it): that says nothing new.
        const asked = query.split(/[&=]/).map(decodeURIComponent)
        const body = asked.reduce((seen, part) => (part ? seen.replaceAll(part, '') : seen), await text(response))
        for (const mark of foreignMarks) expect(body, `${path} handed ${mark}`).not.toContain(mark)
        expect(body, path).not.toContain('filer-anonymous-listing')
      }
    }
    const ownList = await text(await staff.get('/security/findings'))
    expect(ownList).toContain('cong-thong-tin-web')
    expect(ownList).toContain(`/projects/${own.namespace}/waivers/new?finding=`)
  })

  it("the dashboard gives agency staff their agencies' figures only, and none of the platform's", async () => {
    const page = await text(await staff.get('/security'))
    for (const mark of foreignMarks) expect(page, mark).not.toContain(mark)
    expect(page).not.toContain(PLATFORM_DETAIL.storage)
    expect(page).not.toContain('Nền tảng (trung tâm dữ liệu)')
    expect(page).not.toContain('sign-off-count')
    expect(page).not.toContain('last-checkpoint')
    expect(page).toContain('Bạn xem các phát hiện của cơ quan mình.')
  })

  it('an operator reads no findings (403 on every page and the CSV), and staff cannot open the sign-off queue; audited', async () => {
    const before = await db().auditEntry.count({ where: { outcome: 'denied' } })
    for (const path of ['/security', '/security/findings', '/security/findings.csv'])
      expect((await operator.get(path)).status, path).toBe(403)
    expect((await operator.get('/security/sign-off')).status).toBe(403)
    expect((await staff.get('/security/sign-off')).status).toBe(403)
    const denied = await db().auditEntry.findMany({
      where: { outcome: 'denied' },
      orderBy: { seq: 'asc' },
      skip: before,
      select: { action: true, entityId: true },
    })
    expect(denied.map((d) => [d.action, d.entityId])).toEqual([
      ['findings.read', '/security'],
      ['findings.read', '/security/findings'],
      ['findings.read', '/security/findings.csv'],
      ['request.sign_off', '/security/sign-off'],
      ['request.sign_off', '/security/sign-off'],
    ])
  })
})
