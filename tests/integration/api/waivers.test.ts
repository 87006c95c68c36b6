import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { recordFindings } from '#server/security/findings'
import { requestWaiver } from '#server/workflow/waiver-request'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { automationToken, consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, expectProblem, type Schemas } from './support'

// Waivers over the API (issue 13, decision 0041), with the pages' authorisation: an.nguyen (staff
// of so-khcn) asks, huong.pham (security officer) decides. The attacks: the agency automation
// client (staff of so-tc) asking for or reading a waiver of a so-khcn project, an operator
// (duc.dang) deciding, an officer deciding a waiver they asked for; each refused and audited.
// On main these paths do not exist (404 api.route_not_found).

let t: TestDatabase
let deps: ApiDeps
let agencyClient: string
let an: string
let huong: string
let duc: string
let projectId: string
let findingIds: string[]
const userId = async (username: string) => (await t.db.user.findUniqueOrThrow({ where: { username } })).id
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)
const body = (over: Record<string, unknown> = {}) => ({
  projectId,
  findingId: findingIds[0],
  justification: 'Thư viện bên thứ ba chưa có bản sửa; theo dõi hằng tuần.',
  compensatingControl: 'Tường lửa ứng dụng chặn mẫu tấn công đã biết.',
  expiresAt: day(20),
  ...over,
})
const denials = (entityId: string) =>
  t.db.auditEntry.findMany({ where: { outcome: 'denied', entityId }, select: { action: true, actorId: true } })

beforeAll(async () => {
  t = await createSeededDatabase()
  deps = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  agencyClient = await automationToken()
  an = await consoleUserToken('an.nguyen')
  huong = await consoleUserToken('huong.pham')
  duc = await consoleUserToken('duc.dang')
  // Each person's first call makes their user row the token's subject's.
  for (const token of [an, huong, duc]) expect((await call(deps, 'GET', '/agencies', { token })).status).toBe(200)
  const project = await t.db.project.findFirstOrThrow({
    where: { agency: { code: 'so-khcn' } },
    select: { id: true, namespace: true, agencyId: true, securityLevel: true },
  })
  projectId = project.id
  await recordFindings(
    t.db,
    { checkIds: ['GC-WL-05'] },
    ['web', 'worker'].map((name) => ({
      checkId: 'GC-WL-05',
      subject: { kind: 'Deployment', namespace: project.namespace, name },
      projectId: project.id,
      agencyId: project.agencyId,
      securityLevel: project.securityLevel,
      severity: 'low' as const,
      detail: {},
    })),
    new Date(),
  )
  findingIds = (await t.db.securityFinding.findMany({ orderBy: { subjectName: 'asc' } })).map((f) => f.id)
})
afterAll(async () => t?.drop())

describe('waivers over the API', () => {
  it('agency staff request one, a security officer approves it; the refusals name their fields', async () => {
    const late = await call(deps, 'POST', '/waivers', { token: an, body: body({ expiresAt: day(400) }) })
    const problem = expectProblem(late, 422, 'api.invalid_input')
    expect(problem.errors).toEqual([expect.objectContaining({ path: '/expiresAt', code: 'waiver.expiry_too_late' })])
    const both = await call(deps, 'POST', '/waivers', { token: an, body: body({ checkId: 'GC-WL-05' }) })
    expect(expectProblem(both, 422, 'api.invalid_input').errors?.[0]?.code).toBe('waiver.target_required')

    const made = await call<Schemas['Waiver']>(deps, 'POST', '/waivers', { token: an, body: body() })
    expect(made.status, made.text).toBe(201)
    expect(made.headers.get('location')).toBe(`/api/v1/waivers/${made.json.id}`)
    expect(made.json).toMatchObject({ state: 'requested', checkId: 'GC-WL-05', subject: { name: 'web' } })
    expectProblem(await call(deps, 'POST', '/waivers', { token: an, body: body() }), 409, 'waiver.duplicate')

    const noReason = await call(deps, 'POST', `/waivers/${made.json.id}/actions/approve`, { token: huong, body: {} })
    expectProblem(noReason, 422, 'api.invalid_input')
    const approved = await call<Schemas['Waiver']>(deps, 'POST', `/waivers/${made.json.id}/actions/approve`, {
      token: huong,
      body: { reason: 'Rủi ro thấp, biện pháp bù đắp đủ.' },
    })
    expect(approved.status, approved.text).toBe(200)
    expect(approved.json).toMatchObject({ state: 'approved', decidedBy: await userId('huong.pham') })
    const listed = await call<Schemas['WaiverPage']>(deps, 'GET', '/waivers?state=approved', { token: an })
    expect(listed.json.items.map((w) => w.id)).toEqual([made.json.id])
  })

  it("refuses another agency's client asking for or reading a so-khcn waiver, as if it did not exist (audited)", async () => {
    const waiver = await t.db.securityWaiver.findFirstOrThrow({ where: { projectId } })
    const before = await t.db.securityWaiver.count()
    const asked = await call(deps, 'POST', '/waivers', {
      token: agencyClient,
      body: body({ findingId: findingIds[1] }),
    })
    expect(expectProblem(asked, 422, 'api.invalid_input').errors?.[0]).toMatchObject({
      path: '/projectId',
      code: 'api.project_not_found',
    })
    expect(await t.db.securityWaiver.count()).toBe(before)
    expectProblem(await call(deps, 'GET', `/waivers/${waiver.id}`, { token: agencyClient }), 404, 'api.not_found')
    const acted = await call(deps, 'POST', `/waivers/${waiver.id}/actions/withdraw`, { token: agencyClient, body: {} })
    expectProblem(acted, 404, 'api.not_found')
    const list = await call<Schemas['WaiverPage']>(deps, 'GET', '/waivers', { token: agencyClient })
    expect(list.json.items).toEqual([])
    expect((await denials(projectId)).map((d) => d.action)).toEqual(['waiver.request'])
    expect((await denials(waiver.id)).map((d) => d.action)).toEqual(['waiver.read', 'waiver.read'])
  })

  it('refuses an operator deciding, and an officer deciding the waiver they asked for (403, audited)', async () => {
    const asked = await requestWaiver(t.db, {
      projectId,
      target: { findingId: findingIds[1] ?? '' },
      fields: body({ findingId: findingIds[1] }),
      actor: { id: await userId('huong.pham'), label: 'Phạm Thu Hương' },
    })
    if (!asked?.ok) throw new Error('not requested')
    const path = `/waivers/${asked.waiver.id}/actions/approve`
    expectProblem(await call(deps, 'POST', path, { token: duc, body: { reason: 'Duyệt.' } }), 403, 'api.forbidden')
    const own = await call(deps, 'POST', path, { token: huong, body: { reason: 'Tôi tự duyệt.' } })
    expectProblem(own, 403, 'waiver.requester_cannot_decide')
    expect((await t.db.securityWaiver.findUniqueOrThrow({ where: { id: asked.waiver.id } })).state).toBe('requested')
    expect((await denials(asked.waiver.id)).map((d) => [d.action, d.actorId])).toEqual([
      ['waiver.read', await userId('duc.dang')],
      ['waiver.approve', await userId('huong.pham')],
    ])
  })
})
