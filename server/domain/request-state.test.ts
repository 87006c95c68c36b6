import { describe, expect, it } from 'vitest'
import { decide } from './request-decide'
import {
  findTransition,
  REQUEST_ACTIONS,
  REQUEST_STATES,
  ROLES,
  TERMINAL_STATES,
  TRANSITIONS,
  type RequestAction,
  type RequestState,
  type Role,
} from './request-state'
import { expectCode, facts, high, lines, now, past, request, run, staff } from './request-state.fixtures'
import { DEFAULT_APPROVAL_POLICY, type ApprovalPolicy } from './security-policy'

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
      facts,
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
