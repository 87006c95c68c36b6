import { describe, expect, it } from 'vitest'
import { allowedActions, endWithGrant } from './request-decide'
import { REQUEST_STATES, ROLES, type Actor, type QuotaRequest, type RequestAction } from './request-state'
import {
  admin,
  colleague,
  expectCode,
  facts,
  future,
  high,
  lines,
  low,
  now,
  officer,
  op1,
  op2,
  past,
  request,
  run,
  staff,
  system,
} from './request-state.fixtures'
import { DEFAULT_APPROVAL_POLICY } from './security-policy'

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

describe('allowedActions', () => {
  const base = { project: high, policy: DEFAULT_APPROVAL_POLICY, now, facts }

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
