import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { editSystem } from '#server/systems/edit'
import { decideLevelChange, proposeLevelChange, reopenLevel } from '#server/systems/rereview'
import { registerSystem, reviewSystem } from '#server/systems/store'
import { RECONCILE_JOB } from '#server/jobs/shared-with-sql'
import { projectMayRequest } from '#server/workflow/create-request'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeUser } from '../../helpers/fixtures'

// Editing a registration not yet confirmed and re-reviewing a confirmed level in the real database
// (decision 0084): each step one transaction with its history row, version, audit entry and
// notices; a refusal (stale version, confirmed, another level waiting, the proponent) writes
// nothing; the confirmed level stays in force, and the system may request, until a confirmation.

let t: TestDatabase
let lan: { actor: { id: string; label: string } }
let huong: { actor: { id: string; label: string } }
const AT = new Date('2026-12-07T02:00:00Z')
const NS = 'so-ytlc-he-thong-benh-an-dien-tu'
const OTHER = 'so-ytlc-cong-thong-tin'

const registration = {
  name: 'Hệ thống bệnh án điện tử',
  purpose: 'Lưu bệnh án của các trạm y tế xã.',
  securityLevel: 2,
  documentNumber: '12/QĐ-SYT',
  documentDate: '2026-11-02',
  documentIssuer: 'Sở Y tế tỉnh Lạng Sơn',
  processesPersonalData: true,
  ownerName: 'Sở Y tế',
  contact: { name: 'Đỗ Thị Hằng', email: 'hang@langson.gov.vn', phone: '0912 000 111' },
}
const proposal = (level: number, number: string) => ({
  securityLevel: level,
  documentNumber: number,
  documentDate: '2026-12-01',
  documentIssuer: 'Ủy ban nhân dân tỉnh Lạng Sơn',
})

const writes = async () => ({
  projects: await t.db.project.findMany({ orderBy: { id: 'asc' } }),
  steps: await t.db.systemRegistrationStep.count(),
  audit: await t.db.auditEntry.count(),
  notices: await t.db.notification.count(),
})
const stepsOf = async (namespace: string) =>
  (
    await t.db.systemRegistrationStep.findMany({
      where: { project: { namespace } },
      orderBy: [{ round: 'asc' }, { at: 'asc' }],
    })
  ).map((s) => [s.round, s.kind, s.securityLevel, s.documentNumber, s.reason])
const codes = (outcome: { ok: boolean; issues?: readonly { path: string; error: { code: string } }[] }) =>
  outcome.ok ? 'ok' : (outcome.issues ?? []).map((i) => `${i.path}:${i.error.code}`).join(' ')
const told = async (kind: string) =>
  (await t.db.notification.findMany({ where: { kind: kind as never } })).map((n) => [n.recipientId, n.link])

beforeAll(async () => {
  t = await createTestDatabase()
  lan = { actor: { id: await makeUser(t.db, 'Vi Thị Lan'), label: 'Vi Thị Lan' } }
  huong = { actor: { id: await makeUser(t.db, 'Phạm Thu Hương'), label: 'Phạm Thu Hương' } }
  await t.db.directoryRole.create({ data: { userId: huong.actor.id, role: 'security_officer' } })
  await t.db.agency.create({ data: { code: 'so-ytlc', nameVi: 'Sở Y tế', nameEn: 'Health', kind: 'department' } })
  for (const name of [registration.name, 'Cổng thông tin'])
    await registerSystem(t.db, { ...registration, name, agencyCode: 'so-ytlc' }, { ...lan, at: AT })
})
afterAll(async () => t?.drop())

