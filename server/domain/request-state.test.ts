import { describe, expect, it } from 'vitest'
import type { LineItem } from './line-items'
import type { SecurityLevel } from './project'
import {
  allowedActions,
  approvalProgress,
  decide,
  endWithGrant,
  findTransition,
  REQUEST_ACTIONS,
  REQUEST_STATES,
  ROLES,
  TERMINAL_STATES,
  TRANSITIONS,
  type Actor,
  type DecideInput,
  type QuotaRequest,
  type RequestAction,
  type RequestState,
  type Role,
} from './request-state'
import { DEFAULT_APPROVAL_POLICY, type ApprovalPolicy } from './security-policy'

const GiB = 2n ** 30n
const now = new Date('2026-11-25T03:00:00Z')
const past = new Date('2026-11-01T00:00:00Z')
const future = new Date('2027-06-30T16:59:59.999Z')

const lines: LineItem[] = [
  { resource: 'cpu', amount: 4000n },
  { resource: 'memory', amount: 16n * GiB },
]

function request(changes: Partial<QuotaRequest> = {}): QuotaRequest {
  return {
    id: 'r1',
    projectId: 'p1',
    requesterId: 'requester',
    state: 'submitted',
    kind: 'new',
    lines,
    backup: null,
    justification: 'Cổng dịch vụ công cần tài nguyên.',
    endDate: null,
    decidedLines: null,
    outcome: null,
    approvals: [],
    signOff: null,
    reason: null,
    version: 4,
    submittedAt: past,
    decidedAt: null,
    ...changes,
  }
}

const low = { securityLevel: 1 as SecurityLevel, processesPersonalData: false }
const high = { securityLevel: 3 as SecurityLevel, processesPersonalData: false }
const personal = { securityLevel: 1 as SecurityLevel, processesPersonalData: true }

const staff: Actor = { id: 'requester', roles: ['agency_staff'] }
const colleague: Actor = { id: 'colleague', roles: ['agency_staff'] }
const op1: Actor = { id: 'op1', roles: ['dc_operator'] }
const op2: Actor = { id: 'op2', roles: ['dc_operator'] }
const officer: Actor = { id: 'sec1', roles: ['security_officer'] }
const both: Actor = { id: 'both', roles: ['dc_operator', 'security_officer'] }
const admin: Actor = { id: 'admin', roles: ['platform_admin'] }
const system: Actor = { id: 'system', roles: ['system'] }

function run(input: Partial<DecideInput> & { action: RequestAction; actor: Actor }) {
  return decide({ request: request(), project: low, policy: DEFAULT_APPROVAL_POLICY, now, ...input })
}

function expectCode(result: ReturnType<typeof decide>, code: string) {
  expect(result.ok ? 'ok' : result.error.code).toBe(code)
}

describe('the transition table', () => {
  it('has no transition out of a terminal state and none listed twice', () => {
    for (const state of TERMINAL_STATES) {
      expect(TRANSITIONS.filter((transition) => transition.from === state)).toEqual([])
    }
    const pairs = TRANSITIONS.map((transition) => `${transition.from}/${transition.action}`)
    expect(new Set(pairs).size).toBe(pairs.length)
  })

  // Every (state, action, role): a fixture in which the action could succeed, so that the
  // table alone decides. Approvals use a decrease (the system may auto-approve those under this
  // policy); expiry uses a past end date; the project needs a sign-off so that a security
  // officer has a say.
  const policy: ApprovalPolicy = { ...DEFAULT_APPROVAL_POLICY, autoApproveDecreases: true }
  const cases: [RequestState, RequestAction, Role][] = []
  for (const state of REQUEST_STATES) {
    for (const action of REQUEST_ACTIONS) for (const role of ROLES) cases.push([state, action, role])
  }

  it.each(cases)('%s + %s by %s', (state, action, role) => {
    const fixture = request({
      state,
      kind: action === 'approve' ? 'decrease' : 'new',
      endDate: action === 'expire' ? past : null,
      decidedLines: ['approved', 'provisioning', 'active'].includes(state) ? lines : null,
    })
    const result = decide({
      request: fixture,
      project: high,
      action,
      actor: { id: `actor-${role}`, roles: [role] },
      policy,
      now,
      payload: { reason: 'Lý do', content: fixture },
    })
    const transition = findTransition(state, action)
    if (transition === undefined) {
      expectCode(result, 'request.transition_not_allowed')
    } else if (!transition.roles.includes(role)) {
      const expected =
        action === 'approve' && role === 'security_officer'
          ? 'request.security_officer_cannot_approve'
          : 'request.role_not_allowed'
      expectCode(result, expected)
    } else {
      expect(result.ok).toBe(true)
      if (result.ok) {
        expect(transition.to).toContain(result.value.request.state)
        expect(result.value.request.version).toBe(fixture.version + 1)
      }
    }
  })

  it('gives the roles allowed in a role refusal', () => {
    const result = run({ action: 'revoke', actor: staff, request: request({ state: 'active' }) })
    expect(!result.ok && result.error).toEqual({
      code: 'request.role_not_allowed',
      params: { action: 'revoke', roles: 'dc_operator, platform_admin' },
    })
  })
})

