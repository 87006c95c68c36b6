import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { handleApiRequest } from '#server/api/handler'
import type { TestDatabase } from '../../helpers/database'
import {
  ORIGIN,
  call,
  expectProblem,
  fieldCodes,
  openSeededApi,
  projectId,
  writeCounts,
  type Call,
  type Problem,
  type Schemas,
} from './support'

// Every kind of bad input gets application/problem+json with the field it is about, in the
// caller's language, and changes nothing: no request, line, vote, ledger entry or audit entry.

let t: TestDatabase
let deps: ApiDeps
let token: string
let project: string

beforeAll(async () => {
  ;({ t, deps, token } = await openSeededApi())
  project = await projectId(t.db, 'Cơ sở dữ liệu giá')
})
afterAll(async () => t?.drop())

/** Calls, expects the problem, and checks that nothing was written. */
async function refused(method: string, path: string, options: Call, status: number, code: string): Promise<Problem> {
  const before = await writeCounts(t.db)
  const problem = expectProblem(await call(deps, method, path, { token, ...options }), status, code)
  expect(await writeCounts(t.db)).toEqual(before)
  return problem
}

const draft = (lines: unknown[], extra: Record<string, unknown> = {}) => ({
  body: { projectId: project, kind: 'new', lines, ...extra },
})

describe('amounts', () => {
  it.each([
    ['a negative amount', { resource: 'cpu', amount: '-2' }, '/lines/0/amount', 'quantity.negative'],
    ['fractional pods', { resource: 'pods', amount: '1.5' }, '/lines/0/amount', 'quantity.count_fractional'],
    ['a fraction of a millicore', { resource: 'cpu', amount: '0.5m' }, '/lines/0/amount', 'quantity.cpu_sub_millicore'],
    ['fractional bytes', { resource: 'memory', amount: '0.5' }, '/lines/0/amount', 'quantity.bytes_fractional'],
    ['a non-numeric amount', { resource: 'memory', amount: 'nhiều' }, '/lines/0/amount', 'quantity.malformed'],
    ['a JSON float', { resource: 'cpu', amount: 1.5 }, '/lines/0/amount', 'input.unsafe_number'],
    ['an absurdly large amount', { resource: 'memory', amount: '9999999Ei' }, '/lines/0/amount', 'quantity.overflow'],
    [
      'an unknown storage class',
      { resource: 'volume:gold', amount: '10Gi' },
      '/lines/0/resource',
      'resource.storage_class_unknown',
    ],
    ['an unknown resource', { resource: 'ram', amount: '10Gi' }, '/lines/0/resource', 'resource.unknown'],
  ])('refuses %s at its field', async (_what, line, path, code) => {
    const problem = await refused('POST', '/requests', draft([line]), 422, 'api.invalid_input')
    expect(fieldCodes(problem)).toEqual([[path, code]])
    expect(problem.errors?.[0]?.message).not.toBe(code)
  })

  it('reports every bad field at once, in Vietnamese by default and in English on request', async () => {
    const lines = [
      { resource: 'pods', amount: '2.5' },
      { resource: 'volume:gold', amount: '1Gi' },
      { resource: 'cpu', amount: 'x' },
    ]
    const vi = await refused('POST', '/requests', draft(lines), 422, 'api.invalid_input')
    expect(fieldCodes(vi)).toEqual([
      ['/lines/0/amount', 'quantity.count_fractional'],
      ['/lines/2/amount', 'quantity.malformed'],
      ['/lines/1/resource', 'resource.storage_class_unknown'],
    ])
    expect(vi.title).toBe('Dữ liệu không hợp lệ')
    expect(vi.errors?.[1]?.message).toContain('“x”')
    const en = await refused(
      'POST',
      '/requests',
      { ...draft(lines), headers: { 'accept-language': 'en' } },
      422,
      'api.invalid_input',
    )
    expect(en.title).toBe('Invalid input')
    expect(en.errors?.[0]?.message).toBe('A count must be a whole number: “2.5” is not.')
    expect(en.detail).toContain('3')
  })
})

