import { describe, expect, it } from 'vitest'
import type { LineItem } from './line-items'
import type { QuotaRequest } from './request-state'
import { expectCode, facts, high, low, now, op1, op2, request, run, system } from './request-state.fixtures'
import { approvalProgress } from './request-votes'
import { DEFAULT_APPROVAL_POLICY } from './security-policy'

// Attack tests of the two-operator rule over the window (decision 0029): a large increase split
// into small ones, through decide() as the workflow calls it. Before, each part needed one operator.

const cpu = (amount: bigint): LineItem[] => [{ resource: 'cpu', amount }]
const increase = (amount: bigint): QuotaRequest => request({ kind: 'increase', lines: cpu(amount) })
const granted = (amount: bigint) => ({ ...facts, recentlyGranted: cpu(amount) })

describe('a large increase split into small ones', () => {
  it('needs two operators as one request of 40 vCPU does', () => {
    const whole = run({ action: 'approve', actor: op1, request: increase(40_000n) })
    expect(whole.ok && whole.value.request.state).toBe('submitted')
  })

  it('lets the first half through with one operator and holds the second for two', () => {
    const first = run({ action: 'approve', actor: op1, request: increase(20_000n) })
    expect(first.ok && first.value.request.state).toBe('approved')
    const second = run({ action: 'approve', actor: op1, request: increase(20_000n), facts: granted(20_000n) })
    expect(second.ok && second.value.request.state).toBe('submitted')
    if (!second.ok) return
    const both = run({ action: 'approve', actor: op2, request: second.value.request, facts: granted(20_000n) })
    expect(both.ok && both.value.request.state).toBe('approved')
  })

  it('says when the window, not the request, made it two', () => {
    const progress = approvalProgress(increase(20_000n), high, DEFAULT_APPROVAL_POLICY, cpu(20_000n))
    expect(progress).toMatchObject({ approvalsRequired: 2, twoByWindow: true })
    expect(approvalProgress(increase(40_000n), high, DEFAULT_APPROVAL_POLICY, [])).toMatchObject({
      approvalsRequired: 2,
      twoByWindow: false,
    })
  })

  it('keeps parts whose sum stays at the threshold to one operator', () => {
    const part = run({ action: 'approve', actor: op1, request: increase(12_000n), facts: granted(20_000n) })
    expect(part.ok && part.value.request.state).toBe('approved')
  })
})

describe('automatic approval over the window', () => {
  const policy = { ...DEFAULT_APPROVAL_POLICY, autoApproveIncreases: true }

  it('never approves what needs two operators, alone or with the window', () => {
    expectCode(
      run({ action: 'approve', actor: system, request: increase(64_000n), policy }),
      'request.auto_approval_needs_two_operators',
    )
    expectCode(
      run({ action: 'approve', actor: system, request: increase(2_000n), policy, facts: granted(31_000n) }),
      'request.auto_approval_needs_two_operators',
    )
    const fits = run({ action: 'approve', actor: system, request: increase(2_000n), policy, facts: granted(30_000n) })
    expect(fits.ok && fits.value.request.state).toBe('approved')
  })

  it('does not stand for one of two operators when the window grew after it', () => {
    const automatic = { actorId: 'system', at: now, automatic: true }
    const waiting = request({ kind: 'increase', lines: cpu(2_000n), approvals: [automatic] })
    expect(approvalProgress(waiting, low, policy, cpu(31_000n)).complete).toBe(false)
    expect(approvalProgress(waiting, low, policy, []).complete).toBe(true)
  })
})
