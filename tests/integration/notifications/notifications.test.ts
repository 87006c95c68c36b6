import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { EMAIL_JOB } from '#server/notifications/record'
import { actOnRequest, type ActInput } from '#server/workflow/act-on-request'
import { officer, operator, staff } from '../../helpers/actors'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makeDraft, makePools, makeProject, makeSession, makeUser } from '../../helpers/fixtures'

let t: TestDatabase
let agencyId: string
const ids: Record<string, string> = {}
const names: Record<string, string> = {}

beforeAll(async () => {
  t = await createTestDatabase()
  agencyId = await makeAgency(t.db, 'UBND xã Đồng Đăng')
  await makePools(t.db, { cpu: 100_000n })
  const hour = 3_600_000
  for (const [name, display] of [
    ['requester', 'Lương Thị Hạnh'],
    ['opA', 'Đặng Minh Đức'],
    ['opB', 'Bế Văn Tuấn'],
    ['sec', 'Phạm Thị Hương'],
    ['both', 'Hoàng Văn Thụ'],
    ['former', 'Nông Thị Lan'],
    ['stranger', 'Vi Văn Định'],
  ] as const) {
    ids[name] = await makeUser(t.db, display)
    names[ids[name]] = name
  }
  await makeSession(t.db, ids.requester!, ['agency_staff'], { agencyCodes: ['ag'] })
  await makeSession(t.db, ids.opA!, ['dc_operator'])
  await makeSession(t.db, ids.opB!, ['dc_operator'], { lastSeenAt: new Date(Date.now() - 72 * hour) })
  await makeSession(t.db, ids.sec!, ['security_officer'])
  await makeSession(t.db, ids.both!, ['dc_operator', 'security_officer'])
  // Was an operator, lost the role in Keycloak: the latest session counts.
  await makeSession(t.db, ids.former!, ['dc_operator'], { lastSeenAt: new Date(Date.now() - 48 * hour) })
  await makeSession(t.db, ids.former!, ['agency_staff'], { lastSeenAt: new Date(Date.now() - hour) })
})
afterAll(async () => t?.drop())

const act = async (input: Omit<ActInput, 'policy'>) => {
  const result = await actOnRequest(t.db, { policy: DEFAULT_APPROVAL_POLICY, ...input })
  if (!result?.ok) throw new Error(`refused: ${JSON.stringify(result)}`)
  return result.value
}
const submitted = async (options: { securityLevel?: number; cpu?: bigint } = {}) => {
  const projectId = await makeProject(t.db, agencyId, {
    securityLevel: options.securityLevel ?? 2,
    name: 'Cổng dịch vụ công Lạng Sơn',
  })
  const id = await makeDraft(t.db, {
    projectId,
    agencyId,
    requesterId: ids.requester!,
    lines: { cpu: options.cpu ?? 4_000n },
  })
  await act({ requestId: id, action: 'submit', actor: staff(ids.requester!), expectedVersion: 1 })
  return id
}
/** Notifications of a request as `recipient:kind`, sorted. */
async function notices(requestId: string): Promise<string[]> {
  const rows = await t.db.notification.findMany({ where: { requestId }, select: { recipientId: true, kind: true } })
  return rows.map((r) => `${names[r.recipientId] ?? r.recipientId}:${r.kind}`).sort()
}

/** The requester was told `kind` of the request, with this reason. */
async function expectRequesterTold(requestId: string, kind: 'request_returned' | 'request_revoked', reason: string) {
  const notice = await t.db.notification.findFirstOrThrow({ where: { requestId, kind } })
  expect(names[notice.recipientId]).toBe('requester')
  expect(notice.params).toMatchObject({ reason })
}

