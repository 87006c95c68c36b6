import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordFindings } from '#server/security/findings'
import { findingStatus } from '#server/security/finding-status'
import { actOnWaiver } from '#server/workflow/waiver-actions'
import { sweepWaivers } from '#server/workflow/waiver-expiry'
import { requestWaiver } from '#server/workflow/waiver-request'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makeProject, makeSession, makeUser } from '../../helpers/fixtures'

// The waivers' workflow on the real database (issue 13, decision 0041): a request for a finding
// or a whole check, bounded by severity; decided by an officer who did not ask, each refusal of
// duties audited; notices to the officers, the requester and the agency; the sweep's warnings
// (14 and 3 days, once each) and its expiry, after which the finding counts as open again.

let database: TestDatabase
let agencyId: string
let projectId: string
let otherProjectId: string
let staffId: string
let colleagueId: string
let officerId: string
let officerStaffId: string
let operatorId: string
const now = new Date()
const days = (n: number) => new Date(now.getTime() + n * 86_400_000)
const fields = (expiresInDays: number, over: Record<string, unknown> = {}) => ({
  justification: 'Phần mềm của nhà cung cấp chỉ chạy với image này; bản mới dự kiến quý 1.',
  compensatingControl: 'Chỉ cho phép truy cập từ mạng nội bộ của Sở; rà soát nhật ký hằng tuần.',
  expiresAt: days(expiresInDays).toISOString(),
  ...over,
})
const who = (id: string, roles: string[], label = 'Người dùng') => ({ id, roles, label })

beforeAll(async () => {
  database = await createTestDatabase()
  const { db } = database
  agencyId = await makeAgency(db, 'Sở Tài nguyên và Môi trường', { code: 'so-tnmt-waivers' })
  projectId = await makeProject(db, agencyId, { securityLevel: 3, name: 'Cơ sở dữ liệu đất đai' })
  otherProjectId = await makeProject(db, await makeAgency(db, 'Sở Y tế'), { securityLevel: 3 })
  staffId = await makeUser(db, 'Hoàng Thị Lan')
  colleagueId = await makeUser(db, 'Nông Văn Bình')
  officerId = await makeUser(db, 'Phạm Thu Hương')
  officerStaffId = await makeUser(db, 'Lý Văn Tài')
  operatorId = await makeUser(db, 'Triệu Văn Minh')
  await makeSession(db, staffId, ['agency_staff'], { agencyCodes: ['so-tnmt-waivers'] })
  await makeSession(db, colleagueId, ['agency_staff'], { agencyCodes: ['so-tnmt-waivers'] })
  await makeSession(db, officerId, ['security_officer'])
  await makeSession(db, officerStaffId, ['agency_staff', 'security_officer'], { agencyCodes: ['so-tnmt-waivers'] })
  await makeSession(db, operatorId, ['dc_operator'])
  const seen = (pid: string, ns: string, name: string) => ({
    checkId: 'GC-WL-02',
    subject: { kind: 'Deployment', namespace: ns, name },
    projectId: pid,
    agencyId,
    securityLevel: 3,
    severity: 'high' as const,
    detail: {},
  })
  await recordFindings(
    db,
    { checkIds: ['GC-WL-02'] },
    [seen(projectId, 'ns-land', 'web'), seen(projectId, 'ns-land', 'api'), seen(otherProjectId, 'ns-health', 'web')],
    days(-40),
  )
})
afterAll(() => database.drop())

const finding = (name: string, pid = projectId) =>
  database.db.securityFinding.findFirstOrThrow({ where: { projectId: pid, subjectName: name, resolvedAt: null } })
const notices = (waiverNumber: number) =>
  database.db.notification.findMany({
    where: { link: `/waivers/${waiverNumber}` },
    select: { recipientId: true, kind: true, onceKey: true },
    orderBy: [{ createdAt: 'asc' }, { recipientId: 'asc' }],
  })
const auditOf = (waiverId: string) =>
  database.db.auditEntry.findMany({
    where: { entityType: 'SecurityWaiver', entityId: waiverId },
    select: { action: true, outcome: true, actorId: true, after: true },
    orderBy: { seq: 'asc' },
  })
async function statusOf(name: string, at: Date) {
  const row = await finding(name)
  const waivers = await database.db.securityWaiver.findMany({ where: { projectId } })
  return findingStatus({ ...row, severity: row.severity }, waivers, at)
}

