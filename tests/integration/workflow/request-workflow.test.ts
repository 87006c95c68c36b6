import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { actOnRequest, type ActInput } from '#server/workflow/act-on-request'
import { officer, operator } from '../../helpers/actors'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makePools, makeProject, makeSubmittedRequest, makeUser } from '../../helpers/fixtures'

let t: TestDatabase
let agencyId: string
let requester: string
let opA: string
let opB: string
let huong: string

beforeAll(async () => {
  t = await createTestDatabase()
  agencyId = await makeAgency(t.db, 'Bệnh viện Đa khoa tỉnh Lạng Sơn')
  requester = await makeUser(t.db, 'Lương Thị Hạnh')
  opA = await makeUser(t.db, 'Đặng Minh Đức')
  opB = await makeUser(t.db, 'Bế Văn Tuấn')
  huong = await makeUser(t.db, 'Phạm Thị Hương')
  await makePools(t.db, { cpu: 200_000n, memory: 1024n * GiB })
})
afterAll(async () => t?.drop())

const act = (input: Omit<ActInput, 'policy'>) => actOnRequest(t.db, { policy: DEFAULT_APPROVAL_POLICY, ...input })
const allocated = async (resource: string) =>
  (await t.db.poolResource.findFirstOrThrow({ where: { resource } })).allocated

