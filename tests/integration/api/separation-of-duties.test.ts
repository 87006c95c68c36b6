import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { actOnRequest } from '#server/workflow/act-on-request'
import { createDraftRequest } from '#server/workflow/create-request'
import { staff } from '../../helpers/actors'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { makeProject } from '../../helpers/fixtures'
import { automationToken, consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, expectProblem, type Schemas } from './support'

// Attack tests of the separation of duties and of the split increase on the API, with the realm's
// real operators (duc.dang and tuan.be, both of the data centre's agency ttcns) and the agency's
// automation client (staff of so-tc). Someone who wrote a request while agency staff and reviews
// as an operator now has that history in the console's own records: the test writes it through
// the workflow under duc's user row, as the form would have when he was staff. Before, only the
// request's creator was barred, and every part of a split increase needed one operator.

let t: TestDatabase
let deps: ApiDeps
let agency: string
let duc: string
let tuan: string
let ducId: string
let soTc: string

beforeAll(async () => {
  t = await createSeededDatabase()
  deps = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  agency = await automationToken()
  duc = await consoleUserToken('duc.dang')
  tuan = await consoleUserToken('tuan.be')
  // Duc's first call makes his row the token's subject's.
  expect((await call(deps, 'GET', '/requests?limit=1', { token: duc })).status).toBe(200)
  ducId = (await t.db.user.findUniqueOrThrow({ where: { username: 'duc.dang' } })).id
  soTc = (await t.db.agency.findUniqueOrThrow({ where: { code: 'so-tc' } })).id
})
afterAll(async () => t?.drop())

/** A project of so-tc of its own for each test (a project holds one grant). */
const newProject = () => makeProject(t.db, soTc, { name: 'Hệ thống thanh toán điện tử', securityLevel: 1 })

const content = (projectId: string, amount: string, kind: string) => ({
  projectId,
  kind,
  lines: [{ resource: 'cpu', amount }],
  justification: 'Thanh toán trực tuyến',
})

async function draft(amount: string, kind = 'new', projectId?: string): Promise<string> {
  const body = content(projectId ?? (await newProject()), amount, kind)
  const made = await call<Schemas['QuotaRequest']>(deps, 'POST', '/requests', { token: agency, body })
  expect(made.status, made.text).toBe(201)
  return made.json.id
}

async function submit(id: string): Promise<number> {
  const sent = await call<Schemas['QuotaRequest']>(deps, 'POST', `/requests/${id}/actions/submit`, {
    token: agency,
    body: { version: await version(id) },
  })
  expect(sent.status, sent.text).toBe(200)
  return sent.json.version
}

const version = async (id: string) => (await t.db.quotaRequest.findUniqueOrThrow({ where: { id } })).version

const approve = (id: string, token: string, v: number, language = 'vi') =>
  call<Schemas['QuotaRequest']>(deps, 'POST', `/requests/${id}/actions/approve`, {
    token,
    body: { version: v },
    headers: { 'accept-language': language },
  })

const allowedTo = async (id: string, token: string) =>
  (await call<Schemas['QuotaRequest']>(deps, 'GET', `/requests/${id}`, { token })).json.allowedActions

describe('who had a hand in the round may not decide it on the API', () => {
  it('refuses the editor, in the caller’s language, and does not offer the action', async () => {
    const id = await draft('2')
    const edited = await actOnRequest(t.db, {
      requestId: id,
      action: 'save',
      actor: staff(ducId, 'Đặng Minh Đức'),
      policy: DEFAULT_APPROVAL_POLICY,
      payload: {
        content: {
          kind: 'new',
          lines: [{ resource: 'cpu', amount: 3_000n }],
          backup: null,
          justification: 'Sửa',
          endDate: null,
        },
      },
    })
    expect(edited).toMatchObject({ ok: true })
    const v = await submit(id)
    expect(await allowedTo(id, duc)).toEqual([])
    const vi = expectProblem(await approve(id, duc, v), 403, 'request.editor_cannot_decide')
    expect(vi.detail).toBe(
      'Người đã soạn hoặc sửa nội dung của vòng xét duyệt này không thể phê duyệt, ký duyệt, từ chối hay trả lại nó.',
    )
    const en = expectProblem(await approve(id, duc, v, 'en'), 403, 'request.editor_cannot_decide')
    expect(en.detail).toBe(
      'Whoever wrote or edited the round under review cannot approve, sign off, reject or return it.',
    )
    expect(await t.db.requestVote.count({ where: { requestId: id } })).toBe(0)
    expect((await approve(id, tuan, v)).json).toMatchObject({ state: 'approved' })
  })

  it('refuses the submitter', async () => {
    const id = await draft('2')
    const sent = await actOnRequest(t.db, {
      requestId: id,
      action: 'submit',
      actor: staff(ducId, 'Đặng Minh Đức'),
      policy: DEFAULT_APPROVAL_POLICY,
    })
    expect(sent).toMatchObject({ ok: true, value: { state: 'submitted' } })
    expectProblem(await approve(id, duc, await version(id)), 403, 'request.submitter_cannot_decide')
    expect(await t.db.quotaRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: 'submitted' })
  })

  it("refuses an operator the request of their own agency (ttcns's)", async () => {
    const ttcns = await t.db.agency.findUniqueOrThrow({ where: { code: 'ttcns' } })
    const own = await makeProject(t.db, ttcns.id, { securityLevel: 1 })
    const hanh = (await t.db.user.findUniqueOrThrow({ where: { username: 'hanh.luong' } })).id
    const lines = [{ resource: 'cpu' as const, amount: 1_000n }]
    const made = await createDraftRequest(t.db, {
      projectId: own,
      requesterId: hanh,
      requesterLabel: 'Hạnh',
      content: { kind: 'new', lines, backup: null, justification: 'Giám sát', endDate: null },
    })
    if (made === null || 'refused' in made) throw new Error('the draft was not made')
    const sent = await actOnRequest(t.db, {
      requestId: made.id,
      action: 'submit',
      actor: staff(hanh),
      policy: DEFAULT_APPROVAL_POLICY,
    })
    expect(sent).toMatchObject({ ok: true })
    for (const token of [duc, tuan]) {
      const problem = expectProblem(await approve(made.id, token, 2), 403, 'request.own_agency_cannot_decide')
      expect(problem.detail).toContain('Bạn thuộc cơ quan đề nghị')
    }
  })
})

describe('a split increase on the API', () => {
  it('holds the second half for a second operator', async () => {
    const project = await newProject()
    const grant = await draft('4', 'new', project)
    expect((await approve(grant, duc, await submit(grant))).json).toMatchObject({ state: 'approved' })
    const first = await draft('20', 'increase', project)
    expect((await approve(first, duc, await submit(first))).json).toMatchObject({ state: 'approved' })
    const second = await draft('20', 'increase', project)
    const once = await approve(second, duc, await submit(second))
    expect(once.status, once.text).toBe(200)
    expect(once.json).toMatchObject({ state: 'submitted', allowedActions: ['reject', 'return'] })
    expect(await allowedTo(second, tuan)).toEqual(['approve', 'reject', 'return'])
    expect((await approve(second, tuan, once.json.version)).json).toMatchObject({ state: 'approved' })
  })
})
