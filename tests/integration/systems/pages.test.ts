import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  PUBLIC_URL,
  signedInVisitor,
  startSeededConsole,
  type SeededConsole,
  type Visitor,
} from '../../helpers/seeded-console'

// The information systems' pages (issue 15, decision 0055) through the built console, a seeded
// database and Keycloak: so-khcn's staff (an.nguyen) register, a level without its document comes
// back at its fields with what was typed kept; so-tc's staff (lan.hoang) cannot register for
// so-khcn, see its registration or send it again; staff and an operator cannot review; the
// security officer (huong.pham) reviews on one page, and the agency is told.

let started: SeededConsole
const who: Record<'an' | 'lan' | 'duc' | 'huong', Visitor> = {} as never
const NAME = 'Cổng thông tin Đồng Đăng điện tử'
const NS = 'so-khcn-cong-thong-tin-dong-dang-dien-tu'

beforeAll(async () => {
  started = await startSeededConsole({ env: { PUBLIC_URL } })
  who.an = await signedInVisitor(started.server, 'an.nguyen')
  who.lan = await signedInVisitor(started.server, 'lan.hoang')
  who.duc = await signedInVisitor(started.server, 'duc.dang')
  who.huong = await signedInVisitor(started.server, 'huong.pham')
}, 300_000)
afterAll(async () => started?.stop())

const db = () => started.database.db
const form = (agencyCode: string, overrides: Record<string, string> = {}) => ({
  agencyCode,
  name: NAME.normalize('NFD'),
  purpose: 'Thông tin cho người dân',
  securityLevel: '2',
  documentNumber: '12/QĐ-SKHCN',
  documentDate: '2026-10-01',
  documentIssuer: 'Sở Khoa học và Công nghệ',
  processesPersonalData: 'on',
  ownerName: 'Sở Khoa học và Công nghệ',
  contactName: 'Nguyễn Văn An',
  contactEmail: 'an.nguyen@skhcn.langson.gov.vn',
  contactPhone: '',
  ...overrides,
})
const snapshot = async () => ({
  projects: await db().project.findMany({
    orderBy: { id: 'asc' },
    select: { id: true, registrationState: true, securityLevel: true },
  }),
  steps: await db().systemRegistrationStep.count(),
})

describe('registering', () => {
  it('keeps what was typed when the document is missing, and refuses another agency’s form', async () => {
    const before = await snapshot()
    const bad = await who.an.post('/systems', form('so-khcn', { documentNumber: '', documentDate: '' }))
    expect(bad.status).toBe(422)
    const html = await bad.text()
    expect(html).toContain('Cấp độ đề xuất phải kèm văn bản phê duyệt')
    // As typed (decomposed here): nothing typed is lost or rewritten before it is saved.
    expect(html).toContain(`value="${NAME.normalize('NFD')}"`)
    expect(html).toContain('value="Sở Khoa học và Công nghệ"')
    const forged = await who.lan.post('/systems', form('so-khcn'))
    expect(forged.status).toBe(404)
    expect(await snapshot()).toEqual(before)
  })

  it('registers for the own agency and shows the state; another agency sees nothing of it', async () => {
    const made = await who.an.post('/systems', form('so-khcn'))
    expect(made.status).toBe(302)
    expect(made.headers.get('location')).toBe(`/systems/${NS}?registered=1`)
    const page = await (await who.an.get(`/systems/${NS}`)).text()
    expect(page).toContain(NAME)
    expect(page).toContain('Chờ thẩm định')
    expect(page).toContain('Văn bản 12/QĐ-SKHCN, ngày 01/10/2026, Sở Khoa học và Công nghệ')
    expect((await who.lan.get(`/systems/${NS}`)).status).toBe(404)
    expect(await (await who.lan.get('/systems')).text()).not.toContain(NS)
    const before = await snapshot()
    const resubmit = await who.lan.post(`/systems/${NS}`, { securityLevel: '1', documentNumber: 'x' })
    expect(resubmit.status).toBe(404)
    expect(await snapshot()).toEqual(before)
  })
})

describe('the review', () => {
  it('is refused to the agency’s staff and to an operator, changing nothing', async () => {
    const before = await snapshot()
    for (const visitor of [who.an, who.duc, who.lan]) {
      expect((await visitor.get(`/security/systems/${NS}`)).status).toBe(403)
      expect((await visitor.post(`/security/systems/${NS}`, { outcome: 'confirm' })).status).toBe(403)
    }
    expect(await snapshot()).toEqual(before)
  })

  it('shows the officer everything on one page; a return needs a reason; the agency is told', async () => {
    const queue = await (await who.huong.get('/security/systems')).text()
    expect(queue).toContain(`href="/security/systems/${NS}"`)
    // The demo's own pending registration (prisma/demo/projects.ts) waits in the same queue.
    expect(queue).toContain('Hệ thống tuyển sinh đầu cấp trực tuyến')
    const page = await (await who.huong.get(`/security/systems/${NS}`)).text()
    for (const fact of [NAME, 'Thông tin cho người dân', '12/QĐ-SKHCN', 'Nguyễn Văn An']) expect(page).toContain(fact)
    const noReason = await who.huong.post(`/security/systems/${NS}`, { outcome: 'return', reason: '' })
    expect(noReason.status).toBe(422)
    expect(await noReason.text()).toContain('Hãy nêu lý do.')
    const confirmed = await who.huong.post(`/security/systems/${NS}`, { outcome: 'confirm' })
    expect(confirmed.status).toBe(302)
    const project = await db().project.findUniqueOrThrow({ where: { namespace: NS } })
    expect(project).toMatchObject({ registrationState: 'confirmed', securityLevel: 2 })
    const an = await db().user.findFirstOrThrow({ where: { username: 'an.nguyen' } })
    const told = await db().notification.findMany({ where: { kind: 'system_confirmed', recipientId: an.id } })
    expect(told.map((n) => n.link)).toEqual([`/systems/${NS}`])
    expect(await (await who.an.get(`/systems/${NS}`)).text()).toContain(`href="/projects/${NS}/requests/new"`)
  })
})

