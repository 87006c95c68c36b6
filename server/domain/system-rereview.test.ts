import { describe, expect, it } from 'vitest'
import {
  editRefusal,
  levelChangeRefusal,
  levelDecisionOutcome,
  levelDecisionRefusal,
  proposalChanged,
  reopenRefusal,
  staleRefusal,
  validateLevelChange,
  validateLevelDecision,
} from './system-rereview'

const TODAY = '2026-12-07'
const proposal = {
  securityLevel: 4,
  documentNumber: '45/QĐ-UBND',
  documentDate: '2026-12-01',
  documentIssuer: 'Ủy ban nhân dân tỉnh Lạng Sơn',
}
const document = { number: '45/QĐ-UBND', date: '2026-12-01', issuer: 'Ủy ban nhân dân tỉnh Lạng Sơn' }
const codes = (result: { ok: boolean; issues?: readonly { path: string; error: { code: string } }[] }) =>
  (result.issues ?? []).map((found) => `${found.path}:${found.error.code}`)

describe('editing a registration', () => {
  it('is allowed while pending or returned, never once confirmed', () => {
    expect(editRefusal('pending')).toBeNull()
    expect(editRefusal('returned')).toBeNull()
    expect(editRefusal('confirmed')?.code).toBe('system.not_editable')
  })

  it('is refused on a version other than the one read, and unchecked without one', () => {
    expect(staleRefusal(3, 3)).toBeNull()
    expect(staleRefusal(3, undefined)).toBeNull()
    expect(staleRefusal(3, null)).toBeNull()
    expect(staleRefusal(3, 2)).toEqual({ code: 'system.changed_meanwhile', params: { version: 3 } })
  })

  it('is a new proposal only when the level or a part of its document changed', () => {
    const before = { securityLevel: 4, document }
    expect(proposalChanged(before, { securityLevel: 4, document: { ...document } })).toBe(false)
    expect(proposalChanged(before, { securityLevel: 3, document })).toBe(true)
    expect(proposalChanged(before, { securityLevel: 4, document: { ...document, number: '46/QĐ-UBND' } })).toBe(true)
    expect(proposalChanged(before, { securityLevel: 4, document: { ...document, date: '2026-12-02' } })).toBe(true)
    expect(proposalChanged(before, { securityLevel: 4, document: { ...document, issuer: 'Sở Nội vụ' } })).toBe(true)
    expect(proposalChanged(null, { securityLevel: 4, document })).toBe(true)
  })
})

describe('proposing a change of a confirmed level', () => {
  it('needs a confirmed system without a proposal already waiting', () => {
    expect(levelChangeRefusal({ state: 'confirmed', levelReview: null })).toBeNull()
    expect(levelChangeRefusal({ state: 'confirmed', levelReview: 'reopened' })).toBeNull()
    expect(levelChangeRefusal({ state: 'confirmed', levelReview: 'proposed' })?.code).toBe('system.level_review_open')
    expect(levelChangeRefusal({ state: 'pending', levelReview: null })?.code).toBe('system.not_confirmed')
    expect(levelChangeRefusal({ state: 'returned', levelReview: null })?.code).toBe('system.not_confirmed')
  })

  it('reads the level and its document as a registration does, each missing part at its field', () => {
    const checked = validateLevelChange(proposal, TODAY, { inForce: 3, levelReview: null })
    expect(checked).toEqual({ ok: true, value: { securityLevel: 4, document } })
    const empty = { securityLevel: null, documentNumber: ' ', documentDate: '', documentIssuer: '' }
    expect(codes(validateLevelChange(empty, TODAY, { inForce: 3, levelReview: null }))).toEqual([
      'securityLevel:system.level_required',
      'documentNumber:system.document_required',
      'documentDate:system.document_required',
      'documentIssuer:system.document_required',
    ])
    const tomorrow = { ...proposal, documentDate: '2026-12-08' }
    expect(codes(validateLevelChange(tomorrow, TODAY, { inForce: 3, levelReview: null }))).toEqual([
      'documentDate:system.document_date_future',
    ])
  })

  it('refuses the level in force unprompted, and accepts it again after a reopening', () => {
    expect(codes(validateLevelChange(proposal, TODAY, { inForce: 4, levelReview: null }))).toEqual([
      'securityLevel:system.level_same_as_in_force',
    ])
    expect(validateLevelChange(proposal, TODAY, { inForce: 4, levelReview: 'reopened' }).ok).toBe(true)
  })
})

