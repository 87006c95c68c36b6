import { describe, expect, it } from 'vitest'
import { securityWaiverMessages } from '../i18n/messages/security-waivers'
import {
  WAIVER_ERROR_CODES,
  decideWaiverAction,
  expiryWarningDue,
  validateWaiverRequest,
  waiverActionsFor,
  type WaiverAction,
  type WaiverState,
} from './waivers'

const now = new Date('2026-12-06T08:00:00Z')
const days = (n: number) => new Date(now.getTime() + n * 86_400_000)
const fields = (over: Record<string, unknown> = {}) => ({
  justification: 'Nhà cung cấp chưa có bản vá; dự kiến tháng 2.',
  compensatingControl: 'Chặn truy cập từ ngoài bằng NetworkPolicy, theo dõi nhật ký hằng ngày.',
  expiresAt: days(20).toISOString(),
  ...over,
})
const codes = (result: ReturnType<typeof validateWaiverRequest>) => (result.ok ? [] : result.errors.map((e) => e.code))

describe('a waiver request', () => {
  it('takes a justification, a compensating control and an expiry within the severity’s limit', () => {
    const result = validateWaiverRequest(fields(), { severity: 'high', now })
    expect(result).toMatchObject({ ok: true, value: { expiresAt: days(20) } })
  })

  it('reads a date alone as the end of that day in Việt Nam', () => {
    const result = validateWaiverRequest(fields({ expiresAt: '2026-12-31' }), { severity: 'medium', now })
    expect(result.ok && result.value.expiresAt.toISOString()).toBe('2026-12-31T16:59:59.000Z')
    expect(codes(validateWaiverRequest(fields({ expiresAt: '2027-02-30' }), { severity: 'medium', now }))).toEqual([
      'waiver.expiry_invalid',
    ])
  })

  it('reports every problem at once', () => {
    const result = validateWaiverRequest(
      { justification: '   ', compensatingControl: 'x'.repeat(2001), expiresAt: days(-1).toISOString() },
      { severity: 'low', now },
    )
    expect(codes(result)).toEqual([
      'waiver.justification_required',
      'waiver.control_too_long',
      'waiver.expiry_not_future',
    ])
    expect(codes(validateWaiverRequest({}, { severity: 'low', now }))).toEqual([
      'waiver.justification_required',
      'waiver.control_required',
      'waiver.expiry_invalid',
    ])
  })

  it('refuses control characters, which PostgreSQL text cannot hold (NUL) or a reader cannot see', () => {
    const result = validateWaiverRequest(fields({ justification: 'a\u0000b' }), { severity: 'low', now })
    expect(codes(result)).toEqual(['waiver.text_invalid_characters'])
    expect(
      codes(validateWaiverRequest(fields({ compensatingControl: 'dòng 1\ndòng 2\t.' }), { severity: 'low', now })),
    ).toEqual([])
    expect(act('approve', officer, 'requested', 'ok\u0007')).toBe('waiver.text_invalid_characters')
  })

  it('lasts at most 30 days for critical, 90 for high, a year otherwise', () => {
    const at = (severity: 'critical' | 'high' | 'medium' | 'low', n: number) =>
      codes(validateWaiverRequest(fields({ expiresAt: days(n).toISOString() }), { severity, now }))
    expect(at('critical', 30)).toEqual([])
    expect(at('critical', 31)).toEqual(['waiver.expiry_too_late'])
    expect(at('high', 90)).toEqual([])
    expect(at('high', 91)).toEqual(['waiver.expiry_too_late'])
    expect(at('medium', 365)).toEqual([])
    expect(at('low', 366)).toEqual(['waiver.expiry_too_late'])
  })
})

const requester = { id: 'u-staff', roles: ['agency_staff'] }
const officer = { id: 'u-officer', roles: ['security_officer'] }
const officerRequester = { id: 'u-staff', roles: ['agency_staff', 'security_officer'] }
const operator = { id: 'u-op', roles: ['dc_operator'] }
const system = { id: 'system:waiver-expiry', roles: ['system'] }
const waiver = (state: WaiverState, expiresAt = days(10)) => ({ state, requestedById: 'u-staff', expiresAt })
const act = (action: WaiverAction, actor: { id: string; roles: string[] }, state: WaiverState, reason = 'ok') => {
  const result = decideWaiverAction({ waiver: waiver(state), action, actor, reason, now })
  return result.ok ? result.value.state : result.error.code
}