describe('drafting and submitting', () => {
  const draft = request({ state: 'draft', submittedAt: null, lines: [], justification: '' })
  const content = { kind: 'new' as const, lines, backup: null, justification: 'Lý do', endDate: future }

  it('saves content without changing the state, and needs the content', () => {
    const saved = run({ action: 'save', actor: staff, request: draft, payload: { content } })
    expect(saved.ok && saved.value.request).toMatchObject({ state: 'draft', lines, endDate: future, version: 5 })
    expectCode(run({ action: 'save', actor: staff, request: draft }), 'request.content_missing')
  })

  it('takes only the content fields from the payload', () => {
    const sneaky = { ...request({ state: 'approved', version: 99 }), ...content }
    const saved = run({ action: 'save', actor: colleague, request: draft, payload: { content: sneaky } })
    expect(saved.ok && saved.value.request.state).toBe('draft')
    expect(saved.ok && saved.value.request.version).toBe(5)
  })

  it('submits with or without new content, stamping the time', () => {
    const direct = run({ action: 'submit', actor: staff, request: request({ ...draft, ...content }) })
    expect(direct.ok && direct.value.request).toMatchObject({ state: 'submitted', submittedAt: now })
    const withContent = run({ action: 'submit', actor: staff, request: draft, payload: { content } })
    expect(withContent.ok && withContent.value.request).toMatchObject({ state: 'submitted', lines })
  })

  it('refuses an empty submission even if the form forgot to check', () => {
    expectCode(run({ action: 'submit', actor: staff, request: draft }), 'request.no_amount')
    expectCode(
      run({ action: 'submit', actor: staff, request: request({ ...draft, lines }) }),
      'request.justification_required',
    )
    const zeros = request({ ...draft, lines: [{ resource: 'cpu', amount: 0n }], justification: 'x' })
    expectCode(run({ action: 'submit', actor: staff, request: zeros }), 'request.no_amount')
  })

  it('refuses a double submit and a stale form', () => {
    expectCode(run({ action: 'submit', actor: staff }), 'request.transition_not_allowed')
    const stale = run({ action: 'approve', actor: op1, expectedVersion: 3 })
    expect(!stale.ok && stale.error).toEqual({ code: 'request.stale', params: { expected: 3, current: 4 } })
    expect(run({ action: 'approve', actor: op1, expectedVersion: 4 }).ok).toBe(true)
  })

  it('lets staff withdraw a draft, a submitted or a returned request', () => {
    for (const state of ['draft', 'submitted', 'returned'] as const) {
      const result = run({ action: 'withdraw', actor: staff, request: request({ state }) })
      expect(result.ok && result.value.request.state).toBe('withdrawn')
    }
  })
})

