import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import type { TestDatabase } from '../../helpers/database'
import { like } from '../../helpers/matchers'
import { call, expectProblem, fieldCodes, openSeededApi, projectId, writeCounts, type Schemas } from './support'

// An agency's automation against the REST API with a real Keycloak token: the service account
// `govcloud-automation` is agency staff of Sở Tài chính (so-tc) and must see nothing else.

let t: TestDatabase
let deps: ApiDeps
let token: string

beforeAll(async () => {
  ;({ t, deps, token } = await openSeededApi())
})
afterAll(async () => t?.drop())

describe('what an agency sees', () => {
  it('lists only its own agency', async () => {
    const res = await call<Schemas['AgencyPage']>(deps, 'GET', '/agencies', { token })
    expect(res.status).toBe(200)
    expect(res.json.items.map((a) => a.code)).toEqual(['so-tc'])
    expect(res.json.items[0]).toMatchObject({
      name: { vi: 'Sở Tài chính', en: 'Department of Finance' },
      parentCode: 'ubnd-tinh',
      status: 'active',
    })
    expect(res.json.nextCursor).toBeNull()
  })

  it("lists only so-tc's projects and requests", async () => {
    const projects = await call<Schemas['ProjectPage']>(deps, 'GET', '/projects', { token })
    expect(projects.status).toBe(200)
    expect(projects.json.items.map((p) => p.name).sort()).toEqual([
      'Cơ sở dữ liệu giá',
      'Hệ thống quản lý ngân sách tỉnh',
    ])
    expect(new Set(projects.json.items.map((p) => p.agencyCode))).toEqual(new Set(['so-tc']))

    const requests = await call<Schemas['RequestPage']>(deps, 'GET', '/requests', { token })
    expect(requests.status).toBe(200)
    expect(requests.json.items.length).toBeGreaterThan(0)
    expect(new Set(requests.json.items.map((r) => r.agencyCode))).toEqual(new Set(['so-tc']))
    // Filtering on another agency shows nothing rather than an error that would confirm it exists.
    const other = await call<Schemas['RequestPage']>(deps, 'GET', '/requests?agency=so-khcn', { token })
    expect(other.json.items).toEqual([])
  })

  it('writes amounts as exact Kubernetes quantities', async () => {
    const res = await call<Schemas['RequestPage']>(deps, 'GET', '/requests?state=submitted', { token })
    const budget = res.json.items.find((r) => r.lines.some((l) => l.resource === 'volume:fast'))
    expect(budget?.lines).toEqual([
      { resource: 'backupStorage', amount: '1Ti' },
      { resource: 'cpu', amount: '8' },
      { resource: 'memory', amount: '32Gi' },
      { resource: 'pods', amount: '50' },
      { resource: 'volume:fast', amount: '500Gi' },
    ])
  })

  it("answers another agency's request, project and agency with 404, as if they did not exist, and audits it", async () => {
    const foreign = await t.db.quotaRequest.findFirstOrThrow({
      where: { agency: { code: 'so-khcn' } },
      select: { id: true },
    })
    const before = await t.db.auditEntry.count({ where: { outcome: 'denied' } })
    const hidden = expectProblem(await call(deps, 'GET', `/requests/${foreign.id}`, { token }), 404, 'api.not_found')
    const missing = expectProblem(
      await call(deps, 'GET', '/requests/00000000-0000-7000-8000-000000000000', { token }),
      404,
      'api.not_found',
    )
    expect({ ...hidden, instance: undefined }).toEqual({ ...missing, instance: undefined })
    const denied = await t.db.auditEntry.findFirstOrThrow({
      where: { outcome: 'denied', entityId: foreign.id },
      select: { action: true, actorLabel: true },
    })
    expect(denied.action).toBe('request.read')

    const foreignProject = await projectId(t.db, 'Hệ thống quản lý đề tài khoa học')
    expectProblem(await call(deps, 'GET', `/projects/${foreignProject}`, { token }), 404, 'api.not_found')
    expectProblem(await call(deps, 'GET', `/projects/${foreignProject}/allocation`, { token }), 404, 'api.not_found')
    expectProblem(await call(deps, 'GET', '/agencies/so-khcn', { token }), 404, 'api.not_found')
    expect(await t.db.auditEntry.count({ where: { outcome: 'denied' } })).toBe(before + 4)
  })

  it('refuses the pools to agency staff with 403 and audits it', async () => {
    const res = expectProblem(
      await call(deps, 'GET', '/pools', { token, headers: { 'accept-language': 'en' } }),
      403,
      'api.forbidden',
    )
    expect(res.detail).toBe('Your roles do not allow this operation.')
    expect(await t.db.auditEntry.count({ where: { outcome: 'denied', action: 'pool.read' } })).toBe(1)
  })
})

