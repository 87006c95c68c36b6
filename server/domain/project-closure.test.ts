import { describe, expect, it } from 'vitest'
import {
  checkNotClosing,
  closureDecisionRefusal,
  closureText,
  closureWithdrawRefusal,
  systemLife,
} from './project-closure'

const closure = { state: 'submitted' as const, requestedById: 'u-an', agencyId: 'a-khcn' }
const operator = (id: string, agencyIds: string[] = ['a-ttcns']) => ({ id, roles: ['dc_operator' as const], agencyIds })

describe('closing an information system', () => {
  it('needs a reason, trimmed and at most 500 characters', () => {
    expect(closureText('  ', 'closure.reason_required')).toEqual({
      ok: false,
      error: { code: 'closure.reason_required', params: {} },
    })
    expect(closureText(' Hết nhiệm vụ ', 'closure.reason_required')).toEqual({ ok: true, value: 'Hết nhiệm vụ' })
    expect(closureText('x'.repeat(501), 'closure.note_required')).toMatchObject({
      ok: false,
      error: { code: 'closure.reason_too_long' },
    })
  })

  it('is decided by an operator of another agency, never by the one who asked or the agency itself', () => {
    expect(closureDecisionRefusal({ closure, decider: operator('u-duc'), decision: 'approve' })).toBeNull()
    expect(closureDecisionRefusal({ closure, decider: operator('u-an'), decision: 'approve' })?.code).toBe(
      'request.requester_cannot_decide',
    )
    expect(closureDecisionRefusal({ closure, decider: operator('u-duc', ['a-khcn']), decision: 'reject' })?.code).toBe(
      'request.own_agency_cannot_decide',
    )
    expect(
      closureDecisionRefusal({
        closure: { ...closure, state: 'approved' },
        decider: operator('u-duc'),
        decision: 'reject',
      })?.code,
    ).toBe('closure.not_submitted')
  })

  it('is withdrawn while it waits, and refused clearly once decided or withdrawn', () => {
    expect(closureWithdrawRefusal({ state: 'submitted' })).toBeNull()
    for (const state of ['approved', 'rejected', 'withdrawn'] as const)
      expect(closureWithdrawRefusal({ state })?.code).toBe('closure.already_decided')
  })

  it('stops requests once approved, and says closing until the platform removed the system', () => {
    expect(checkNotClosing({ closures: [{ state: 'submitted' }, { state: 'rejected' }] }).ok).toBe(true)
    expect(checkNotClosing({ closures: [{ state: 'approved' }] })).toMatchObject({
      ok: false,
      error: { code: 'closure.system_closing' },
    })
    expect(systemLife([{ state: 'withdrawn', closedAt: null }])).toBe('open')
    expect(
      systemLife([
        { state: 'rejected', closedAt: null },
        { state: 'approved', closedAt: null },
      ]),
    ).toBe('closing')
    expect(systemLife([{ state: 'approved', closedAt: new Date() }])).toBe('closed')
  })
})
