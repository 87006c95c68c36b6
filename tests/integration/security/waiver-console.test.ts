import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordFindings } from '#server/security/findings'
import { requestWaiver } from '#server/workflow/waiver-request'
import {
  PUBLIC_URL,
  signedInVisitor,
  startSeededConsole,
  type SeededConsole,
  type Visitor,
} from '../../helpers/seeded-console'

// Waivers in the console over HTTP (issue 13, decision 0041): agency staff ask for one from the
// project page's findings, a security officer decides it, the finding shows as waived. And the
// attacks: another agency's staff asking for or reading a waiver of a project not theirs (the 404
// a missing one gets), agency staff and an operator deciding, a security officer deciding their
// own request; each refused, nothing changed, and each refusal in the audit trail.

let started: SeededConsole
let staff: Visitor // an.nguyen, agency staff of so-khcn
let otherStaff: Visitor // lan.hoang, agency staff of so-tc
let operator: Visitor // duc.dang
let officer: Visitor // huong.pham
let namespace: string
let projectId: string
let findingId: string
const ids: Record<string, string> = {}

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)
const text = async (response: Response) => (await response.text()).replace(/\u00a0/g, ' ')
const db = () => started.database.db
const denials = (entityId: string) =>
  db().auditEntry.findMany({
    where: { outcome: 'denied', entityId },
    select: { action: true, actorId: true },
    orderBy: { seq: 'asc' },
  })

beforeAll(async () => {
  started = await startSeededConsole({ env: { PUBLIC_URL } })
  const project = await db().project.findFirstOrThrow({
    where: { agency: { code: 'so-khcn' } },
    select: { id: true, namespace: true, agencyId: true, securityLevel: true },
  })
  namespace = project.namespace
  projectId = project.id
  await recordFindings(
    db(),
    { checkIds: ['GC-WL-03'], namespaces: [namespace] },
    ['web', 'api'].map((name) => ({
      checkId: 'GC-WL-03',
      subject: { kind: 'Deployment', namespace, name },
      projectId: project.id,
      agencyId: project.agencyId,
      securityLevel: project.securityLevel,
      severity: 'medium' as const,
      detail: { image: 'nginx:latest' },
    })),
    new Date(Date.now() - 3 * 86_400_000),
  )
  findingId = (await db().securityFinding.findFirstOrThrow({ where: { subjectName: 'web', projectId } })).id
  // One after another: Keycloak's login flow per person.
  staff = await signedInVisitor(started.server, 'an.nguyen')
  otherStaff = await signedInVisitor(started.server, 'lan.hoang')
  operator = await signedInVisitor(started.server, 'duc.dang')
  officer = await signedInVisitor(started.server, 'huong.pham')
  for (const user of ['an.nguyen', 'huong.pham', 'duc.dang', 'lan.hoang'])
    ids[user] = (await db().user.findUniqueOrThrow({ where: { username: user } })).id
}, 300_000)
afterAll(() => started?.stop())

const form = (over: Record<string, string> = {}) => ({
  finding: findingId,
  check: '',
  justification: 'Nhà cung cấp chưa phát hành phiên bản có thẻ cố định; dự kiến tháng sau.',
  compensatingControl: 'Image được quét hằng ngày và chỉ kéo từ kho nội bộ đã kiểm tra.',
  expiresAt: day(20),
  ...over,
})

describe('a waiver, from the project page to a decision', () => {
  it('shows agency staff their findings with what to do, and the form refuses an expiry beyond the limit', async () => {
    const page = await text(await staff.get(`/projects/${namespace}`))
    expect(page).toContain('Phát hiện an toàn thông tin')
    expect(page).toContain('GC-WL-03')
    expect(page).toContain(`/projects/${namespace}/waivers/new?finding=${findingId}`)
    const formPage = await staff.get(`/projects/${namespace}/waivers/new?finding=${findingId}`)
    expect(formPage.status).toBe(200)
    expect(await text(formPage)).toContain('tối đa 365 ngày')
    const late = await staff.post(`/projects/${namespace}/waivers/new`, form({ expiresAt: day(400) }))
    expect(late.status).toBe(422)
    expect(await text(late)).toContain('tối đa 365 ngày')
    expect(await db().securityWaiver.count()).toBe(0)
  })

  it('staff request it, an officer approves it, and the finding shows as waived', async () => {
    const asked = await staff.post(`/projects/${namespace}/waivers/new`, form())
    expect(asked.status).toBe(302)
    const waiver = await db().securityWaiver.findFirstOrThrow({ where: { projectId } })
    expect(asked.headers.get('location')).toBe(`/waivers/${waiver.number}?done=request`)
    expect(waiver).toMatchObject({ state: 'requested', requestedById: ids['an.nguyen'], subjectName: 'web' })
    expect(await text(await officer.get('/waivers'))).toContain(`data-waiver="${waiver.number}"`)
    const approved = await officer.post(`/waivers/${waiver.number}`, {
      intent: 'approve',
      reason: 'Đủ biện pháp bù đắp.',
    })
    expect(approved.status).toBe(302)
    expect((await db().securityWaiver.findUniqueOrThrow({ where: { id: waiver.id } })).state).toBe('approved')
    const page = await text(await staff.get(`/projects/${namespace}`))
    expect(page).toMatch(new RegExp(`data-finding="${findingId}" data-status="waived"`))
    const csv = await officer.get('/waivers/report')
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(await csv.text()).toContain(`${waiver.number},Sắp hết hạn (30 ngày tới)`)
  })
})

