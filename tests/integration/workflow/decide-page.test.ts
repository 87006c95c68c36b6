import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LineItem } from '#server/domain/line-items'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import type { Principal } from '#server/identity/principal'
import { actOnRequest, type ActInput } from '#server/workflow/act-on-request'
import { createDraftRequest } from '#server/workflow/create-request'
import { loadDecisionPage } from '#app/routes/requests.$number_.decide/decide.server'
import { operator, staff } from '../../helpers/actors'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makePools, makeProject, makeUser } from '../../helpers/fixtures'
import { like } from '../../helpers/matchers'

// What the decide page puts before a reviewer (issue 17, decision 0067), read through the real
// database and audit trail: the system, its agency, level and personal-data flag, the
// justification, every vote, and what the agency changed since the request was returned.

let t: TestDatabase
let projectId: string
let requester: string
let returner: string
let reviewer: Principal

beforeAll(async () => {
  t = await createTestDatabase()
  const agencyId = await makeAgency(t.db, 'Sở Tài chính', { code: `so-tc-${Date.now().toString(36)}` })
  projectId = await makeProject(t.db, agencyId)
  await t.db.project.update({ where: { id: projectId }, data: { securityLevel: 3, processesPersonalData: true } })
  requester = await makeUser(t.db, 'Hoàng Thị Lan')
  returner = await makeUser(t.db, 'Bế Văn Tuấn')
  const decider = await makeUser(t.db, 'Đặng Minh Đức')
  reviewer = {
    userId: decider,
    subject: 'test:duc',
    username: 'duc',
    displayName: 'Đặng Minh Đức',
    roles: ['dc_operator'],
    agencyIds: [],
    via: 'session',
    secondFactor: true,
  }
  await makePools(t.db, { cpu: 100_000n, memory: 1024n ** 4n })
})
afterAll(async () => t?.drop())

const act = (input: Omit<ActInput, 'policy'>) => actOnRequest(t.db, { policy: DEFAULT_APPROVAL_POLICY, ...input })
const GiB = 1024n ** 3n
const content = (lines: LineItem[]) => ({
  kind: 'new' as const,
  lines,
  backup: null,
  justification: 'Nâng cấp phân hệ lập dự toán năm 2027',
  endDate: null,
})

/** A request sent by the requester, then returned by another operator with a reason. */
async function returned(lines: LineItem[]): Promise<string> {
  const made = await createDraftRequest(t.db, {
    projectId,
    requesterId: requester,
    requesterLabel: 'Hoàng Thị Lan',
    content: content(lines),
  })
  if (made === null || 'refused' in made) throw new Error('the draft was not made')
  expect(await act({ requestId: made.id, action: 'submit', actor: staff(requester) })).toMatchObject({ ok: true })
  const back = await act({
    requestId: made.id,
    action: 'return',
    actor: operator(returner),
    payload: { reason: 'Vui lòng nêu rõ số người dùng đồng thời' },
  })
  expect(back).toMatchObject({ ok: true, value: { state: 'returned' } })
  return made.id
}

async function resubmit(id: string, lines: LineItem[]) {
  const sent = await act({
    requestId: id,
    action: 'resubmit',
    actor: staff(requester),
    payload: { content: content(lines) },
  })
  expect(sent).toMatchObject({ ok: true, value: { state: 'submitted' } })
}

describe('the decide page', () => {
  it('shows what is decided and what changed since the request was returned', async () => {
    const id = await returned([{ resource: 'cpu', amount: 16_000n }])
    await resubmit(id, [
      { resource: 'cpu', amount: 8_000n },
      { resource: 'memory', amount: 32n * GiB },
    ])
    const page = await loadDecisionPage(t.db, reviewer, id, 'vi')
    expect(page?.subject).toMatchObject({
      project: { name: like.any(String) },
      agency: { name: 'Sở Tài chính' },
      securityLevel: '3',
      personalData: 'Có',
      justification: 'Nâng cấp phân hệ lập dự toán năm 2027',
      requestedBy: 'Hoàng Thị Lan',
      changes: [
        { resource: 'cpu', label: 'CPU', before: '16\u00a0vCPU', after: '8\u00a0vCPU' },
        { resource: 'memory', label: 'Bộ nhớ (RAM)', before: '—', after: '32\u00a0GiB' },
      ],
    })
    // The return and its reason stay among the votes, marked as discarded by the new round.
    expect(page?.subject.votes).toMatchObject([
      { kind: 'return', actor: 'Bế Văn Tuấn', reason: 'Vui lòng nêu rõ số người dùng đồng thời' },
    ])
    expect(page?.actions).toEqual(like.arrayContaining(['approve', 'return', 'reject']))
  })

  it('says a request sent back unchanged is unchanged, and one never returned has no such section', async () => {
    const id = await returned([{ resource: 'cpu', amount: 2_000n }])
    await resubmit(id, [{ resource: 'cpu', amount: 2_000n }])
    expect((await loadDecisionPage(t.db, reviewer, id, 'vi'))?.subject.changes).toEqual([])

    const made = await createDraftRequest(t.db, {
      projectId,
      requesterId: requester,
      requesterLabel: 'Hoàng Thị Lan',
      content: content([{ resource: 'cpu', amount: 1_000n }]),
    })
    if (made === null || 'refused' in made) throw new Error('the draft was not made')
    await act({ requestId: made.id, action: 'submit', actor: staff(requester) })
    expect((await loadDecisionPage(t.db, reviewer, made.id, 'vi'))?.subject.changes).toBeNull()
  })
})
