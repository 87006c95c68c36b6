import { describe, expect, it } from 'vitest'
import type { QuotaRequest, RequestAction, RequestState } from '../domain/request-state'
import {
  addressNotices,
  isExpiringSoon,
  isPastDue,
  planExpiringNotice,
  planRequestNotices,
  type RequestChange,
} from './plan'

const request = (changes: Partial<QuotaRequest> = {}): RequestChange['after'] => ({
  state: 'submitted',
  kind: 'new',
  reason: null,
  outcome: null,
  approvals: [],
  signOff: null,
  endDate: null,
  ...changes,
})

const change = (
  action: RequestAction,
  from: RequestState,
  after: Partial<QuotaRequest>,
  signOffRequired = false,
): RequestChange => ({
  action,
  before: { state: from },
  after: request(after),
  signOffRequired,
})

const kinds = (c: RequestChange) => planRequestNotices(c).map((n) => `${n.audience}:${n.kind}`)

describe('who is told what', () => {
  it('tells operators of a submission, and security officers too when a sign-off is needed', () => {
    expect(kinds(change('submit', 'draft', { state: 'submitted' }))).toEqual(['operators:request_submitted'])
    expect(kinds(change('resubmit', 'returned', { state: 'submitted' }, true))).toEqual([
      'operators:request_submitted',
      'security_officers:request_submitted',
    ])
  })

  it('tells the requester of a return, a rejection and a revocation, with the reason', () => {
    for (const [action, state, kind] of [
      ['return', 'returned', 'request_returned'],
      ['reject', 'rejected', 'request_rejected'],
      ['revoke', 'revoked', 'request_revoked'],
    ] as const) {
      const notices = planRequestNotices(
        change(action, action === 'revoke' ? 'active' : 'submitted', { state, reason: 'Thiếu phương án sao lưu' }),
      )
      expect(notices).toEqual([
        { audience: 'requester', kind, params: { requestKind: 'new', reason: 'Thiếu phương án sao lưu' } },
      ])
    }
  })

  it('tells the requester of an approval once it is complete, in part or automatic', () => {
    expect(
      kinds(
        change('approve', 'submitted', {
          state: 'submitted',
          approvals: [{ actorId: 'a', at: new Date(), automatic: false }],
        }),
      ),
    ).toEqual([])
    const approved = planRequestNotices(
      change('approve', 'submitted', {
        state: 'approved',
        outcome: 'partial',
        approvals: [{ actorId: 'a', at: new Date(), automatic: false }],
      }),
    )
    expect(approved).toEqual([
      {
        audience: 'requester',
        kind: 'request_approved',
        params: { requestKind: 'new', outcome: 'partial', automatic: false },
      },
    ])
    const auto = planRequestNotices(
      change('approve', 'submitted', {
        state: 'approved',
        kind: 'decrease',
        outcome: 'full',
        approvals: [{ actorId: 's', at: new Date(), automatic: true }],
      }),
    )
    expect(auto[0]?.params).toMatchObject({ requestKind: 'decrease', automatic: true })
  })

  it('tells the requester of a sign-off, or of the approval when the sign-off completes it', () => {
    const signOff = { actorId: 'o', at: new Date(), note: '' }
    expect(kinds(change('sign_off', 'submitted', { state: 'submitted', signOff }, true))).toEqual([
      'requester:request_signed_off',
    ])
    expect(kinds(change('sign_off', 'submitted', { state: 'approved', signOff, outcome: 'full' }, true))).toEqual([
      'requester:request_approved',
    ])
  })

  it('tells the requester of an expiry, and nobody of drafts, withdrawals or provisioning steps', () => {
    const endDate = new Date('2026-12-31T17:00:00Z')
    expect(planRequestNotices(change('expire', 'active', { state: 'expired', endDate }))).toEqual([
      { audience: 'requester', kind: 'request_expired', params: { requestKind: 'new', endsAt: endDate.toISOString() } },
    ])
    expect(kinds(change('save', 'draft', { state: 'draft' }))).toEqual([])
    expect(kinds(change('withdraw', 'submitted', { state: 'withdrawn' }))).toEqual([])
    expect(kinds(change('start_provisioning', 'approved', { state: 'provisioning' }))).toEqual([])
    expect(kinds(change('mark_active', 'provisioning', { state: 'active' }))).toEqual([])
  })
})

describe('addressing', () => {
  const people = { requesterId: 'req', operators: ['op1', 'both'], securityOfficers: ['both', 'sec'] }

  it('leaves out the actor and tells someone in two audiences once', () => {
    const planned = planRequestNotices(change('submit', 'draft', { state: 'submitted' }, true))
    expect(addressNotices(planned, people, 'op1').map((n) => n.recipientId)).toEqual(['both', 'sec'])
  })

  it('never tells the requester of their own action', () => {
    const planned = planRequestNotices(change('expire', 'active', { state: 'expired' }))
    expect(addressNotices(planned, people, 'req')).toEqual([])
    expect(addressNotices(planned, people, 'system').map((n) => n.recipientId)).toEqual(['req'])
  })
})

describe('expiry', () => {
  const now = new Date('2026-11-25T00:00:00Z')
  const day = 86_400_000
  const at = (days: number) => new Date(now.getTime() + days * day)

  it('is past due when the end date has passed, for live grants that are not decreases', () => {
    expect(isPastDue({ state: 'active', kind: 'new', endsAt: at(-1) }, now)).toBe(true)
    expect(isPastDue({ state: 'provisioning', kind: 'increase', endsAt: now }, now)).toBe(true)
    expect(isPastDue({ state: 'active', kind: 'new', endsAt: at(1) }, now)).toBe(false)
    expect(isPastDue({ state: 'active', kind: 'new', endsAt: null }, now)).toBe(false)
    expect(isPastDue({ state: 'expired', kind: 'new', endsAt: at(-1) }, now)).toBe(false)
    expect(isPastDue({ state: 'submitted', kind: 'new', endsAt: at(-1) }, now)).toBe(false)
    expect(isPastDue({ state: 'active', kind: 'decrease', endsAt: at(-1) }, now)).toBe(false)
  })

  it('warns within 14 days of the end, not before and not after', () => {
    expect(isExpiringSoon({ state: 'active', kind: 'new', endsAt: at(14) }, now)).toBe(true)
    expect(isExpiringSoon({ state: 'approved', kind: 'new', endsAt: at(0.5) }, now)).toBe(true)
    expect(isExpiringSoon({ state: 'active', kind: 'new', endsAt: at(14.01) }, now)).toBe(false)
    expect(isExpiringSoon({ state: 'active', kind: 'new', endsAt: now }, now)).toBe(false)
    expect(isExpiringSoon({ state: 'revoked', kind: 'new', endsAt: at(3) }, now)).toBe(false)
    expect(planExpiringNotice({ state: 'active', kind: 'new', endsAt: at(3) })).toEqual({
      audience: 'requester',
      kind: 'request_expiring',
      params: { requestKind: 'new', endsAt: at(3).toISOString() },
    })
  })
})