describe('attacks on waivers', () => {
  it("another agency's staff can neither ask for nor read a waiver of a project not theirs (404, audited)", async () => {
    const waiver = await db().securityWaiver.findFirstOrThrow({ where: { projectId } })
    expect((await otherStaff.get(`/projects/${namespace}/waivers/new?finding=${findingId}`)).status).toBe(404)
    const post = await otherStaff.post(`/projects/${namespace}/waivers/new`, form({ expiresAt: day(10) }))
    expect(post.status).toBe(404)
    const read = await otherStaff.get(`/waivers/${waiver.number}`)
    expect(read.status).toBe(404)
    expect(await text(read)).not.toContain(waiver.justification)
    const list = await text(await otherStaff.get('/waivers'))
    expect(list).not.toContain(`data-waiver="${waiver.number}"`)
    expect(await db().securityWaiver.count()).toBe(1)
    expect((await denials(projectId)).filter((d) => d.actorId === ids['lan.hoang']).map((d) => d.action)).toEqual([
      'waiver.request',
      'waiver.request',
    ])
    expect((await denials(waiver.id)).map((d) => [d.action, d.actorId])).toEqual([['waiver.read', ids['lan.hoang']]])
  })

  it('agency staff and an operator cannot decide (403), and an operator cannot read it; audited', async () => {
    const asked = await requestWaiver(db(), {
      projectId,
      target: { checkId: 'GC-WL-03' },
      fields: form({ expiresAt: day(20) }),
      actor: { id: ids['an.nguyen'] ?? '', label: 'Nguyễn Văn An' },
    })
    if (!asked?.ok) throw new Error('not requested')
    const path = `/waivers/${asked.waiver.number}`
    expect((await staff.post(path, { intent: 'approve', reason: 'Tự duyệt.' })).status).toBe(403)
    expect((await operator.post(path, { intent: 'approve', reason: 'Duyệt.' })).status).toBe(403)
    expect((await operator.get(path)).status).toBe(403)
    expect((await db().securityWaiver.findUniqueOrThrow({ where: { id: asked.waiver.id } })).state).toBe('requested')
    expect((await denials(asked.waiver.id)).map((d) => [d.action, d.actorId])).toEqual([
      ['waiver.decide', ids['an.nguyen']],
      // The operator is refused at the gate, before reading what they sent: they may not read waivers.
      ['waiver.read', ids['duc.dang']],
      ['waiver.read', ids['duc.dang']],
    ])
  })

  it('a security officer cannot decide a waiver they asked for themself (403, audited)', async () => {
    // An officer who asked through the workflow as if for the agency (a person with both roles).
    const asked = await requestWaiver(db(), {
      projectId,
      target: { findingId: (await db().securityFinding.findFirstOrThrow({ where: { subjectName: 'api' } })).id },
      fields: form({ expiresAt: day(20) }),
      actor: { id: ids['huong.pham'] ?? '', label: 'Phạm Thu Hương' },
    })
    if (!asked?.ok) throw new Error('not requested')
    const path = `/waivers/${asked.waiver.number}`
    expect(await text(await officer.get(path))).toContain('không thể tự quyết định')
    const own = await officer.post(path, { intent: 'approve', reason: 'Tôi tự duyệt.' })
    expect(own.status).toBe(403)
    expect(await text(own)).toContain('Người đề nghị không thể tự quyết định miễn trừ của mình.')
    expect((await db().securityWaiver.findUniqueOrThrow({ where: { id: asked.waiver.id } })).state).toBe('requested')
    expect((await denials(asked.waiver.id)).map((d) => [d.action, d.actorId])).toEqual([
      ['waiver.approve', ids['huong.pham']],
    ])
  })
})