describe('approval by operators', () => {
  it('approves in full with one operator, writing the ledger', () => {
    const result = run({ action: 'approve', actor: op1 })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.request).toMatchObject({
      state: 'approved',
      outcome: 'full',
      decidedLines: lines,
      decidedAt: now,
      version: 5,
      approvals: [{ actorId: 'op1', at: now, automatic: false }],
    })
    expect(result.value.effects).toEqual([{ type: 'allocate', kind: 'new', lines }])
  })

  it('approves in part, keeping the requested amounts apart', () => {
    const decided = [
      { resource: 'memory' as const, amount: 8n * GiB },
      { resource: 'cpu' as const, amount: 4000n },
    ]
    const result = run({ action: 'approve', actor: op1, payload: { decidedLines: decided } })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.request.outcome).toBe('partial')
    expect(result.value.request.lines).toEqual(lines)
    // Put back in the request's order.
    expect(result.value.request.decidedLines).toEqual([
      { resource: 'cpu', amount: 4000n },
      { resource: 'memory', amount: 8n * GiB },
    ])
  })

  it('may approve a resource at zero as long as something is granted', () => {
    const decided = [
      { resource: 'cpu' as const, amount: 0n },
      { resource: 'memory' as const, amount: GiB },
    ]
    const result = run({ action: 'approve', actor: op1, payload: { decidedLines: decided } })
    expect(result.ok && result.value.request.outcome).toBe('partial')
  })

  it.each<[string, LineItem[], string]>([
    ['a missing resource', [{ resource: 'cpu', amount: 1n }], 'request.decided_lines_mismatch'],
    ['an extra resource', [...lines, { resource: 'pods', amount: 1n }], 'request.decided_lines_mismatch'],
    ['a resource twice', [lines[0]!, lines[0]!], 'request.decided_lines_mismatch'],
    ['more than requested', [{ resource: 'cpu', amount: 4001n }, lines[1]!], 'request.decided_exceeds_requested'],
    ['a negative amount', [{ resource: 'cpu', amount: -1n }, lines[1]!], 'request.decided_exceeds_requested'],
    [
      'zero everywhere',
      [
        { resource: 'cpu', amount: 0n },
        { resource: 'memory', amount: 0n },
      ],
      'request.decided_all_zero',
    ],
  ])('refuses decided amounts with %s', (_, decidedLines, code) => {
    expectCode(run({ action: 'approve', actor: op1, payload: { decidedLines } }), code)
  })

  it('names the amounts when a decision exceeds the request', () => {
    const result = run({
      action: 'approve',
      actor: op1,
      payload: { decidedLines: [{ resource: 'cpu', amount: 5000n }, lines[1]!] },
    })
    expect(!result.ok && result.error.params).toEqual({ resource: 'cpu', requested: '4000', decided: '5000' })
  })

  describe('above the size threshold', () => {
    const big = request({ lines: [{ resource: 'cpu', amount: 64_000n }] })

    it('needs two distinct operators', () => {
      const first = run({ action: 'approve', actor: op1, request: big })
      expect(first.ok && first.value.request.state).toBe('submitted')
      expect(first.ok && first.value.effects).toEqual([])
      if (!first.ok) return
      expectCode(run({ action: 'approve', actor: op1, request: first.value.request }), 'request.duplicate_approval')
      const second = run({ action: 'approve', actor: op2, request: first.value.request })
      expect(second.ok && second.value.request).toMatchObject({ state: 'approved', outcome: 'full' })
      expect(second.ok && second.value.request.approvals.map((a) => a.actorId)).toEqual(['op1', 'op2'])
    })

    it('discards earlier approvals when a later operator approves different amounts', () => {
      const first = run({ action: 'approve', actor: op1, request: big })
      if (!first.ok) throw new Error('first approval refused')
      const lower = [{ resource: 'cpu' as const, amount: 48_000n }]
      const second = run({
        action: 'approve',
        actor: op2,
        request: first.value.request,
        payload: { decidedLines: lower },
      })
      expect(second.ok).toBe(true)
      if (!second.ok) return
      expect(second.value.request.state).toBe('submitted')
      expect(second.value.request.approvals.map((a) => a.actorId)).toEqual(['op2'])
      expect(second.value.effects).toEqual([{ type: 'approvals_discarded', actorIds: ['op1'] }])
      // op1 may now agree with the new proposal, without repeating the amounts.
      const third = run({ action: 'approve', actor: op1, request: second.value.request })
      expect(third.ok && third.value.request).toMatchObject({
        state: 'approved',
        outcome: 'partial',
        decidedLines: lower,
      })
    })

    it('lets one operator approve alone when the decided amounts are within the threshold', () => {
      const result = run({
        action: 'approve',
        actor: op1,
        request: big,
        payload: { decidedLines: [{ resource: 'cpu', amount: 32_000n }] },
      })
      expect(result.ok && result.value.request).toMatchObject({ state: 'approved', outcome: 'partial' })
    })
  })

  it('refuses approval once the end date has passed', () => {
    expectCode(run({ action: 'approve', actor: op1, request: request({ endDate: past }) }), 'request.end_date_passed')
    expect(run({ action: 'approve', actor: op1, request: request({ endDate: future }) }).ok).toBe(true)
  })

  it('never lets the requester decide, whatever their roles', () => {
    const operatorRequester: Actor = { id: 'requester', roles: ['agency_staff', 'dc_operator', 'security_officer'] }
    for (const action of ['approve', 'sign_off', 'reject', 'return'] as const) {
      expectCode(
        run({ action, actor: operatorRequester, project: high, payload: { reason: 'x' } }),
        'request.requester_cannot_decide',
      )
    }
  })
})