describe('a draft with Kubernetes quantities, submitted', () => {
  it('creates the draft, changes it with its version, submits it, and refuses a second submit as stale', async () => {
    const project = await projectId(t.db, 'Cơ sở dữ liệu giá')
    const created = await call<Schemas['QuotaRequest']>(deps, 'POST', '/requests', {
      token,
      body: {
        projectId: project,
        kind: 'new',
        lines: [
          { resource: 'cpu', amount: '4000m' },
          { resource: 'memory', amount: '8Gi' },
          { resource: 'pods', amount: '10' },
          { resource: 'volume:standard', amount: '200Gi' },
          { resource: 'backupStorage', amount: '1Ti' },
        ],
        backup: { preset: 'daily', time: '02:00', retentionDays: 30 },
        justification: 'Cơ sở dữ liệu giá hàng hoá, dịch vụ trên địa bàn tỉnh Lạng Sơn',
        endDate: '2030-12-31',
      },
    })
    expect(created.status, created.text).toBe(201)
    expect(created.headers.get('location')).toBe(`/api/v1/requests/${created.json.id}`)
    expect(created.json).toMatchObject({
      state: 'draft',
      version: 1,
      agencyCode: 'so-tc',
      projectId: project,
      backup: { schedule: '0 2 * * *', retentionDays: 30 },
      decidedLines: null,
      editable: true,
      allowedActions: ['submit', 'withdraw'],
      requestedBy: { displayName: like.any(String) },
    })
    expect(created.json.lines).toContainEqual({ resource: 'cpu', amount: '4' })
    expect(created.json.lines).toContainEqual({ resource: 'volume:standard', amount: '200Gi' })
    const stored = await t.db.requestLine.findFirstOrThrow({ where: { requestId: created.json.id, resource: 'cpu' } })
    expect(stored.requested).toBe(4_000n)

    const id = created.json.id
    const updated = await call<Schemas['QuotaRequest']>(deps, 'PUT', `/requests/${id}`, {
      token,
      body: {
        version: 1,
        kind: 'new',
        lines: [
          { resource: 'cpu', amount: '2500m' },
          { resource: 'memory', amount: '6Gi' },
        ],
        justification: 'CSDL giá: giai đoạn 1',
      },
    })
    expect(updated.status, updated.text).toBe(200)
    expect(updated.json).toMatchObject({
      version: 2,
      lines: [
        { resource: 'cpu', amount: '2500m' },
        { resource: 'memory', amount: '6Gi' },
      ],
      backup: null,
    })

    const submitted = await call<Schemas['QuotaRequest']>(deps, 'POST', `/requests/${id}/actions/submit`, {
      token,
      body: { version: 2 },
    })
    expect(submitted.status, submitted.text).toBe(200)
    expect(submitted.json).toMatchObject({
      state: 'submitted',
      version: 3,
      submittedAt: like.any(String),
      editable: false,
      allowedActions: ['withdraw'],
    })

    const counts = await writeCounts(t.db)
    const again = expectProblem(
      await call(deps, 'POST', `/requests/${id}/actions/submit`, { token, body: { version: 2 } }),
      409,
      'request.stale',
    )
    expect(again.detail).toBe(
      'Yêu cầu đã thay đổi kể từ phiên bản 2 bạn đã đọc (nay là phiên bản 3): hãy đọc lại rồi thử lại.',
    )
    expect(await writeCounts(t.db)).toEqual(counts)

    const listed = await call<Schemas['RequestPage']>(deps, 'GET', `/requests?project=${project}&state=submitted`, {
      token,
    })
    expect(listed.json.items.map((r) => r.id)).toContain(id)
  })

  it('refuses to submit a draft that lacks what a reviewer needs, naming each field', async () => {
    const project = await projectId(t.db, 'Cơ sở dữ liệu giá')
    const draft = await call<Schemas['QuotaRequest']>(deps, 'POST', '/requests', {
      token,
      body: { projectId: project, kind: 'new' },
    })
    expect(draft.status).toBe(201)
    const counts = await writeCounts(t.db)
    const res = expectProblem(
      await call(deps, 'POST', `/requests/${draft.json.id}/actions/submit`, { token, body: { version: 1 } }),
      422,
      'api.invalid_input',
    )
    expect(fieldCodes(res)).toEqual(
      expect.arrayContaining([
        ['/content/lines', 'request.no_amount'],
        ['/content/justification', 'request.justification_required'],
      ]),
    )
    expect(await writeCounts(t.db)).toEqual(counts)
  })

  it('refuses a stale update with 409 and writes nothing', async () => {
    const project = await projectId(t.db, 'Cơ sở dữ liệu giá')
    const draft = await call<Schemas['QuotaRequest']>(deps, 'POST', '/requests', {
      token,
      body: { projectId: project, kind: 'new', lines: [{ resource: 'cpu', amount: '1' }] },
    })
    const first = await call(deps, 'PUT', `/requests/${draft.json.id}`, {
      token,
      body: { version: 1, kind: 'new', lines: [{ resource: 'cpu', amount: '2' }] },
    })
    expect(first.status).toBe(200)
    const counts = await writeCounts(t.db)
    const stale = expectProblem(
      await call(deps, 'PUT', `/requests/${draft.json.id}`, {
        token,
        headers: { 'accept-language': 'en-GB,en;q=0.9' },
        body: { version: 1, kind: 'new', lines: [{ resource: 'cpu', amount: '3' }] },
      }),
      409,
      'request.stale',
    )
    expect(stale.title).toBe('Conflict')
    expect(await writeCounts(t.db)).toEqual(counts)
    const now = await call(deps, 'GET', `/requests/${draft.json.id}`, { token })
    expect(now.json).toMatchObject({ version: 2, lines: [{ resource: 'cpu', amount: '2' }] })
  })

  it('cannot take an operator action: 403, audited, nothing written', async () => {
    const submitted = await t.db.quotaRequest.findFirstOrThrow({
      where: { agency: { code: 'so-tc' }, state: 'submitted' },
      select: { id: true, version: true },
    })
    const counts = await writeCounts(t.db)
    expectProblem(
      await call(deps, 'POST', `/requests/${submitted.id}/actions/approve`, {
        token,
        body: { version: submitted.version },
      }),
      403,
      'api.forbidden',
    )
    const after = await writeCounts(t.db)
    expect(after).toEqual({ ...counts, audit: counts.audit + 1 })
    expect(
      await t.db.auditEntry.findFirst({
        where: { entityId: submitted.id, outcome: 'denied', action: 'request.decide' },
        select: { seq: true },
      }),
    ).not.toBeNull()
  })
})