describe('editing a registration not yet confirmed', () => {
  it('changes what was registered on the version read; a new round only when the level or document changed', async () => {
    const contacts = await editSystem(
      t.db,
      NS,
      {
        ...registration,
        name: 'Hệ thống bệnh án điện tử tỉnh'.normalize('NFD'),
        contact: { ...registration.contact, name: 'Hoàng Văn Nam' },
        version: 1,
      },
      { ...lan, at: AT },
    )
    expect(contacts.ok && contacts.value).toMatchObject({
      name: 'Hệ thống bệnh án điện tử tỉnh',
      namespace: NS,
      registrationState: 'pending',
    })
    const row = await t.db.project.findUniqueOrThrow({ where: { namespace: NS } })
    expect(row).toMatchObject({ contactName: 'Hoàng Văn Nam', registrationVersion: 2, securityLevel: 2 })
    expect(await stepsOf(NS)).toEqual([[1, 'submitted', 2, '12/QĐ-SYT', null]])
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: 'system.edit' } })
    expect(entry.before).toMatchObject({ name: 'Hệ thống bệnh án điện tử', contact: { name: 'Đỗ Thị Hằng' } })
    expect(entry.after).toMatchObject({ name: 'Hệ thống bệnh án điện tử tỉnh', round: 1, version: 2 })

    const level = await editSystem(
      t.db,
      NS,
      { ...registration, name: 'Hệ thống bệnh án điện tử tỉnh', ...proposal(3, '13/QĐ-SYT'), version: 2 },
      { ...lan, at: AT },
    )
    expect(level.ok && level.value.securityLevel).toBe(3)
    expect(await stepsOf(NS)).toEqual([
      [1, 'submitted', 2, '12/QĐ-SYT', null],
      [2, 'submitted', 3, '13/QĐ-SYT', null],
    ])
  })

  it('refuses a stale version, a name the agency has, and invalid fields, writing nothing', async () => {
    const before = await writes()
    const stale = await editSystem(t.db, NS, { ...registration, version: 2 }, { ...lan, at: AT })
    expect(stale).toEqual({
      ok: false,
      issues: [{ path: '', error: { code: 'system.changed_meanwhile', params: { version: 3 } } }],
    })
    const taken = await editSystem(
      t.db,
      NS,
      { ...registration, name: 'CỔNG THÔNG TIN', version: 3 },
      { ...lan, at: AT },
    )
    expect(codes(taken)).toBe('name:system.name_taken')
    const invalid = await editSystem(
      t.db,
      NS,
      { ...registration, purpose: '', documentIssuer: ' ', version: 3 },
      { ...lan, at: AT },
    )
    expect(codes(invalid)).toBe('purpose:system.purpose_required documentIssuer:system.document_required')
    expect(await writes()).toEqual(before)
  })

  it('makes the officer decide on the latest version: a review of an older one is refused', async () => {
    const stale = await reviewSystem(t.db, NS, { outcome: 'confirm', version: 2 }, huong)
    expect(codes(stale)).toBe(':system.changed_meanwhile')
    const returned = await reviewSystem(t.db, NS, { outcome: 'return', reason: 'Thiếu văn bản', version: 3 }, huong)
    expect(returned.ok && returned.value.registrationState).toBe('returned')
  })

  it('sends a returned registration again when edited, as a new round, and tells the officers', async () => {
    const resent = await editSystem(
      t.db,
      NS,
      { ...registration, name: 'Hệ thống bệnh án điện tử tỉnh', ...proposal(3, '13/QĐ-SYT'), version: 4 },
      {
        ...lan,
        at: AT,
      },
    )
    expect(resent.ok && resent.value.registrationState).toBe('pending')
    expect((await stepsOf(NS)).slice(-2)).toEqual([
      [2, 'returned', null, null, 'Thiếu văn bản'],
      [3, 'submitted', 3, '13/QĐ-SYT', null],
    ])
    // Registered once and sent again once: two notices of this system to the one officer.
    expect((await told('system_registered')).filter(([, link]) => link === `/security/systems/${NS}`)).toHaveLength(2)
  })

  it('is refused once confirmed', async () => {
    const confirmed = await reviewSystem(t.db, NS, { outcome: 'confirm', version: 5 }, huong)
    expect(confirmed.ok && confirmed.value).toMatchObject({ registrationState: 'confirmed', securityLevel: 3 })
    const before = await writes()
    const edit = await editSystem(t.db, NS, { ...registration, version: 6 }, { ...lan, at: AT })
    expect(codes(edit)).toBe(':system.not_editable')
    expect(await writes()).toEqual(before)
  })
})