describe('requesting a waiver', () => {
  it('refuses what the severity does not allow, another project’s finding and the platform’s checks', async () => {
    const { db } = database
    const web = await finding('web')
    const ask = (target: Parameters<typeof requestWaiver>[1]['target'], f: unknown, pid = projectId) =>
      requestWaiver(db, { projectId: pid, target, fields: f, actor: who(staffId, ['agency_staff']) })
    // High at level 3: at most 90 days.
    expect(await ask({ findingId: web.id }, fields(91))).toMatchObject({
      ok: false,
      errors: [{ code: 'waiver.expiry_too_late', params: { days: 90 } }],
    })
    const theirs = await finding('web', otherProjectId)
    expect(await ask({ findingId: theirs.id }, fields(10))).toMatchObject({
      ok: false,
      errors: [{ code: 'waiver.finding_not_open' }],
    })
    expect(await ask({ checkId: 'GC-PLT-01' }, fields(10))).toMatchObject({
      errors: [{ code: 'waiver.check_platform' }],
    })
    expect(await ask({ checkId: 'GC-S3-03' }, fields(10))).toMatchObject({
      errors: [{ code: 'waiver.check_not_at_level' }],
    })
    expect(await ask({ checkId: 'GC-NOPE' }, fields(10))).toMatchObject({ errors: [{ code: 'waiver.check_unknown' }] })
    expect(await db.securityWaiver.count()).toBe(0)
  })

  it('writes the request, tells the security officers and audits it; a second one of the same is refused', async () => {
    const { db } = database
    const web = await finding('web')
    const result = await requestWaiver(db, {
      projectId,
      target: { findingId: web.id },
      fields: fields(20),
      actor: who(staffId, ['agency_staff'], 'Hoàng Thị Lan'),
    })
    if (!result?.ok) throw new Error(JSON.stringify(result))
    expect(result.waiver).toMatchObject({
      state: 'requested',
      checkId: 'GC-WL-02',
      subjectKind: 'Deployment',
      subjectNamespace: 'ns-land',
      subjectName: 'web',
      requestedById: staffId,
    })
    const told = await notices(result.waiver.number)
    expect(told.map((n) => n.recipientId).sort()).toEqual([officerId, officerStaffId].sort())
    expect(told.every((n) => n.kind === 'waiver_requested')).toBe(true)
    expect(await auditOf(result.waiver.id)).toMatchObject([
      { action: 'waiver.request', outcome: 'ok', actorId: staffId },
    ])
    const again = await requestWaiver(db, {
      projectId,
      target: { findingId: web.id },
      fields: fields(20),
      actor: who(colleagueId, ['agency_staff']),
    })
    expect(again).toMatchObject({ ok: false, errors: [{ code: 'waiver.duplicate' }] })
  })
})

describe('deciding a waiver', () => {
  it('refuses the requester (even as an officer), an operator and a colleague withdrawing; each refusal audited', async () => {
    const { db } = database
    const api = await finding('api')
    const asked = await requestWaiver(db, {
      projectId,
      target: { findingId: api.id },
      fields: fields(30),
      actor: who(officerStaffId, ['agency_staff', 'security_officer'], 'Lý Văn Tài'),
    })
    if (!asked?.ok) throw new Error('not requested')
    const id = asked.waiver.id
    const act = (action: 'approve' | 'withdraw', actor: ReturnType<typeof who>) =>
      actOnWaiver(db, { waiverId: id, action, actor, reason: 'Chấp nhận rủi ro tạm thời.' })
    expect(await act('approve', who(officerStaffId, ['agency_staff', 'security_officer']))).toMatchObject({
      ok: false,
      error: { code: 'waiver.requester_cannot_decide' },
    })
    expect(await act('approve', who(operatorId, ['dc_operator']))).toMatchObject({
      error: { code: 'waiver.role_not_allowed' },
    })
    expect(await act('withdraw', who(colleagueId, ['agency_staff']))).toMatchObject({
      error: { code: 'waiver.only_requester_withdraws' },
    })
    expect((await db.securityWaiver.findUniqueOrThrow({ where: { id } })).state).toBe('requested')
    expect((await auditOf(id)).map((e) => [e.action, e.outcome, e.actorId])).toEqual([
      ['waiver.request', 'ok', officerStaffId],
      ['waiver.approve', 'denied', officerStaffId],
      ['waiver.approve', 'denied', operatorId],
      ['waiver.withdraw', 'denied', colleagueId],
    ])
    // Nor can the database be made to hold it, whatever the console does.
    await expect(
      db.securityWaiver.update({ where: { id }, data: { state: 'approved', decidedById: officerStaffId } }),
    ).rejects.toThrow(/SecurityWaiver_decided_by_another/)
    expect(await act('withdraw', who(officerStaffId, ['agency_staff', 'security_officer']))).toMatchObject({
      ok: true,
      value: { state: 'withdrawn' },
    })
  })

  it('an officer approves with a reason: the requester is told and the finding is waived', async () => {
    const { db } = database
    const waiver = await db.securityWaiver.findFirstOrThrow({ where: { subjectName: 'web', state: 'requested' } })
    expect(await statusOf('web', now)).toBe('overdue')
    const none = await actOnWaiver(db, {
      waiverId: waiver.id,
      action: 'approve',
      actor: who(officerId, ['security_officer']),
    })
    expect(none).toMatchObject({ ok: false, error: { code: 'waiver.reason_required' } })
    const approved = await actOnWaiver(db, {
      waiverId: waiver.id,
      action: 'approve',
      actor: who(officerId, ['security_officer'], 'Phạm Thu Hương'),
      reason: 'Biện pháp bù đắp đủ trong 20 ngày.',
    })
    expect(approved).toMatchObject({ ok: true, value: { state: 'approved', decidedById: officerId } })
    expect((await notices(waiver.number)).filter((n) => n.kind === 'waiver_approved')).toEqual([
      { recipientId: staffId, kind: 'waiver_approved', onceKey: null },
    ])
    expect(await statusOf('web', now)).toBe('waived')
    expect(await statusOf('api', now)).toBe('overdue')
  })
})