describe('security sign-off', () => {
  for (const [name, project] of [
    ['level 3', high],
    ['personal data', personal],
  ] as const) {
    it(`is needed for ${name}, in either order`, () => {
      const approved = run({ action: 'approve', actor: op1, project })
      expect(approved.ok && approved.value.request.state).toBe('submitted')
      if (!approved.ok) return
      const signed = run({ action: 'sign_off', actor: officer, project, request: approved.value.request })
      expect(signed.ok && signed.value.request).toMatchObject({ state: 'approved', outcome: 'full' })
      expect(signed.ok && signed.value.effects).toEqual([{ type: 'allocate', kind: 'new', lines }])

      const signedFirst = run({ action: 'sign_off', actor: officer, project, payload: { reason: 'Đã rà soát.' } })
      expect(signedFirst.ok && signedFirst.value.request).toMatchObject({
        state: 'submitted',
        signOff: { actorId: 'sec1', at: now, note: 'Đã rà soát.' },
      })
      if (!signedFirst.ok) return
      const then = run({ action: 'approve', actor: op1, project, request: signedFirst.value.request })
      expect(then.ok && then.value.request.state).toBe('approved')
    })
  }

  it('is not taken when not needed, nor twice', () => {
    expectCode(run({ action: 'sign_off', actor: officer, project: low }), 'request.security_review_not_required')
    const signed = run({ action: 'sign_off', actor: officer, project: high })
    if (!signed.ok) throw new Error('sign-off refused')
    const again = run({
      action: 'sign_off',
      actor: { id: 'sec2', roles: ['security_officer'] },
      project: high,
      request: signed.value.request,
    })
    expectCode(again, 'request.already_signed_off')
  })

  it('keeps the two duties apart for a person holding both roles', () => {
    const approved = run({ action: 'approve', actor: both, project: high })
    if (!approved.ok) throw new Error('approval refused')
    expectCode(
      run({ action: 'sign_off', actor: both, project: high, request: approved.value.request }),
      'request.approver_cannot_sign_off',
    )
    const signed = run({ action: 'sign_off', actor: both, project: high })
    if (!signed.ok) throw new Error('sign-off refused')
    expectCode(
      run({ action: 'approve', actor: both, project: high, request: signed.value.request }),
      'request.signer_cannot_approve',
    )
  })

  it('does not let a security officer approve as an operator', () => {
    expectCode(run({ action: 'approve', actor: officer, project: high }), 'request.security_officer_cannot_approve')
  })

  it('is not needed for a decrease', () => {
    const decrease = request({ kind: 'decrease' })
    const result = run({ action: 'approve', actor: op1, project: high, request: decrease })
    expect(result.ok && result.value.request.state).toBe('approved')
    expectCode(
      run({ action: 'sign_off', actor: officer, project: high, request: decrease }),
      'request.security_review_not_required',
    )
  })

  it('refuses an oversize note', () => {
    expectCode(
      run({ action: 'sign_off', actor: officer, project: high, payload: { reason: 'x'.repeat(2001) } }),
      'request.reason_too_long',
    )
  })
})

