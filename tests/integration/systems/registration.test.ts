import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { archiveAgency } from '#server/agencies/store'
import { registerSystem, resubmitSystem, reviewSystem } from '#server/systems/store'
import type { RegistrationInput } from '#server/domain/system-registration'
import { createDraftRequest, projectMayRequest } from '#server/workflow/create-request'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeUser } from '../../helpers/fixtures'

// Registering information systems and their review in the real database (decision 0055): each
// step one transaction with its history row, audit entry and notices; a refusal writes nothing;
// only a confirmed system may request quotas, at the level the officer confirmed.

let t: TestDatabase
let lan: { actor: { id: string; label: string } }
let huong: { actor: { id: string; label: string } }
const NAME = 'Cổng dịch vụ công xã Đồng Đăng'
const AT = new Date('2026-12-07T02:00:00Z')

const input = (agencyCode: string, overrides: Partial<RegistrationInput> = {}) => ({
  agencyCode,
  name: NAME,
  purpose: 'Tiếp nhận hồ sơ trực tuyến của người dân.',
  securityLevel: 3,
  documentNumber: '45/QĐ-UBND',
  documentDate: '2026-11-20',
  documentIssuer: 'Ủy ban nhân dân tỉnh Lạng Sơn',
  processesPersonalData: true,
  ownerName: 'Ủy ban nhân dân xã Đồng Đăng',
  contact: { name: 'Hoàng Văn Nam', email: 'nam@langson.gov.vn', phone: '0912 345 678' },
  ...overrides,
})

const content = {
  kind: 'new' as const,
  lines: [{ resource: 'cpu' as const, amount: 2000n }],
  backup: null,
  justification: 'Cổng dịch vụ công',
  endDate: null,
}

async function agency(code: string) {
  return t.db.agency.create({ data: { code, nameVi: `Cơ quan ${code}`, nameEn: code, kind: 'department' } })
}
const writes = async () => ({
  projects: await t.db.project.count(),
  steps: await t.db.systemRegistrationStep.count(),
  audit: await t.db.auditEntry.count(),
  notices: await t.db.notification.count(),
})

beforeAll(async () => {
  t = await createTestDatabase()
  lan = { actor: { id: await makeUser(t.db, 'Vi Thị Lan'), label: 'Vi Thị Lan' } }
  huong = { actor: { id: await makeUser(t.db, 'Phạm Thu Hương'), label: 'Phạm Thu Hương' } }
  await t.db.directoryRole.create({ data: { userId: huong.actor.id, role: 'security_officer' } })
})
afterAll(async () => t?.drop())

describe('registering', () => {
  it('keeps the Vietnamese name, derives the namespace, records the document and tells the officers', async () => {
    await agency('ubnd-dong-dang')
    const outcome = await registerSystem(t.db, input('ubnd-dong-dang', { name: `  ${NAME.normalize('NFD')} ` }), {
      ...lan,
      at: AT,
    })
    expect(outcome.ok && outcome.value).toMatchObject({
      name: NAME,
      namespace: 'ubnd-dong-dang-cong-dich-vu-cong-xa-dong-dang',
      registrationState: 'pending',
      securityLevel: 3,
    })
    const row = await t.db.project.findUniqueOrThrow({
      where: { namespace: 'ubnd-dong-dang-cong-dich-vu-cong-xa-dong-dang' },
      include: { registrationSteps: true },
    })
    expect(row).toMatchObject({ ownerName: 'Ủy ban nhân dân xã Đồng Đăng', contactPhone: '+84912345678' })
    expect(row.registrationSteps).toMatchObject([
      {
        round: 1,
        kind: 'submitted',
        securityLevel: 3,
        documentNumber: '45/QĐ-UBND',
        documentIssuer: 'Ủy ban nhân dân tỉnh Lạng Sơn',
      },
    ])
    expect(row.registrationSteps[0]?.documentDate?.toISOString()).toBe('2026-11-20T00:00:00.000Z')
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: 'system.register' } })
    expect(entry).toMatchObject({ actorLabel: 'Vi Thị Lan', entityId: row.id, agencyId: row.agencyId })
    const notices = await t.db.notification.findMany({ where: { kind: 'system_registered' } })
    expect(notices.map((n) => [n.recipientId, n.link])).toEqual([
      [huong.actor.id, '/security/systems/ubnd-dong-dang-cong-dich-vu-cong-xa-dong-dang'],
    ])
  })

  it('refuses the same name again, suffixes a different name with the same slug, and a namespace another agency has', async () => {
    const before = await writes()
    const again = await registerSystem(t.db, input('ubnd-dong-dang', { name: NAME.toUpperCase() }), { ...lan, at: AT })
    expect(again).toEqual({
      ok: false,
      issues: [{ path: 'name', error: { code: 'system.name_taken', params: { name: NAME.toUpperCase() } } }],
    })
    expect(await writes()).toEqual(before)
    const ascii = await registerSystem(t.db, input('ubnd-dong-dang', { name: 'Cong dich vu cong xa Dong Dang' }), {
      ...lan,
      at: AT,
    })
    expect(ascii.ok && ascii.value.namespace).toBe('ubnd-dong-dang-cong-dich-vu-cong-xa-dong-dang-2')
    // `ubnd-dong` + `dang-cong-dich-vu-cong-xa-dong-dang` is the first system's namespace.
    await agency('ubnd-dong')
    const other = await registerSystem(t.db, input('ubnd-dong', { name: 'Đang cổng dịch vụ công xã Đồng Đăng' }), {
      ...lan,
      at: AT,
    })
    expect(other.ok && other.value.namespace).toBe('ubnd-dong-dang-cong-dich-vu-cong-xa-dong-dang-3')
  })

  it('refuses a reserved namespace, a level without its document and an archived agency, writing nothing', async () => {
    await agency('kube')
    const archived = await agency('ubnd-cu')
    await archiveAgency(t.db, 'ubnd-cu', lan)
    const before = await writes()
    const reserved = await registerSystem(t.db, input('kube', { name: 'System' }), { ...lan, at: AT })
    expect(reserved).toEqual({
      ok: false,
      issues: [{ path: 'name', error: { code: 'project.namespace_reserved', params: { namespace: 'kube-system' } } }],
    })
    const noDocument = await registerSystem(t.db, input('kube', { name: 'Kho dữ liệu', documentNumber: '' }), {
      ...lan,
      at: AT,
    })
    expect(noDocument.ok || noDocument.issues.map((i) => `${i.path}:${i.error.code}`)).toEqual([
      'documentNumber:system.document_required',
    ])
    const closed = await registerSystem(t.db, input('ubnd-cu'), { ...lan, at: AT })
    expect(closed).toEqual({
      ok: false,
      issues: [{ path: 'agencyCode', error: { code: 'agency.archived', params: { code: archived.code } } }],
    })
    expect(await writes()).toEqual(before)
  })
})

