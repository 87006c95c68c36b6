import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LineItem } from '#server/domain/line-items'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import type { Principal } from '#server/identity/principal'
import { agencyIdsFor } from '#server/identity/users'
import { actOnRequest, type ActInput } from '#server/workflow/act-on-request'
import { createDraftRequest } from '#server/workflow/create-request'
import { loadDecisionView } from '#server/workflow/decision-view'
import { operator, staff, type WorkflowActor } from '../../helpers/actors'
import { loadDecisionPage } from '#app/routes/requests.$number_.decide/decide.server'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makePools, makeProject, makeUser } from '../../helpers/fixtures'
import { like } from '../../helpers/matchers'

// Attack tests of the separation of duties (issue 12, decision 0029) through the real database:
// the round's authors come from the audit trail the workflow writes, the operator's agencies from
// the agency tree as sign-in works them out. Before, only the request's creator was barred.

let t: TestDatabase
let agencyId: string
let parentCode: string
let projectId: string
let requester: string
let colleague: string
let opA: string

beforeAll(async () => {
  t = await createTestDatabase()
  parentCode = `so-${Date.now().toString(36)}`
  const parent = await makeAgency(t.db, 'Sở Y tế', { code: parentCode })
  const child = await t.db.agency.create({
    data: {
      code: `${parentCode}-bv`,
      nameVi: 'Bệnh viện Đa khoa tỉnh',
      nameEn: '',
      kind: 'hospital',
      parentId: parent,
    },
    select: { id: true },
  })
  agencyId = child.id
  projectId = await makeProject(t.db, agencyId)
  requester = await makeUser(t.db, 'Lương Thị Hạnh')
  colleague = await makeUser(t.db, 'Hoàng Văn Nam')
  opA = await makeUser(t.db, 'Đặng Minh Đức')
  await makePools(t.db, { cpu: 100_000n })
})
afterAll(async () => t?.drop())

const act = (input: Omit<ActInput, 'policy'>) => actOnRequest(t.db, { policy: DEFAULT_APPROVAL_POLICY, ...input })
const cpu: LineItem[] = [{ resource: 'cpu', amount: 2_000n }]
const content = { kind: 'new' as const, lines: cpu, backup: null, justification: 'Triển khai HIS', endDate: null }

/** A draft made by the requester, as the form makes it (audited as request.create). */
async function draft(): Promise<string> {
  const made = await createDraftRequest(t.db, {
    projectId,
    requesterId: requester,
    requesterLabel: 'Lương Thị Hạnh',
    content,
  })
  if (made === null || 'refused' in made) throw new Error('the draft was not made')
  return made.id
}

async function expectAct(input: Omit<ActInput, 'policy'>, state: string) {
  expect(await act(input)).toMatchObject({ ok: true, value: { state } })
}

/** Someone who was agency staff when they wrote the request and reviews as an operator now. */
const turnedOperator = (id: string): WorkflowActor => ({ ...operator(id), agencyIds: [] })

describe('who wrote or sent the round may not decide it', () => {
  it('refuses the colleague who edited the round, and writes nothing', async () => {
    const id = await draft()
    await expectAct({ requestId: id, action: 'save', actor: staff(colleague), payload: { content } }, 'draft')
    await expectAct({ requestId: id, action: 'submit', actor: staff(requester) }, 'submitted')
    const votes = await t.db.requestVote.count()
    for (const action of ['approve', 'reject', 'return'] as const) {
      const refused = await act({ requestId: id, action, actor: turnedOperator(colleague), payload: { reason: 'x' } })
      expect(refused).toMatchObject({ ok: false, error: { code: 'request.editor_cannot_decide' } })
    }
    expect(await t.db.requestVote.count()).toBe(votes)
    await expectAct({ requestId: id, action: 'approve', actor: turnedOperator(opA) }, 'approved')
  })

  it('refuses the colleague who submitted it', async () => {
    const id = await draft()
    await expectAct({ requestId: id, action: 'submit', actor: staff(colleague) }, 'submitted')
    const refused = await act({ requestId: id, action: 'approve', actor: turnedOperator(colleague) })
    expect(refused).toMatchObject({ ok: false, error: { code: 'request.submitter_cannot_decide' } })
    expect(await t.db.quotaRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: 'submitted' })
  })

  it('counts the round from the last return: who rewrote and resent it is barred, an earlier editor is not', async () => {
    const id = await draft()
    await expectAct({ requestId: id, action: 'save', actor: staff(opA), payload: { content } }, 'draft')
    await expectAct({ requestId: id, action: 'submit', actor: staff(requester) }, 'submitted')
    // opA edited round one, so may not return it; another operator does.
    const early = await act({ requestId: id, action: 'return', actor: turnedOperator(opA), payload: { reason: 'x' } })
    expect(early).toMatchObject({ ok: false, error: { code: 'request.editor_cannot_decide' } })
    const other = await makeUser(t.db, 'Bế Văn Tuấn')
    await expectAct(
      { requestId: id, action: 'return', actor: turnedOperator(other), payload: { reason: 'Bổ sung' } },
      'returned',
    )
    await expectAct({ requestId: id, action: 'resubmit', actor: staff(colleague), payload: { content } }, 'submitted')
    const refused = await act({ requestId: id, action: 'approve', actor: turnedOperator(colleague) })
    expect(refused).toMatchObject({ ok: false, error: { code: 'request.submitter_cannot_decide' } })
    await expectAct({ requestId: id, action: 'approve', actor: turnedOperator(opA) }, 'approved')
  })
})

describe("an operator may not decide their own agency's request", () => {
  it('refuses an operator of the agency above the one that asks, and the decide view says why', async () => {
    const id = await draft()
    await expectAct({ requestId: id, action: 'submit', actor: staff(requester) }, 'submitted')
    // As sign-in works it out: the group's agency and every agency below it.
    const agencyIds = await agencyIdsFor(t.db, [parentCode])
    expect(agencyIds).toContain(agencyId)
    const member: WorkflowActor = { ...operator(opA), agencyIds }
    for (const action of ['approve', 'reject', 'return'] as const) {
      const refused = await act({ requestId: id, action, actor: member, payload: { reason: 'x' } })
      expect(refused).toMatchObject({ ok: false, error: { code: 'request.own_agency_cannot_decide' } })
    }
    const view = await loadDecisionView(t.db, { requestId: id, actor: member, policy: DEFAULT_APPROVAL_POLICY })
    expect(view).toMatchObject({ actions: [], mayNotDecide: { code: 'request.own_agency_cannot_decide' } })
    // What the decide page shows them, in their language.
    const principal: Principal = {
      userId: opA,
      subject: 'test:duc',
      username: 'duc',
      displayName: 'Đặng Minh Đức',
      roles: ['dc_operator'],
      agencyIds,
      via: 'session',
      secondFactor: true,
    }
    const vi = await loadDecisionPage(t.db, principal, id, 'vi')
    expect(vi).toMatchObject({ actions: [], mayNotDecide: like.stringContaining('Bạn thuộc cơ quan đề nghị') })
    const en = await loadDecisionPage(t.db, principal, id, 'en')
    expect(en?.mayNotDecide).toContain('You belong to the agency that made this request')
    await expectAct({ requestId: id, action: 'approve', actor: turnedOperator(opA) }, 'approved')
  })
})