describe('notifications of request events', () => {
  it('tells every operator of a submission (not the requester, nor a former operator, nor a stranger), with an e-mail job each', async () => {
    const id = await submitted()
    expect(await notices(id)).toEqual(['both:request_submitted', 'opA:request_submitted', 'opB:request_submitted'])
    const rows = await t.db.notification.findMany({
      where: { requestId: id },
      select: { id: true, link: true, requestNumber: true, params: true, readAt: true, emailState: true },
    })
    const request = await t.db.quotaRequest.findUniqueOrThrow({ where: { id }, select: { number: true } })
    for (const row of rows) {
      expect(row).toMatchObject({
        link: `/requests/${request.number}`,
        requestNumber: request.number,
        readAt: null,
        emailState: 'pending',
      })
      expect(row.params).toMatchObject({
        requestKind: 'new',
        projectName: 'Cổng dịch vụ công Lạng Sơn',
        agencyNameVi: 'UBND xã Đồng Đăng',
        signOffRequired: false,
      })
    }
    const jobs = await t.db.job.findMany({ where: { kind: EMAIL_JOB, key: { in: rows.map((r) => r.id) } } })
    expect(jobs).toHaveLength(3)
  })

  it('also tells security officers when the system needs their sign-off, once each', async () => {
    const id = await submitted({ securityLevel: 3 })
    expect(await notices(id)).toEqual([
      'both:request_submitted',
      'opA:request_submitted',
      'opB:request_submitted',
      'sec:request_submitted',
    ])
  })

  it('tells the requester of a return with the reason, and the operators again of the resubmission', async () => {
    const id = await submitted()
    await act({
      requestId: id,
      action: 'return',
      actor: operator(ids.opA!),
      expectedVersion: 2,
      payload: { reason: 'Bổ sung số lượng người dùng đồng thời' },
    })
    await expectRequesterTold(id, 'request_returned', 'Bổ sung số lượng người dùng đồng thời')
    await act({ requestId: id, action: 'resubmit', actor: staff(ids.requester!), expectedVersion: 3 })
    const submissions = await t.db.notification.count({ where: { requestId: id, kind: 'request_submitted' } })
    expect(submissions).toBe(6)
  })

  it('tells the requester of an approval in part, and nobody else', async () => {
    const id = await submitted()
    const before = await notices(id)
    await act({
      requestId: id,
      action: 'approve',
      actor: operator(ids.opA!),
      expectedVersion: 2,
      payload: { decidedLines: [{ resource: 'cpu', amount: 2_000n }] },
    })
    expect((await notices(id)).filter((n) => !before.includes(n))).toEqual(['requester:request_approved'])
    const approved = await t.db.notification.findFirstOrThrow({ where: { requestId: id, kind: 'request_approved' } })
    expect(approved.params).toMatchObject({ outcome: 'partial', automatic: false })
  })

  it('tells the requester of a sign-off, then of the approval', async () => {
    const id = await submitted({ securityLevel: 4 })
    await act({
      requestId: id,
      action: 'sign_off',
      actor: officer(ids.sec!),
      expectedVersion: 2,
      payload: { reason: 'Hồ sơ đề xuất cấp độ đã được phê duyệt' },
    })
    await act({ requestId: id, action: 'approve', actor: operator(ids.opB!), expectedVersion: 3 })
    const mine = (await notices(id)).filter((n) => n.startsWith('requester:'))
    expect(mine).toEqual(['requester:request_approved', 'requester:request_signed_off'])
  })

  it('tells the requester of a sign-off that completes the approval as an approval only', async () => {
    const id = await submitted({ securityLevel: 3 })
    await act({ requestId: id, action: 'approve', actor: operator(ids.opA!), expectedVersion: 2 })
    expect((await notices(id)).filter((n) => n.startsWith('requester:'))).toEqual([])
    await act({ requestId: id, action: 'sign_off', actor: officer(ids.sec!), expectedVersion: 3 })
    expect((await notices(id)).filter((n) => n.startsWith('requester:'))).toEqual(['requester:request_approved'])
  })

  it('tells the requester of a rejection and of a revocation, with the reasons', async () => {
    const rejected = await submitted()
    await act({
      requestId: rejected,
      action: 'reject',
      actor: operator(ids.opB!),
      expectedVersion: 2,
      payload: { reason: 'Không phù hợp quy hoạch' },
    })
    expect((await notices(rejected)).filter((n) => n.startsWith('requester:'))).toEqual(['requester:request_rejected'])

    const granted = await submitted()
    await act({ requestId: granted, action: 'approve', actor: operator(ids.opA!), expectedVersion: 2 })
    await act({
      requestId: granted,
      action: 'revoke',
      actor: operator(ids.opB!),
      expectedVersion: 3,
      payload: { reason: 'Hệ thống đã ngừng vận hành' },
    })
    await expectRequesterTold(granted, 'request_revoked', 'Hệ thống đã ngừng vận hành')
  })

  it('never tells the actor of their own action', async () => {
    const projectId = await makeProject(t.db, agencyId)
    // An operator filing a request for a project (they also act for the agency).
    const id = await makeDraft(t.db, { projectId, agencyId, requesterId: ids.both!, lines: { cpu: 1_000n } })
    await actOnRequest(t.db, {
      requestId: id,
      action: 'submit',
      actor: { id: ids.both!, roles: ['agency_staff', 'dc_operator'], label: 'x' },
      expectedVersion: 1,
      policy: DEFAULT_APPROVAL_POLICY,
    })
    expect(await notices(id)).toEqual(['opA:request_submitted', 'opB:request_submitted'])
  })

  it('writes no notification and queues no e-mail when the action is refused or rolled back', async () => {
    const id = await submitted({ cpu: 60_000n })
    const count = async () => [await t.db.notification.count(), await t.db.job.count({ where: { kind: EMAIL_JOB } })]
    const before = await count()
    const stale = await actOnRequest(t.db, {
      requestId: id,
      action: 'reject',
      actor: operator(ids.opA!),
      expectedVersion: 1,
      payload: { reason: 'x' },
      policy: DEFAULT_APPROVAL_POLICY,
    })
    expect(stale).toMatchObject({ ok: false, error: { code: 'request.stale' } })
    expect(await count()).toEqual(before)
    // Two approvals: the second hits a full pool inside the transaction, after the notifications were planned.
    const other = await submitted({ cpu: 60_000n })
    const afterOther = await count()
    await act({ requestId: other, action: 'approve', actor: operator(ids.opA!), expectedVersion: 2 })
    await act({ requestId: other, action: 'approve', actor: operator(ids.opB!), expectedVersion: 3 })
    const full = await actOnRequest(t.db, {
      requestId: id,
      action: 'approve',
      actor: operator(ids.opA!),
      expectedVersion: 2,
      policy: DEFAULT_APPROVAL_POLICY,
    })
    const full2 = full?.ok
      ? await actOnRequest(t.db, {
          requestId: id,
          action: 'approve',
          actor: operator(ids.opB!),
          expectedVersion: 3,
          policy: DEFAULT_APPROVAL_POLICY,
        })
      : full
    expect(full2).toMatchObject({ ok: false, error: { code: 'capacity.insufficient' } })
    // Only the other request's submission (3 operators) and approval (the requester) were written.
    expect(await count()).toEqual([afterOther[0]! + 1, afterOther[1]! + 1])
    expect(await t.db.notification.count({ where: { requestId: id, kind: { not: 'request_submitted' } } })).toBe(0)
  })
})