describe('rejecting and returning', () => {
  it('needs a reason, at most 2000 characters', () => {
    for (const action of ['reject', 'return', 'revoke'] as const) {
      const state = action === 'revoke' ? 'active' : 'submitted'
      expectCode(run({ action, actor: op1, request: request({ state }) }), 'request.reason_required')
      expectCode(
        run({ action, actor: op1, request: request({ state }), payload: { reason: ' \n ' } }),
        'request.reason_required',
      )
      const long = run({ action, actor: op1, request: request({ state }), payload: { reason: 'ệ'.repeat(2001) } })
      expect(!long.ok && long.error).toEqual({ code: 'request.reason_too_long', params: { max: 2000, length: 2001 } })
      expect(run({ action, actor: op1, request: request({ state }), payload: { reason: 'ệ'.repeat(2000) } }).ok).toBe(
        true,
      )
    }
  })

  it('rejects with the reason, normalised', () => {
    const result = run({ action: 'reject', actor: op1, payload: { reason: '  Không đủ căn cứ. '.normalize('NFD') } })
    expect(result.ok && result.value.request).toMatchObject({
      state: 'rejected',
      reason: 'Không đủ căn cứ.',
      decidedAt: now,
    })
  })

  it('returns for changes and starts the next round clean', () => {
    const voted = run({ action: 'approve', actor: op1, project: high })
    if (!voted.ok) throw new Error('approval refused')
    const returned = run({
      action: 'return',
      actor: op2,
      project: high,
      request: voted.value.request,
      payload: { reason: 'Bổ sung.' },
    })
    expect(returned.ok && returned.value.request).toMatchObject({
      state: 'returned',
      reason: 'Bổ sung.',
      approvals: [],
      signOff: null,
      decidedLines: null,
    })
    if (!returned.ok) return
    const resubmitted = run({ action: 'resubmit', actor: staff, project: high, request: returned.value.request })
    expect(resubmitted.ok && resubmitted.value.request).toMatchObject({
      state: 'submitted',
      reason: null,
      submittedAt: now,
    })
  })

  it('lets a security officer reject or return only what needs their sign-off', () => {
    expect(run({ action: 'reject', actor: officer, project: high, payload: { reason: 'Rủi ro.' } }).ok).toBe(true)
    expectCode(
      run({ action: 'return', actor: officer, project: low, payload: { reason: 'x' } }),
      'request.security_review_not_required',
    )
  })
})

describe('after approval', () => {
  const approved = request({ state: 'approved', decidedLines: lines, outcome: 'full' })

  it('provisions, activates, and releases on expiry', () => {
    const provisioning = run({ action: 'start_provisioning', actor: system, request: approved })
    expect(provisioning.ok && provisioning.value.request.state).toBe('provisioning')
    if (!provisioning.ok) return
    const active = run({ action: 'mark_active', actor: system, request: provisioning.value.request })
    expect(active.ok && active.value.request.state).toBe('active')
    if (!active.ok) return
    const ending = { ...active.value.request, endDate: past }
    const expired = run({ action: 'expire', actor: system, request: ending })
    expect(expired.ok && expired.value.request.state).toBe('expired')
    expect(expired.ok && expired.value.effects).toEqual([{ type: 'release', kind: 'new', lines }])
  })

  it('does not expire before the end date or without one', () => {
    expectCode(
      run({ action: 'expire', actor: system, request: { ...approved, state: 'active' } }),
      'request.not_yet_expired',
    )
    expectCode(
      run({ action: 'expire', actor: system, request: { ...approved, state: 'active', endDate: future } }),
      'request.not_yet_expired',
    )
    expect(run({ action: 'expire', actor: system, request: { ...approved, state: 'active', endDate: now } }).ok).toBe(
      true,
    )
  })

  it('revokes with a reason and releases, but never a decrease', () => {
    const revoked = run({
      action: 'revoke',
      actor: admin,
      request: { ...approved, state: 'active' },
      payload: { reason: 'Hết nhu cầu.' },
    })
    expect(revoked.ok && revoked.value.request).toMatchObject({ state: 'revoked', reason: 'Hết nhu cầu.' })
    expect(revoked.ok && revoked.value.effects).toEqual([{ type: 'release', kind: 'new', lines }])
    expectCode(
      run({
        action: 'revoke',
        actor: op1,
        request: { ...approved, state: 'active', kind: 'decrease' },
        payload: { reason: 'x' },
      }),
      'request.decrease_not_revocable',
    )
  })
})