describe('request workflow against PostgreSQL', () => {
  it('keeps decided amounts apart from requested ones when approving in part', async () => {
    const projectId = await makeProject(t.db, agencyId)
    const id = await makeSubmittedRequest(t.db, {
      projectId,
      agencyId,
      requesterId: requester,
      lines: { cpu: 8_000n, memory: 32n * GiB },
    })
    const before = await allocated('cpu')
    const result = await act({
      requestId: id,
      action: 'approve',
      actor: operator(opA),
      expectedVersion: 1,
      payload: {
        decidedLines: [
          { resource: 'cpu', amount: 4_000n },
          { resource: 'memory', amount: 16n * GiB },
        ],
      },
    })
    expect(result).toMatchObject({ ok: true, value: { state: 'approved', outcome: 'partial' } })
    const lines = await t.db.requestLine.findMany({ where: { requestId: id }, orderBy: { resource: 'asc' } })
    expect(lines.map((l) => [l.resource, l.requested, l.decided])).toEqual([
      ['cpu', 8_000n, 4_000n],
      ['memory', 32n * GiB, 16n * GiB],
    ])
    expect((await allocated('cpu')) - before).toBe(4_000n)
    const allocation = await t.db.allocation.findUniqueOrThrow({ where: { projectId }, include: { lines: true } })
    expect(allocation.lines.find((l) => l.resource === 'cpu')?.amount).toBe(4_000n)
  })

  it('holds a level-3 system until a security officer signs off, then allocates', async () => {
    const projectId = await makeProject(t.db, agencyId, { securityLevel: 3 })
    const id = await makeSubmittedRequest(t.db, { projectId, agencyId, requesterId: requester, lines: { cpu: 2_000n } })
    const before = await allocated('cpu')
    expect(await act({ requestId: id, action: 'approve', actor: operator(opA), expectedVersion: 1 })).toMatchObject({
      ok: true,
      value: { state: 'submitted' },
    })
    expect(await allocated('cpu')).toBe(before)
    const refused = await act({
      requestId: id,
      action: 'approve',
      actor: officer(huong, 'officer'),
      expectedVersion: 2,
    })
    expect(refused).toMatchObject({ ok: false, error: { code: 'request.security_officer_cannot_approve' } })
    const signed = await act({
      requestId: id,
      action: 'sign_off',
      actor: officer(huong, 'officer'),
      expectedVersion: 2,
      payload: { reason: 'Hồ sơ cấp độ 3 đã được phê duyệt' },
    })
    expect(signed).toMatchObject({ ok: true, value: { state: 'approved', outcome: 'full' } })
    expect((await allocated('cpu')) - before).toBe(2_000n)
    const votes = await t.db.requestVote.findMany({ where: { requestId: id }, orderBy: { createdAt: 'asc' } })
    expect(votes.map((v) => v.kind)).toEqual(['approve', 'sign_off'])
    expect(votes[1]?.reason).toBe('Hồ sơ cấp độ 3 đã được phê duyệt')
  })

  it('needs two different operators above the size threshold', async () => {
    const projectId = await makeProject(t.db, agencyId)
    const id = await makeSubmittedRequest(t.db, {
      projectId,
      agencyId,
      requesterId: requester,
      lines: { cpu: 64_000n },
    })
    expect(await act({ requestId: id, action: 'approve', actor: operator(opA), expectedVersion: 1 })).toMatchObject({
      ok: true,
      value: { state: 'submitted' },
    })
    expect(await act({ requestId: id, action: 'approve', actor: operator(opA), expectedVersion: 2 })).toMatchObject({
      ok: false,
      error: { code: 'request.duplicate_approval' },
    })
    expect(await act({ requestId: id, action: 'approve', actor: operator(opB), expectedVersion: 2 })).toMatchObject({
      ok: true,
      value: { state: 'approved' },
    })
  })

  it('refuses a stale form and writes nothing', async () => {
    const projectId = await makeProject(t.db, agencyId)
    const id = await makeSubmittedRequest(t.db, { projectId, agencyId, requesterId: requester, lines: { cpu: 1_000n } })
    await act({
      requestId: id,
      action: 'return',
      actor: operator(opA),
      expectedVersion: 1,
      payload: { reason: 'Bổ sung số người dùng' },
    })
    const auditBefore = await t.db.auditEntry.count()
    const stale = await act({ requestId: id, action: 'approve', actor: operator(opB), expectedVersion: 1 })
    expect(stale).toMatchObject({ ok: false, error: { code: 'request.stale', params: { expected: 1, current: 2 } } })
    expect(await t.db.auditEntry.count()).toBe(auditBefore)
    expect(await t.db.quotaRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({
      state: 'returned',
      reason: 'Bổ sung số người dùng',
      version: 2,
    })
  })

  it('refuses the requester deciding on their own request', async () => {
    const projectId = await makeProject(t.db, agencyId)
    const id = await makeSubmittedRequest(t.db, { projectId, agencyId, requesterId: opA, lines: { cpu: 1_000n } })
    expect(await act({ requestId: id, action: 'approve', actor: operator(opA), expectedVersion: 1 })).toMatchObject({
      ok: false,
      error: { code: 'request.requester_cannot_decide' },
    })
  })

  it('gives capacity back when an allocation is revoked, and a decrease releases what it names', async () => {
    const projectId = await makeProject(t.db, agencyId)
    const id = await makeSubmittedRequest(t.db, {
      projectId,
      agencyId,
      requesterId: requester,
      lines: { cpu: 10_000n },
    })
    await act({ requestId: id, action: 'approve', actor: operator(opA), expectedVersion: 1 })
    const held = await allocated('cpu')

    const dec = await makeSubmittedRequest(t.db, {
      projectId,
      agencyId,
      requesterId: requester,
      lines: { cpu: 4_000n },
      kind: 'decrease',
    })
    expect(await act({ requestId: dec, action: 'approve', actor: operator(opB), expectedVersion: 1 })).toMatchObject({
      ok: true,
      value: { state: 'approved' },
    })
    expect(await allocated('cpu')).toBe(held - 4_000n)

    const tooBig = await makeSubmittedRequest(t.db, {
      projectId,
      agencyId,
      requesterId: requester,
      lines: { cpu: 50_000n },
      kind: 'decrease',
    })
    expect(await act({ requestId: tooBig, action: 'approve', actor: operator(opB), expectedVersion: 1 })).toMatchObject(
      {
        ok: false,
        error: {
          code: 'capacity.decrease_below_zero',
          params: { resource: 'cpu', current: '6000', requested: '50000' },
        },
      },
    )

    const revoked = await act({
      requestId: id,
      action: 'revoke',
      actor: operator(opB),
      expectedVersion: 2,
      payload: { reason: 'Hệ thống đã ngừng vận hành' },
    })
    expect(revoked).toMatchObject({ ok: true, value: { state: 'revoked' } })
    // Everything the project still holds (10 − 4 vCPU) goes back to the pool.
    expect(await allocated('cpu')).toBe(held - 10_000n)
    expect((await t.db.allocation.findUniqueOrThrow({ where: { projectId } })).state).toBe('revoked')
  })

  it('answers null for a request that does not exist', async () => {
    expect(
      await act({ requestId: '01900000-0000-7000-8000-000000000000', action: 'approve', actor: operator(opA) }),
    ).toBeNull()
  })
})
