import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { like } from '../../helpers/matchers'
import { automationToken, consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, expectProblem, fieldCodes, projectId, writeCounts, type Schemas } from './support'

// The whole life of a request through the API with real people's tokens: the agency's automation
// files it, operators (duc.dang, tuan.be) decide, a security officer (huong.pham) signs off.
// Operators have no API client in the realm, so their tokens come from the console's client by
// its real login form, and the API is configured to accept that audience too
// (API_EXTRA_AUDIENCES, decision 0008). The steps of the journey below run in order.

let t: TestDatabase
let deps: ApiDeps
let staff: string
let duc: string
let tuan: string
let huong: string
let project: string
let requestId: string

beforeAll(async () => {
  t = await createSeededDatabase()
  deps = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  staff = await automationToken()
  duc = await consoleUserToken('duc.dang')
  tuan = await consoleUserToken('tuan.be')
  huong = await consoleUserToken('huong.pham')
  project = await projectId(t.db, 'Cơ sở dữ liệu giá')
})
afterAll(async () => t?.drop())

const poolLine = async (token: string, resource: string) => {
  const res = await call<Schemas['PoolPage']>(deps, 'GET', '/pools', { token })
  expect(res.status).toBe(200)
  for (const pool of res.json.items) {
    const found = pool.resources.find((r) => r.resource === resource)
    if (found) return found
  }
  throw new Error(`no pool for ${resource}`)
}

async function fileAndSubmit(
  lines: { resource: string; amount: string }[],
  kind = 'new',
): Promise<{ id: string; version: number }> {
  const draft = await call<Schemas['QuotaRequest']>(deps, 'POST', '/requests', {
    token: staff,
    body: { projectId: project, kind, lines, justification: 'Phục vụ tra cứu giá hàng hoá, dịch vụ' },
  })
  expect(draft.status, draft.text).toBe(201)
  const submitted = await call<Schemas['QuotaRequest']>(deps, 'POST', `/requests/${draft.json.id}/actions/submit`, {
    token: staff,
    body: { version: 1 },
  })
  expect(submitted.status, submitted.text).toBe(200)
  return { id: draft.json.id, version: submitted.json.version }
}

