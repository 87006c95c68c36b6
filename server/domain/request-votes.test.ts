import { describe, expect, it } from 'vitest'
import type { LineItem } from './line-items'
import { type Actor } from './request-state'
import {
  both,
  expectCode,
  future,
  GiB,
  high,
  lines,
  low,
  now,
  officer,
  op1,
  op2,
  past,
  personal,
  request,
  run,
  system,
} from './request-state.fixtures'
import { approvalProgress } from './request-votes'
import { DEFAULT_APPROVAL_POLICY } from './security-policy'

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

  it('stands for the one operator a small increase needs, but not for the sign-off', () => {
    const policy = { ...DEFAULT_APPROVAL_POLICY, autoApproveIncreases: true }
    const small = run({ action: 'approve', actor: system, request: increase, policy })
    expect(small.ok && small.value.request.state).toBe('approved')
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
    expect(approvalProgress(big, high, DEFAULT_APPROVAL_POLICY, [])).toEqual({
      approvalsRequired: 2,
      twoByWindow: false,
      approvals: 1,
      automatic: false,
      signOffRequired: true,
      signedOff: false,
      complete: false,
    })
    expect(approvalProgress(request(), low, DEFAULT_APPROVAL_POLICY, []).complete).toBe(false)
  })
})