describe('the rest of the body', () => {
  it('refuses an oversize justification', async () => {
    const problem = await refused(
      'POST',
      '/requests',
      draft([{ resource: 'cpu', amount: '1' }], { justification: 'Đồng Đăng '.repeat(401) }),
      422,
      'api.invalid_input',
    )
    expect(fieldCodes(problem)).toEqual([['/justification', 'request.justification_too_long']])
  })

  it('refuses an unknown kind, a bad end date and a broken backup schedule', async () => {
    const problem = await refused(
      'POST',
      '/requests',
      {
        body: {
          projectId: project,
          kind: 'bigger',
          lines: [],
          endDate: '2026-02-30',
          backup: { preset: 'cron', cron: '61 * * * *', retentionDays: 0 },
        },
      },
      422,
      'api.invalid_input',
    )
    const paths = fieldCodes(problem).map(([path]) => path)
    expect(paths).toEqual(expect.arrayContaining(['/kind', '/endDate', '/backup/cron']))
  })

  it('refuses unknown fields instead of ignoring a typo', async () => {
    const problem = await refused('POST', '/requests', draft([], { justificaton: 'typo' }), 422, 'api.invalid_input')
    expect(fieldCodes(problem)).toEqual([['/justificaton', 'api.unknown_field']])
  })

  it('refuses a body that is not an object', async () => {
    const problem = await refused('POST', '/requests', { body: [1, 2] }, 422, 'api.invalid_input')
    expect(fieldCodes(problem)).toEqual([['', 'input.not_object']])
  })

  it("answers a missing project and another agency's project alike", async () => {
    const foreign = await projectId(t.db, 'Hệ thống thông tin bệnh viện (HIS)')
    const missing = await refused(
      'POST',
      '/requests',
      { body: { projectId: '00000000-0000-7000-8000-000000000000', kind: 'new' } },
      422,
      'api.invalid_input',
    )
    const before = await t.db.auditEntry.count()
    const other = expectProblem(
      await call(deps, 'POST', '/requests', { token, body: { projectId: foreign, kind: 'new' } }),
      422,
      'api.invalid_input',
    )
    expect(other.errors).toEqual(missing.errors)
    expect(fieldCodes(other)).toEqual([['/projectId', 'api.project_not_found']])
    // Only the denial is written: no request.
    expect(await t.db.auditEntry.count()).toBe(before + 1)
    expect(
      await t.db.quotaRequest.count({
        where: { projectId: foreign, requestedBy: { username: 'service-account-govcloud-automation' } },
      }),
    ).toBe(0)
  })

  it('refuses malformed JSON with 400', async () => {
    await refused(
      'POST',
      '/requests',
      { rawBody: '{"projectId": "', headers: { 'content-type': 'application/json' } },
      400,
      'api.malformed_json',
    )
    await refused(
      'POST',
      '/requests',
      { rawBody: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), headers: { 'content-type': 'application/json' } },
      400,
      'api.malformed_json',
    )
  })

  it('refuses another content type with 415', async () => {
    await refused(
      'POST',
      '/requests',
      { rawBody: 'projectId=x&kind=new', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      415,
      'api.unsupported_media_type',
    )
    await refused('POST', '/requests', { rawBody: JSON.stringify({ kind: 'new' }) }, 415, 'api.unsupported_media_type')
  })

  it('refuses a huge body with 413, whether it says so or not', async () => {
    const huge = JSON.stringify({ projectId: project, kind: 'new', justification: 'x'.repeat(200 * 1024) })
    const problem = await refused(
      'POST',
      '/requests',
      { rawBody: huge, headers: { 'content-type': 'application/json' } },
      413,
      'api.body_too_large',
    )
    expect(problem.detail).toContain('65536')
    // Streamed without a length: counted as it arrives.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 100; i++) controller.enqueue(new TextEncoder().encode(`"${'y'.repeat(1022)}",`))
        controller.close()
      },
    })
    const before = await writeCounts(t.db)
    const res = await handleApiRequest(
      new Request(`${ORIGIN}/api/v1/requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      }),
      deps,
    )
    expect(res.status).toBe(413)
    expect(await writeCounts(t.db)).toEqual(before)
  })
})

describe('actions and queries', () => {
  it('refuses a missing or bad version, fields the action does not take, and bad decided lines', async () => {
    const submitted = await t.db.quotaRequest.findFirstOrThrow({
      where: { agency: { code: 'so-tc' }, state: 'returned' },
      select: { id: true, version: true },
    })
    const noVersion = await refused(
      'POST',
      `/requests/${submitted.id}/actions/withdraw`,
      { body: {} },
      422,
      'api.invalid_input',
    )
    expect(fieldCodes(noVersion)).toEqual([['/version', 'input.required']])
    const badVersion = await refused(
      'POST',
      `/requests/${submitted.id}/actions/withdraw`,
      { body: { version: '1' } },
      422,
      'api.invalid_input',
    )
    expect(fieldCodes(badVersion)).toEqual([['/version', 'request.version_invalid']])
    const extra = await refused(
      'POST',
      `/requests/${submitted.id}/actions/withdraw`,
      { body: { version: submitted.version, decidedLines: [] } },
      422,
      'api.invalid_input',
    )
    expect(fieldCodes(extra)).toEqual([['/decidedLines', 'api.field_not_allowed']])
    const content = await refused(
      'POST',
      `/requests/${submitted.id}/actions/resubmit`,
      {
        body: {
          version: submitted.version,
          content: { kind: 'new', lines: [{ resource: 'pods', amount: '-1' }], justification: 'x' },
        },
      },
      422,
      'api.invalid_input',
    )
    expect(fieldCodes(content)).toContainEqual(['/content/lines/0/amount', 'quantity.negative'])
  })

  it('refuses an unknown action with 404 and a wrong method with 405', async () => {
    const any = await t.db.quotaRequest.findFirstOrThrow({ where: { agency: { code: 'so-tc' } }, select: { id: true } })
    await refused(
      'POST',
      `/requests/${any.id}/actions/approve-all`,
      { body: { version: 1 } },
      404,
      'api.route_not_found',
    )
    const res = await refused('DELETE', `/requests/${any.id}`, {}, 405, 'api.method_not_allowed')
    expect(res.detail).toContain('GET, PUT')
    await refused('GET', '/nothing-here', {}, 404, 'api.route_not_found')
  })

  it('refuses bad query parameters and cursors with 400', async () => {
    for (const query of [
      'limit=0',
      'limit=201',
      'limit=ten',
      'state=pending',
      'project=abc',
      'agency=Sở',
      'sort=new',
      'limit=1&limit=2',
    ]) {
      await refused('GET', `/requests?${query}`, {}, 400, 'api.invalid_query')
    }
    await refused('GET', '/requests?cursor=not-a-cursor', {}, 400, 'api.invalid_cursor')
    const projects = await call<Schemas['ProjectPage']>(deps, 'GET', '/projects?limit=1', { token })
    expect(projects.json.nextCursor).toEqual(expect.any(String))
    await refused('GET', `/requests?cursor=${projects.json.nextCursor!}`, {}, 400, 'api.invalid_cursor')
  })
})