describe('operators on the API', () => {
  it('see every agency and every request, and the pools', async () => {
    const agencies = await call<Schemas['AgencyPage']>(deps, 'GET', '/agencies?limit=200', { token: duc })
    expect(agencies.json.items).toHaveLength(await t.db.agency.count())
    const requests = await call<Schemas['RequestPage']>(deps, 'GET', '/requests?limit=200', { token: duc })
    expect(new Set(requests.json.items.map((r) => r.agencyCode)).size).toBeGreaterThan(3)
    const cpu = await poolLine(duc, 'cpu')
    // 256 cores overcommitted 4:1.
    expect(cpu.capacity).toBe('1024')
  })

  it('cannot file a request for an agency', async () => {
    expectProblem(
      await call(deps, 'POST', '/requests', { token: duc, body: { projectId: project, kind: 'new' } }),
      403,
      'api.forbidden',
    )
  })

  it('approves in part: the decided amounts kept apart, the ledger and the pool updated', async () => {
    const filed = await fileAndSubmit([
      { resource: 'cpu', amount: '4' },
      { resource: 'memory', amount: '8Gi' },
      { resource: 'pods', amount: '10' },
    ])
    requestId = filed.id
    const seen = await call<Schemas['QuotaRequest']>(deps, 'GET', `/requests/${requestId}`, { token: duc })
    expect(seen.json.allowedActions).toEqual(['approve', 'reject', 'return'])
    const before = await poolLine(duc, 'cpu')

    const approved = await call<Schemas['QuotaRequest']>(deps, 'POST', `/requests/${requestId}/actions/approve`, {
      token: duc,
      body: {
        version: filed.version,
        reason: undefined,
        decidedLines: [
          { resource: 'cpu', amount: '2500m' },
          { resource: 'memory', amount: '4Gi' },
          { resource: 'pods', amount: 10 },
        ],
      },
    })
    expect(approved.status, approved.text).toBe(200)
    expect(approved.json).toMatchObject({
      state: 'approved',
      outcome: 'partial',
      lines: [
        { resource: 'cpu', amount: '4' },
        { resource: 'memory', amount: '8Gi' },
        { resource: 'pods', amount: '10' },
      ],
      decidedLines: [
        { resource: 'cpu', amount: '2500m' },
        { resource: 'memory', amount: '4Gi' },
        { resource: 'pods', amount: '10' },
      ],
      votes: [{ kind: 'approve', by: { displayName: 'Đặng Minh Đức' }, discarded: false }],
      allowedActions: ['revoke'],
    })
    const after = await poolLine(duc, 'cpu')
    const millicores = (q: string) => (q.endsWith('m') ? BigInt(q.slice(0, -1)) : BigInt(q) * 1000n)
    expect(millicores(after.allocated) - millicores(before.allocated)).toBe(2_500n)
    expect(millicores(before.headroom) - millicores(after.headroom)).toBe(2_500n)

    // The agency sees what it now holds.
    const allocation = await call<Schemas['Allocation']>(deps, 'GET', `/projects/${project}/allocation`, {
      token: staff,
    })
    expect(allocation.json).toMatchObject({
      state: 'active',
      lines: [
        { resource: 'cpu', amount: '2500m' },
        { resource: 'memory', amount: '4Gi' },
        { resource: 'pods', amount: '10' },
      ],
    })
    const detail = await call<Schemas['ProjectDetail']>(deps, 'GET', `/projects/${project}`, { token: staff })
    expect(detail.json.allocation).toEqual(allocation.json)
  })

  it('refuses an increase that would outlive the allocation it adds to, naming the date, and writes nothing', async () => {
    // The grant above has no end; give the allocation one as a grant with an end date would.
    await t.db.allocation.update({
      where: { projectId: project },
      data: { endsAt: new Date('2027-06-30T16:59:59.999Z') },
    })
    try {
      const body = {
        projectId: project,
        kind: 'increase',
        lines: [{ resource: 'cpu', amount: '1' }],
        justification: 'Cao điểm quyết toán',
        endDate: '2027-12-31',
      }
      const draft = await call<Schemas['QuotaRequest']>(deps, 'POST', '/requests', { token: staff, body })
      expect(draft.status, draft.text).toBe(201)
      const counts = await writeCounts(t.db)
      const vi = expectProblem(
        await call(deps, 'POST', `/requests/${draft.json.id}/actions/submit`, { token: staff, body: { version: 1 } }),
        422,
        'api.invalid_input',
      )
      expect(vi.errors).toEqual([
        like.objectContaining({
          path: '/content/endDate',
          code: 'request.end_date_after_allocation',
          message: like.stringContaining('30/06/2027'),
        }),
      ])
      expect(await writeCounts(t.db)).toEqual(counts)
      // Ending with the allocation, or without a date of its own, is accepted.
      const saved = await call<Schemas['QuotaRequest']>(deps, 'PUT', `/requests/${draft.json.id}`, {
        token: staff,
        body: {
          version: 1,
          kind: 'increase',
          lines: body.lines,
          justification: body.justification,
          endDate: '2027-06-30',
        },
      })
      expect(saved.status, saved.text).toBe(200)
      const submitted = await call<Schemas['QuotaRequest']>(deps, 'POST', `/requests/${draft.json.id}/actions/submit`, {
        token: staff,
        body: { version: saved.json.version },
      })
      expect(submitted.status, submitted.text).toBe(200)
      expect(
        (
          await call(deps, 'POST', `/requests/${draft.json.id}/actions/withdraw`, {
            token: staff,
            body: { version: submitted.json.version },
          })
        ).status,
      ).toBe(200)
    } finally {
      await t.db.allocation.update({ where: { projectId: project }, data: { endsAt: null } })
    }
  })

  it('needs two operators for a large increase, and never over-allocates a pool', async () => {
    const filed = await fileAndSubmit([{ resource: 'gpu', amount: '5' }], 'increase')
    const first = await call<Schemas['QuotaRequest']>(deps, 'POST', `/requests/${filed.id}/actions/approve`, {
      token: duc,
      body: { version: filed.version },
    })
    expect(first.json).toMatchObject({ state: 'submitted', allowedActions: ['reject', 'return'] })
    const again = await call(deps, 'POST', `/requests/${filed.id}/actions/approve`, {
      token: duc,
      body: { version: first.json.version },
    })
    expectProblem(again, 409, 'request.duplicate_approval')
    const counts = await writeCounts(t.db)
    const second = expectProblem(
      await call(deps, 'POST', `/requests/${filed.id}/actions/approve`, {
        token: tuan,
        body: { version: first.json.version },
        headers: { 'accept-language': 'en' },
      }),
      409,
      'capacity.insufficient',
    )
    expect(second.detail).toContain('4')
    expect(await writeCounts(t.db)).toEqual(counts)
  })

  it('returns with a reason (required), and rejects a resubmission', async () => {
    const filed = await fileAndSubmit([{ resource: 'memory', amount: '2Gi' }], 'increase')
    const noReason = expectProblem(
      await call(deps, 'POST', `/requests/${filed.id}/actions/return`, {
        token: tuan,
        body: { version: filed.version },
      }),
      422,
      'request.reason_required',
    )
    expect(fieldCodes(noReason)).toEqual([['/reason', 'request.reason_required']])
    const returned = await call<Schemas['QuotaRequest']>(deps, 'POST', `/requests/${filed.id}/actions/return`, {
      token: tuan,
      body: { version: filed.version, reason: 'Vui lòng nêu số người dùng đồng thời' },
    })
    expect(returned.json).toMatchObject({ state: 'returned', reason: 'Vui lòng nêu số người dùng đồng thời' })

    const resubmitted = await call<Schemas['QuotaRequest']>(deps, 'POST', `/requests/${filed.id}/actions/resubmit`, {
      token: staff,
      body: {
        version: returned.json.version,
        content: {
          kind: 'increase',
          lines: [{ resource: 'memory', amount: '3Gi' }],
          justification: 'Khoảng 300 người dùng đồng thời',
        },
      },
    })
    expect(resubmitted.json).toMatchObject({
      state: 'submitted',
      lines: [{ resource: 'memory', amount: '3Gi' }],
      reason: null,
    })
    const rejected = await call<Schemas['QuotaRequest']>(deps, 'POST', `/requests/${filed.id}/actions/reject`, {
      token: tuan,
      body: { version: resubmitted.json.version, reason: 'Chưa cần thiết' },
    })
    expect(rejected.json).toMatchObject({ state: 'rejected', allowedActions: [] })
  })

  it('lets a security officer sign off a level-3 system, but not approve', async () => {
    const budget = await t.db.quotaRequest.findFirstOrThrow({
      where: { project: { name: 'Hệ thống quản lý ngân sách tỉnh' }, state: 'submitted' },
      select: { id: true, version: true },
    })
    const seen = await call<Schemas['QuotaRequest']>(deps, 'GET', `/requests/${budget.id}`, { token: huong })
    expect(seen.json.allowedActions).toEqual(['sign-off', 'reject', 'return'])
    const approve = expectProblem(
      await call(deps, 'POST', `/requests/${budget.id}/actions/approve`, {
        token: huong,
        body: { version: budget.version },
      }),
      403,
      'request.security_officer_cannot_approve',
    )
    expect(approve.detail).not.toBe('request.security_officer_cannot_approve')
    expect(
      await t.db.auditEntry.count({ where: { entityId: budget.id, outcome: 'denied', action: 'request.approve' } }),
    ).toBe(1)
    const signed = await call<Schemas['QuotaRequest']>(deps, 'POST', `/requests/${budget.id}/actions/sign-off`, {
      token: huong,
      body: { version: budget.version, reason: 'Hồ sơ cấp độ 3 đã được phê duyệt' },
    })
    expect(signed.status, signed.text).toBe(200)
    expect(signed.json).toMatchObject({ state: 'approved', outcome: 'full' })
    expect(signed.json.votes.map((v) => [v.kind, v.by.displayName])).toEqual([
      ['approve', 'Đặng Minh Đức'],
      ['sign_off', 'Phạm Thị Hương'],
    ])
  })

  it('revokes with a reason and gives the capacity back', async () => {
    const before = await poolLine(duc, 'cpu')
    const current = await call<Schemas['QuotaRequest']>(deps, 'GET', `/requests/${requestId}`, { token: duc })
    const revoked = await call<Schemas['QuotaRequest']>(deps, 'POST', `/requests/${requestId}/actions/revoke`, {
      token: duc,
      body: { version: current.json.version, reason: 'Dự án tạm dừng theo chỉ đạo' },
    })
    expect(revoked.status, revoked.text).toBe(200)
    expect(revoked.json).toMatchObject({ state: 'revoked', reason: 'Dự án tạm dừng theo chỉ đạo' })
    const after = await poolLine(duc, 'cpu')
    expect(after.allocated).not.toBe(before.allocated)
    const allocation = await call<Schemas['Allocation']>(deps, 'GET', `/projects/${project}/allocation`, {
      token: staff,
    })
    expect(allocation.json).toMatchObject({ state: 'revoked', lines: [] })
  })
})