// Editing a registration and re-reviewing a confirmed level (decision 0084): only the agency's
// staff edit, on the version they read; only a security officer decides a change of level.
describe('editing a pending registration', () => {
  const EDITED = 'Cổng thông tin khoa học Đồng Đăng'
  const NS2 = 'so-khcn-cong-thong-tin-khoa-hoc-dong-dang'
  const edit = (version: string, overrides: Record<string, string> = {}) => {
    const { agencyCode: _agency, ...fields } = form('so-khcn', { name: EDITED, ...overrides })
    return { ...fields, version }
  }

  it('fills the form for its staff; another agency, an operator and an officer cannot edit', async () => {
    const made = await who.an.post('/systems', form('so-khcn', { name: EDITED }))
    expect(made.headers.get('location')).toBe(`/systems/${NS2}?registered=1`)
    const page = await (await who.an.get(`/systems/${NS2}/edit`)).text()
    expect(page).toContain(`value="${EDITED}"`)
    expect(page).toContain('name="version" value="1"')
    expect(page).toContain('value="12/QĐ-SKHCN"')
    const before = await snapshot()
    expect((await who.lan.get(`/systems/${NS2}/edit`)).status).toBe(404)
    expect((await who.lan.post(`/systems/${NS2}/edit`, edit('1'))).status).toBe(404)
    for (const visitor of [who.duc, who.huong]) {
      expect((await visitor.get(`/systems/${NS2}/edit`)).status).toBe(403)
      expect((await visitor.post(`/systems/${NS2}/edit`, edit('1'))).status).toBe(403)
    }
    expect(await snapshot()).toEqual(before)
  })

  it('saves on the version read, refuses it again, and the queue shows the edit', async () => {
    const saved = await who.an.post(`/systems/${NS2}/edit`, edit('1', { purpose: 'Tra cứu đề tài khoa học' }))
    expect(saved.status).toBe(302)
    expect(saved.headers.get('location')).toBe(`/systems/${NS2}?edited=1`)
    const row = await db().project.findUniqueOrThrow({ where: { namespace: NS2 } })
    expect(row).toMatchObject({ description: 'Tra cứu đề tài khoa học', registrationVersion: 2 })
    const stale = await who.an.post(`/systems/${NS2}/edit`, edit('1', { purpose: 'Ghi đè' }))
    expect(stale.status).toBe(422)
    const html = await stale.text()
    expect(html).toContain('đã được người khác thay đổi')
    expect((await db().project.findUniqueOrThrow({ where: { namespace: NS2 } })).description).toBe(
      'Tra cứu đề tài khoa học',
    )
    const review = await (await who.huong.get(`/security/systems/${NS2}`)).text()
    expect(review).toContain('Tra cứu đề tài khoa học')
    expect(review).toContain('name="version" value="2"')
  })
})

describe('re-reviewing a confirmed level', () => {
  const change = (version: string) => ({
    intent: 'level-change',
    version,
    securityLevel: '3',
    documentNumber: '88/QĐ-UBND',
    documentDate: '2026-12-01',
    documentIssuer: 'Ủy ban nhân dân tỉnh Lạng Sơn',
  })

  it('the staff propose; the level in force stays; staff and an operator cannot decide; the officer confirms', async () => {
    const version = String((await db().project.findUniqueOrThrow({ where: { namespace: NS } })).registrationVersion)
    expect((await who.lan.post(`/systems/${NS}`, change(version))).status).toBe(404)
    const sent = await who.an.post(`/systems/${NS}`, change(version))
    expect(sent.status).toBe(302)
    const page = await (await who.an.get(`/systems/${NS}`)).text()
    expect(page).toContain(
      'Đề nghị đổi sang cấp độ 3 đang chờ cán bộ an toàn thông tin quyết định; cấp độ 2 vẫn có hiệu lực.',
    )
    const before = await snapshot()
    const decide = { intent: 'level-decision', outcome: 'confirm' }
    for (const visitor of [who.an, who.duc])
      expect((await visitor.post(`/security/systems/${NS}`, decide)).status).toBe(403)
    expect(await snapshot()).toEqual(before)
    const queue = await (await who.huong.get('/security/systems')).text()
    expect(queue).toContain('Thay đổi cấp độ')
    const review = await (await who.huong.get(`/security/systems/${NS}`)).text()
    expect(review).toContain('Cơ quan đề nghị đổi từ cấp độ 2 sang cấp độ 3.')
    const current = String((await db().project.findUniqueOrThrow({ where: { namespace: NS } })).registrationVersion)
    const confirmed = await who.huong.post(`/security/systems/${NS}`, { ...decide, version: current })
    expect(confirmed.status).toBe(302)
    expect(await db().project.findUniqueOrThrow({ where: { namespace: NS } })).toMatchObject({
      securityLevel: 3,
      levelReview: null,
    })
  })
})