describe('acting on a waiver', () => {
  it('moves along its transitions only', () => {
    expect(act('approve', officer, 'requested')).toBe('approved')
    expect(act('reject', officer, 'requested')).toBe('rejected')
    expect(act('withdraw', requester, 'requested')).toBe('withdrawn')
    expect(act('revoke', officer, 'approved')).toBe('revoked')
    expect(act('approve', officer, 'approved')).toBe('waiver.transition_not_allowed')
    expect(act('withdraw', requester, 'approved')).toBe('waiver.transition_not_allowed')
    expect(act('revoke', officer, 'requested')).toBe('waiver.transition_not_allowed')
  })

  it('never lets the requester decide their own, even as an officer; nor an operator or staff', () => {
    expect(act('approve', officerRequester, 'requested')).toBe('waiver.requester_cannot_decide')
    expect(act('reject', officerRequester, 'requested')).toBe('waiver.requester_cannot_decide')
    expect(act('approve', operator, 'requested')).toBe('waiver.role_not_allowed')
    expect(act('approve', requester, 'requested')).toBe('waiver.role_not_allowed')
    expect(act('revoke', operator, 'approved')).toBe('waiver.role_not_allowed')
  })

  it('lets only the requester withdraw', () => {
    expect(act('withdraw', { id: 'u-colleague', roles: ['agency_staff'] }, 'requested')).toBe(
      'waiver.only_requester_withdraws',
    )
  })

  it('asks a reason of a decision and a revocation', () => {
    expect(act('approve', officer, 'requested', ' ')).toBe('waiver.reason_required')
    expect(act('revoke', officer, 'approved', '')).toBe('waiver.reason_required')
    expect(act('approve', officer, 'requested', 'x'.repeat(1001))).toBe('waiver.reason_too_long')
    expect(act('withdraw', requester, 'requested', '')).toBe('withdrawn')
  })

  it('expires by the sweep only, once the expiry has passed', () => {
    const expire = (expiresAt: Date, actor = system) =>
      decideWaiverAction({ waiver: waiver('approved', expiresAt), action: 'expire', actor, now })
    expect(expire(days(-0.01))).toMatchObject({ ok: true, value: { state: 'expired' } })
    expect(expire(days(1))).toMatchObject({ ok: false, error: { code: 'waiver.not_yet_expired' } })
    expect(expire(days(-1), officer)).toMatchObject({ ok: false, error: { code: 'waiver.role_not_allowed' } })
  })

  it('offers each person the actions the rules allow them', () => {
    expect(waiverActionsFor(waiver('requested'), officer, now)).toEqual(['approve', 'reject'])
    expect(waiverActionsFor(waiver('requested'), officerRequester, now)).toEqual(['withdraw'])
    expect(waiverActionsFor(waiver('approved'), officer, now)).toEqual(['revoke'])
    expect(waiverActionsFor(waiver('approved'), requester, now)).toEqual([])
  })
})

describe('warnings before expiry', () => {
  const due = (expiresInDays: number, warnedDaysAgo: number | null) =>
    expiryWarningDue(
      {
        state: 'approved',
        expiresAt: days(expiresInDays),
        expiryWarnedAt: warnedDaysAgo === null ? null : days(-warnedDaysAgo),
      },
      now,
    )

  it('warns at 14 days and at 3 days, each once', () => {
    expect(due(20, null)).toBeNull()
    expect(due(14, null)).toBe(14)
    expect(due(10, 5)).toBe(14) // warned before the 14-day mark was crossed: not this warning
    expect(due(10, 0)).toBeNull()
    expect(due(3, 11)).toBe(3)
    expect(due(2, 0.5)).toBeNull()
    // Found late (approved with two days left): only the latest warning.
    expect(due(2, null)).toBe(3)
    expect(due(-1, null)).toBeNull()
    expect(expiryWarningDue({ state: 'requested', expiresAt: days(2), expiryWarnedAt: null }, now)).toBeNull()
  })
})

describe('the words of refusals', () => {
  it('has a message for every refusal in both languages', () => {
    for (const code of WAIVER_ERROR_CODES) {
      expect(securityWaiverMessages.vi[`waiver.error.${code}`], code).toBeTruthy()
      expect(securityWaiverMessages.en[`waiver.error.${code}`], code).toBeTruthy()
    }
  })
})