describe('reopening a confirmed level', () => {
  it('is for a confirmed system not already under re-review', () => {
    expect(reopenRefusal({ state: 'confirmed', levelReview: null })).toBeNull()
    expect(reopenRefusal({ state: 'confirmed', levelReview: 'reopened' })?.code).toBe('system.level_review_open')
    expect(reopenRefusal({ state: 'confirmed', levelReview: 'proposed' })?.code).toBe('system.level_review_open')
    expect(reopenRefusal({ state: 'pending', levelReview: null })?.code).toBe('system.not_confirmed')
  })
})

describe('deciding a re-review', () => {
  const proposed = { state: 'confirmed' as const, levelReview: 'proposed' as const, proponentIds: ['staff-1'] }

  it('confirms, or refuses with a reason (NFC, diacritics kept)', () => {
    expect(validateLevelDecision({ outcome: 'confirm' })).toEqual({ ok: true, value: { outcome: 'confirm' } })
    const reason = 'Văn bản chưa đúng thẩm quyền phê duyệt'.normalize('NFD')
    expect(validateLevelDecision({ outcome: 'refuse', reason })).toEqual({
      ok: true,
      value: { outcome: 'refuse', reason: 'Văn bản chưa đúng thẩm quyền phê duyệt' },
    })
    expect(codes(validateLevelDecision({ outcome: 'refuse', reason: '  ' }))).toEqual(['reason:system.reason_required'])
    expect(codes(validateLevelDecision({ outcome: 'set_level' }))).toEqual(['outcome:input.invalid_choice'])
  })

  it('needs a re-review, a proposal to confirm, and a decider who proposed no level of it', () => {
    const confirm = { outcome: 'confirm' as const }
    const refuse = { outcome: 'refuse' as const, reason: 'Chưa đủ căn cứ' }
    expect(levelDecisionRefusal(proposed, confirm, 'officer-1')).toBeNull()
    expect(levelDecisionRefusal(proposed, confirm, 'staff-1')?.code).toBe('system.reviewer_is_proponent')
    const reopened = { ...proposed, levelReview: 'reopened' as const }
    expect(levelDecisionRefusal(reopened, confirm, 'officer-1')?.code).toBe('system.level_change_not_proposed')
    expect(levelDecisionRefusal(reopened, refuse, 'officer-1')).toBeNull()
    const none = { ...proposed, levelReview: null }
    expect(levelDecisionRefusal(none, refuse, 'officer-1')?.code).toBe('system.no_level_review')
    expect(levelDecisionRefusal({ ...proposed, state: 'pending' }, confirm, 'o')?.code).toBe('system.no_level_review')
  })

  it('puts the new level in force only when confirmed', () => {
    expect(levelDecisionOutcome({ outcome: 'confirm' }, { inForce: 3, proposed: 4 })).toEqual({
      securityLevel: 4,
      step: 'confirmed',
    })
    expect(levelDecisionOutcome({ outcome: 'refuse', reason: 'x' }, { inForce: 3, proposed: 4 })).toEqual({
      securityLevel: 3,
      step: 'refused',
    })
    expect(levelDecisionOutcome({ outcome: 'refuse', reason: 'x' }, { inForce: 3, proposed: null })).toEqual({
      securityLevel: 3,
      step: 'refused',
    })
  })
})