describe('re-reviewing a confirmed level', () => {
  it('keeps the confirmed level and requests while a change waits; the officer confirms it', async () => {
    const project = await t.db.project.findUniqueOrThrow({ where: { namespace: NS } })
    const same = await proposeLevelChange(t.db, NS, { ...proposal(3, '20/QĐ-UBND'), version: 6 }, { ...lan, at: AT })
    expect(codes(same)).toBe('securityLevel:system.level_same_as_in_force')
    const proposed = await proposeLevelChange(
      t.db,
      NS,
      { ...proposal(4, '20/QĐ-UBND'), version: 6 },
      { ...lan, at: AT },
    )
    expect(proposed.ok && proposed.value).toMatchObject({ registrationState: 'confirmed', securityLevel: 3 })
    expect(await t.db.project.findUniqueOrThrow({ where: { id: project.id } })).toMatchObject({
      levelReview: 'proposed',
      registrationVersion: 7,
    })
    // Meanwhile: the level in force and the right to request are those confirmed.
    expect(await projectMayRequest(t.db, project.id)).toEqual({ ok: true, value: true })
    expect(await told('system_level_change_proposed')).toEqual([[huong.actor.id, `/security/systems/${NS}`]])

    const before = await writes()
    const again = await proposeLevelChange(t.db, NS, { ...proposal(5, '21/QĐ-UBND'), version: 7 }, { ...lan, at: AT })
    expect(codes(again)).toBe(':system.level_review_open')
    const own = await decideLevelChange(t.db, NS, { outcome: 'confirm', version: 7 }, lan)
    expect(codes(own)).toBe(':system.reviewer_is_proponent')
    const stale = await decideLevelChange(t.db, NS, { outcome: 'confirm', version: 6 }, huong)
    expect(codes(stale)).toBe(':system.changed_meanwhile')
    const reopen = await reopenLevel(t.db, NS, { reason: 'Kiểm tra lại' }, huong)
    expect(codes(reopen)).toBe(':system.level_review_open')
    expect(await writes()).toEqual(before)

    const confirmed = await decideLevelChange(t.db, NS, { outcome: 'confirm', version: 7 }, huong)
    expect(confirmed.ok && confirmed.value.securityLevel).toBe(4)
    expect(await t.db.project.findUniqueOrThrow({ where: { id: project.id } })).toMatchObject({ levelReview: null })
    expect(await t.db.job.count({ where: { kind: RECONCILE_JOB, key: project.id } })).toBe(1)
    expect(await told('system_level_changed')).toEqual([[lan.actor.id, `/systems/${NS}`]])
    const audit = await t.db.auditEntry.findFirstOrThrow({ where: { action: 'system.level_review' } })
    expect(audit.before).toMatchObject({ levelInForce: 3, proposedLevel: 4, levelReview: 'proposed' })
    expect(audit.after).toMatchObject({ levelInForce: 4, step: 'confirmed' })
  })

  it('reopened by an officer: the agency may propose the same level again; a refusal keeps the level', async () => {
    const reopened = await reopenLevel(
      t.db,
      NS,
      { reason: 'Hệ thống đã kết nối cơ sở dữ liệu dân cư', version: 8 },
      huong,
    )
    expect(reopened.ok && reopened.value.securityLevel).toBe(4)
    expect(await told('system_reopened')).toEqual([[lan.actor.id, `/systems/${NS}`]])
    const nothing = await decideLevelChange(t.db, NS, { outcome: 'confirm' }, huong)
    expect(codes(nothing)).toBe(':system.level_change_not_proposed')
    const same = await proposeLevelChange(t.db, NS, proposal(4, '30/QĐ-UBND'), { ...lan, at: AT })
    expect(same.ok).toBe(true)
    const noReason = await decideLevelChange(t.db, NS, { outcome: 'refuse', reason: ' ' }, huong)
    expect(codes(noReason)).toBe('reason:system.reason_required')
    const refused = await decideLevelChange(
      t.db,
      NS,
      { outcome: 'refuse', reason: 'Văn bản chưa do cấp có thẩm quyền ban hành' },
      huong,
    )
    expect(refused.ok && refused.value.securityLevel).toBe(4)
    expect(await told('system_level_change_refused')).toEqual([[lan.actor.id, `/systems/${NS}`]])
    expect((await stepsOf(NS)).slice(-5)).toEqual([
      [4, 'submitted', 4, '20/QĐ-UBND', null],
      [4, 'confirmed', 4, null, null],
      [5, 'reopened', null, null, 'Hệ thống đã kết nối cơ sở dữ liệu dân cư'],
      [5, 'submitted', 4, '30/QĐ-UBND', null],
      [5, 'refused', null, null, 'Văn bản chưa do cấp có thẩm quyền ban hành'],
    ])
    const pending = await t.db.project.findUniqueOrThrow({ where: { namespace: OTHER } })
    const notConfirmed = await proposeLevelChange(t.db, OTHER, proposal(3, '1/QĐ'), { ...lan, at: AT })
    expect(codes(notConfirmed)).toBe(':system.not_confirmed')
    expect(pending.levelReview).toBeNull()
  })

  it('once its closing was approved: no proposal, reopening or edit; a round already open is still decided', async () => {
    const project = await t.db.project.findUniqueOrThrow({ where: { namespace: NS } })
    const proposed = await proposeLevelChange(t.db, NS, proposal(5, '40/QĐ-UBND'), { ...lan, at: AT })
    expect(proposed.ok).toBe(true)
    await t.db.projectClosure.create({
      data: {
        projectId: project.id,
        agencyId: project.agencyId,
        state: 'approved',
        reason: 'Hệ thống được thay thế',
        requestedById: lan.actor.id,
      },
    })
    const before = await writes()
    const again = await proposeLevelChange(t.db, NS, proposal(3, '41/QĐ-UBND'), { ...lan, at: AT })
    expect(codes(again)).toBe(':closure.system_closing')
    const reopen = await reopenLevel(t.db, NS, { reason: 'Kiểm tra lại' }, huong)
    expect(codes(reopen)).toBe(':closure.system_closing')
    expect(await writes()).toEqual(before)

    const refused = await decideLevelChange(t.db, NS, { outcome: 'refuse', reason: 'Hệ thống đang đóng' }, huong)
    expect(refused.ok && refused.value.securityLevel).toBe(4)
    const afterwards = await reopenLevel(t.db, NS, { reason: 'Kiểm tra lại' }, huong)
    expect(codes(afterwards)).toBe(':closure.system_closing')
  })
})