describe('the sweep', () => {
  it('warns 14 and 3 days ahead, each once, then expires it and the finding is open again', async () => {
    const { db } = database
    const waiver = await db.securityWaiver.findFirstOrThrow({ where: { subjectName: 'web', state: 'approved' } })
    const at = (n: number) => new Date(waiver.expiresAt.getTime() - n * 86_400_000)
    expect(await sweepWaivers(db, at(15))).toEqual({ expired: [], warned: [] })
    expect(await sweepWaivers(db, at(13))).toEqual({ expired: [], warned: [{ number: waiver.number, days: 14 }] })
    expect(await sweepWaivers(db, at(12))).toEqual({ expired: [], warned: [] })
    expect(await sweepWaivers(db, at(2))).toEqual({ expired: [], warned: [{ number: waiver.number, days: 3 }] })
    expect(await sweepWaivers(db, at(1))).toEqual({ expired: [], warned: [] })
    const warnings = (await notices(waiver.number)).filter((n) => n.kind === 'waiver_expiring')
    // The requester and the agency's staff (the officer who is agency staff too), each once per warning.
    expect(warnings.map((n) => `${n.recipientId === staffId ? 'requester' : 'agency'}:${n.onceKey}`).sort()).toEqual(
      [
        `agency:waiver-expiring:${waiver.id}:14`,
        `agency:waiver-expiring:${waiver.id}:14`,
        `agency:waiver-expiring:${waiver.id}:3`,
        `agency:waiver-expiring:${waiver.id}:3`,
        `requester:waiver-expiring:${waiver.id}:14`,
        `requester:waiver-expiring:${waiver.id}:3`,
      ].sort(),
    )
    const after = new Date(waiver.expiresAt.getTime() + 1000)
    expect(await statusOf('web', after)).toBe('overdue')
    expect(await sweepWaivers(db, after)).toEqual({ expired: [waiver.number], warned: [] })
    expect(await sweepWaivers(db, after)).toEqual({ expired: [], warned: [] })
    expect((await db.securityWaiver.findUniqueOrThrow({ where: { id: waiver.id } })).state).toBe('expired')
    expect((await notices(waiver.number)).filter((n) => n.kind === 'waiver_expired').length).toBe(3)
    expect((await auditOf(waiver.id)).map((e) => e.action)).toEqual([
      'waiver.request',
      'waiver.approve',
      'waiver.expiry_warning',
      'waiver.expiry_warning',
      'waiver.expire',
    ])
  })

  it('an officer revokes a waiver of a whole check: the requester and the agency are told', async () => {
    const { db } = database
    const asked = await requestWaiver(db, {
      projectId,
      target: { checkId: 'GC-WL-02' },
      fields: fields(60),
      actor: who(staffId, ['agency_staff']),
    })
    if (!asked?.ok) throw new Error('not requested')
    expect(asked.waiver.subjectKind).toBeNull()
    const officer = who(officerId, ['security_officer'])
    await actOnWaiver(db, { waiverId: asked.waiver.id, action: 'approve', actor: officer, reason: 'Được.' })
    expect(await statusOf('api', now)).toBe('waived')
    const revoked = await actOnWaiver(db, {
      waiverId: asked.waiver.id,
      action: 'revoke',
      actor: officer,
      reason: 'Phát hiện khai thác thực tế.',
    })
    expect(revoked).toMatchObject({
      ok: true,
      value: {
        state: 'revoked',
        decidedById: officerId,
        revokedById: officerId,
        revokeReason: 'Phát hiện khai thác thực tế.',
      },
    })
    expect(await statusOf('api', now)).toBe('overdue')
    const told = (await notices(asked.waiver.number)).filter((n) => n.kind === 'waiver_revoked')
    expect(told.map((n) => n.recipientId).sort()).toEqual([staffId, colleagueId, officerStaffId].sort())
  })
})