describe('the review', () => {
  const NS = 'ubnd-dong-dang-cong-dich-vu-cong-xa-dong-dang'

  it('refuses quotas until confirmed; the proponent cannot review; a return, a resubmission, another level', async () => {
    const project = await t.db.project.findUniqueOrThrow({ where: { namespace: NS } })
    const requester = { projectId: project.id, requesterId: lan.actor.id, requesterLabel: 'Lan', content }
    expect(await createDraftRequest(t.db, requester)).toEqual({
      refused: { code: 'system.registration_pending', params: {} },
    })

    const before = await writes()
    const own = await reviewSystem(t.db, NS, { outcome: 'confirm' }, lan)
    expect(own.ok || own.issues[0]?.error.code).toBe('system.reviewer_is_proponent')
    const noReason = await reviewSystem(t.db, NS, { outcome: 'return', reason: ' ' }, huong)
    expect(noReason.ok || noReason.issues.map((i) => i.path)).toEqual(['reason'])
    expect(await writes()).toEqual(before)

    const returned = await reviewSystem(
      t.db,
      NS,
      { outcome: 'return', reason: 'Văn bản phê duyệt đã hết hiệu lực' },
      huong,
    )
    expect(returned.ok && returned.value.registrationState).toBe('returned')
    expect(await projectMayRequest(t.db, project.id)).toEqual({
      ok: false,
      error: { code: 'system.registration_returned', params: {} },
    })
    const told = await t.db.notification.findMany({ where: { kind: 'system_returned' } })
    expect(told.map((n) => [n.recipientId, n.link])).toEqual([[lan.actor.id, `/systems/${NS}`]])

    const resent = await resubmitSystem(
      t.db,
      NS,
      { securityLevel: 3, documentNumber: '51/QĐ-UBND', documentDate: '2026-12-01', documentIssuer: 'UBND tỉnh' },
      { ...lan, at: AT },
    )
    expect(resent.ok && resent.value.registrationState).toBe('pending')
    const set = await reviewSystem(
      t.db,
      NS,
      { outcome: 'set_level', securityLevel: 4, reason: 'Dữ liệu cá nhân của cả tỉnh' },
      huong,
    )
    expect(set.ok && set.value).toMatchObject({ registrationState: 'confirmed', securityLevel: 4 })
    const again = await reviewSystem(t.db, NS, { outcome: 'confirm' }, huong)
    expect(again.ok || again.issues[0]?.error.code).toBe('system.not_pending')

    const steps = await t.db.systemRegistrationStep.findMany({
      where: { projectId: project.id },
      orderBy: { at: 'asc' },
    })
    expect(steps.map((s) => [s.round, s.kind, s.securityLevel, s.documentNumber, s.reason])).toEqual([
      [1, 'submitted', 3, '45/QĐ-UBND', null],
      [1, 'returned', null, null, 'Văn bản phê duyệt đã hết hiệu lực'],
      [2, 'submitted', 3, '51/QĐ-UBND', null],
      [2, 'level_set', 4, null, 'Dữ liệu cá nhân của cả tỉnh'],
    ])
    const reviews = await t.db.auditEntry.findMany({ where: { action: 'system.review' }, orderBy: { seq: 'asc' } })
    expect(reviews.map((r) => r.after)).toMatchObject([
      { state: 'returned', round: 1 },
      { state: 'confirmed', securityLevel: 4, step: 'level_set', round: 2 },
    ])
    const draft = await createDraftRequest(t.db, requester)
    expect(draft !== null && 'id' in draft).toBe(true)
  })

  it('keeps the history append-only', async () => {
    await expect(t.db.systemRegistrationStep.updateMany({ data: { reason: 'rewritten' } })).rejects.toThrow()
    await expect(t.db.systemRegistrationStep.deleteMany({})).rejects.toThrow()
  })
})