describe('automatic approval', () => {
  const decrease = request({ kind: 'decrease' })
  const increase = request({ kind: 'increase' })

  it('is refused unless the policy allows it', () => {
    expectCode(run({ action: 'approve', actor: system, request: decrease }), 'request.auto_approval_not_allowed')
    const policy = { ...DEFAULT_APPROVAL_POLICY, autoApproveDecreases: true, autoApproveIncreases: true }
    expectCode(
      run({ action: 'approve', actor: system, request: request(), policy }),
      'request.auto_approval_not_allowed',
    )
  })

  it('approves a decrease at once when allowed, marked automatic', () => {
    const policy = { ...DEFAULT_APPROVAL_POLICY, autoApproveDecreases: true }
    const result = run({ action: 'approve', actor: system, request: decrease, policy, project: high })
    expect(result.ok && result.value.request).toMatchObject({
      state: 'approved',
      approvals: [{ actorId: 'system', automatic: true }],
    })
    expect(result.ok && result.value.effects).toEqual([{ type: 'allocate', kind: 'decrease', lines }])
  })

  it('counts for every operator approval of a large increase but not for the sign-off', () => {
    const policy = { ...DEFAULT_APPROVAL_POLICY, autoApproveIncreases: true }
    const big = request({ kind: 'increase', lines: [{ resource: 'cpu', amount: 64_000n }] })
    const large = run({ action: 'approve', actor: system, request: big, policy })
    expect(large.ok && large.value.request.state).toBe('approved')
    const result = run({ action: 'approve', actor: system, request: increase, policy, project: high })
    expect(result.ok && result.value.request.state).toBe('submitted')
  })
})

describe('approvalProgress', () => {
  it('reports what is still missing', () => {
    const big = request({
      lines: [{ resource: 'cpu', amount: 64_000n }],
      approvals: [{ actorId: 'op1', at: now, automatic: false }],
    })
    expect(approvalProgress(big, high, DEFAULT_APPROVAL_POLICY)).toEqual({
      approvalsRequired: 2,
      approvals: 1,
      automatic: false,
      signOffRequired: true,
      signedOff: false,
      complete: false,
    })
    expect(approvalProgress(request(), low, DEFAULT_APPROVAL_POLICY).complete).toBe(false)
  })
})

describe('allowedActions', () => {
  const base = { project: high, policy: DEFAULT_APPROVAL_POLICY, now }

  it.each<[string, QuotaRequest, Actor, RequestAction[]]>([
    ['staff on a draft', request({ state: 'draft' }), staff, ['save', 'submit', 'withdraw']],
    ['staff on a submitted request', request(), staff, ['withdraw']],
    ['staff on a returned request', request({ state: 'returned' }), colleague, ['save', 'resubmit', 'withdraw']],
    ['an operator on a submitted request', request(), op1, ['approve', 'return', 'reject']],
    ['a security officer on a submitted request', request(), officer, ['sign_off', 'return', 'reject']],
    ['the requester holding every role', request(), { id: 'requester', roles: [...ROLES] }, ['withdraw']],
    ['an operator on an active request', request({ state: 'active', decidedLines: lines }), op1, ['revoke']],
    [
      'the system on an approved request',
      request({ state: 'approved', decidedLines: lines }),
      system,
      ['start_provisioning'],
    ],
    [
      'the system on an ended request',
      request({ state: 'active', endDate: past, decidedLines: lines }),
      system,
      ['expire'],
    ],
    ['an admin on a rejected request', request({ state: 'rejected' }), admin, []],
  ])('%s', (_, subject, actor, expected) => {
    expect(allowedActions({ ...base, request: subject, actor })).toEqual(expected)
  })

  it('hides approve from an operator who already approved', () => {
    const big = request({
      lines: [{ resource: 'cpu', amount: 64_000n }],
      approvals: [{ actorId: 'op1', at: now, automatic: false }],
    })
    expect(allowedActions({ ...base, request: big, actor: op1 })).toEqual(['return', 'reject'])
    expect(allowedActions({ ...base, request: big, actor: op2 })).toEqual(['approve', 'return', 'reject'])
  })
})

describe('ending with the grant', () => {
  it("ends live increases and decreases in the grant's final state, with no effect of their own", () => {
    for (const kind of ['increase', 'decrease'] as const) {
      for (const state of ['approved', 'provisioning', 'active'] as const) {
        for (const end of ['expired', 'revoked'] as const) {
          const live = request({ kind, state, decidedLines: lines })
          expect(endWithGrant(live, end)).toEqual({ ...live, state: end, version: live.version + 1 })
        }
      }
    }
  })

  it('leaves the grant itself and requests whose decision does not hold alone', () => {
    expect(endWithGrant(request({ kind: 'new', state: 'active' }), 'expired')).toBeNull()
    for (const state of REQUEST_STATES.filter((s) => !['approved', 'provisioning', 'active'].includes(s))) {
      expect(endWithGrant(request({ kind: 'increase', state }), 'revoked'), state).toBeNull()
    }
  })
})
