import { describe, expect, it } from 'vitest'
import {
  checkRegistrationConfirmed,
  deriveSystemNames,
  levelInForce,
  resubmitRefusal,
  reviewOutcome,
  reviewRefusal,
  validateRegistration,
  validateReview,
  type RegistrationInput,
} from './system-registration'

const TODAY = '2026-12-07'
const input: RegistrationInput = {
  name: 'Cổng dịch vụ công Đồng Đăng',
  purpose: 'Tiếp nhận hồ sơ trực tuyến của người dân xã Đồng Đăng.',
  securityLevel: 3,
  documentNumber: '123/QĐ-UBND',
  documentDate: '2026-11-20',
  documentIssuer: 'Ủy ban nhân dân tỉnh Lạng Sơn',
  processesPersonalData: true,
  ownerName: 'Ủy ban nhân dân xã Đồng Đăng',
  contact: { name: 'Hoàng Văn Nam', email: 'nam@langson.gov.vn', phone: '0912 345 678' },
}
const paths = (result: { ok: boolean; issues?: readonly { path: string; error: { code: string } }[] }) =>
  (result.issues ?? []).map((found) => `${found.path}:${found.error.code}`)

describe('validateRegistration', () => {
  it('keeps the diacritics (NFC) and reads the document', () => {
    const result = validateRegistration({ ...input, name: input.name.normalize('NFD') }, TODAY)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.name).toBe('Cổng dịch vụ công Đồng Đăng')
    expect(result.value.ownerName).toBe('Ủy ban nhân dân xã Đồng Đăng')
    expect(result.value.document).toEqual({
      number: '123/QĐ-UBND',
      date: '2026-11-20',
      issuer: 'Ủy ban nhân dân tỉnh Lạng Sơn',
    })
    expect(result.value.contact.phone).toBe('+84912345678')
  })

  it('refuses a level without its document at each of the document’s fields', () => {
    const result = validateRegistration({ ...input, documentNumber: ' ', documentDate: '', documentIssuer: '' }, TODAY)
    expect(paths(result)).toEqual([
      'documentNumber:system.document_required',
      'documentDate:system.document_required',
      'documentIssuer:system.document_required',
    ])
  })

  it('refuses a document dated tomorrow, before the decree, or not a date; a missing level; every field at once', () => {
    expect(paths(validateRegistration({ ...input, documentDate: '2026-12-08' }, TODAY))).toEqual([
      'documentDate:system.document_date_future',
    ])
    expect(paths(validateRegistration({ ...input, documentDate: '2016-06-30' }, TODAY))).toEqual([
      'documentDate:system.document_date_before_decree',
    ])
    expect(paths(validateRegistration({ ...input, documentDate: '2026-02-30' }, TODAY))).toEqual([
      'documentDate:input.invalid_date',
    ])
    const all = validateRegistration(
      { ...input, name: '', purpose: '', securityLevel: null, ownerName: '', contact: { name: '', email: 'x' } },
      TODAY,
    )
    expect(paths(all)).toEqual([
      'name:name.required',
      'purpose:system.purpose_required',
      'securityLevel:system.level_required',
      'ownerName:name.required',
      'contact.name:contact.name_required',
      'contact.email:contact.email_invalid',
    ])
    expect(paths(validateRegistration({ ...input, securityLevel: 6 }, TODAY))).toEqual([
      'securityLevel:project.security_level_invalid',
    ])
  })

  it('refuses a name with nothing to make a namespace of', () => {
    expect(paths(validateRegistration({ ...input, name: '“…”' }, TODAY))).toEqual(['name:slug.empty'])
  })
})

describe('deriveSystemNames', () => {
  const none = { agencySlugs: new Set<string>(), namespaces: new Set<string>() }
  const reserved = ['default', 'kube-*', 'govcloud-*', 'velero']

  it('derives the namespace from the agency code and the name', () => {
    expect(deriveSystemNames('ubnd-dong-dang', 'Cổng dịch vụ công', none, reserved)).toEqual({
      ok: true,
      value: { slug: 'cong-dich-vu-cong', namespace: 'ubnd-dong-dang-cong-dich-vu-cong' },
    })
  })

  it('suffixes a slug the agency has, or a namespace another agency has', () => {
    const own = { agencySlugs: new Set(['cong-dich-vu-cong']), namespaces: new Set(['so-tc-cong-dich-vu-cong']) }
    expect(deriveSystemNames('so-tc', 'Cong dich vu cong', own, reserved)).toEqual({
      ok: true,
      value: { slug: 'cong-dich-vu-cong-2', namespace: 'so-tc-cong-dich-vu-cong-2' },
    })
    // so + tc-ke-toan against so-tc + ke-toan: the same namespace from two agencies.
    const other = { agencySlugs: new Set<string>(), namespaces: new Set(['so-tc-ke-toan', 'so-tc-ke-toan-2']) }
    expect(deriveSystemNames('so', 'TC kế toán', other, reserved)).toEqual({
      ok: true,
      value: { slug: 'tc-ke-toan-3', namespace: 'so-tc-ke-toan-3' },
    })
  })

  it('refuses a reserved namespace rather than suffixing it', () => {
    expect(deriveSystemNames('kube', 'System', none, reserved)).toEqual({
      ok: false,
      error: { code: 'project.namespace_reserved', params: { namespace: 'kube-system' } },
    })
    expect(deriveSystemNames('govcloud', 'Hệ thống', none, reserved).ok).toBe(false)
  })
})

describe('the review', () => {
  it('confirms, sets another level with a reason, or returns with a reason', () => {
    expect(validateReview({ outcome: 'confirm' }, 3)).toEqual({ ok: true, value: { outcome: 'confirm' } })
    const set = validateReview({ outcome: 'set_level', securityLevel: 4, reason: ' Có dữ liệu cá nhân ' }, 3)
    expect(set).toEqual({ ok: true, value: { outcome: 'set_level', securityLevel: 4, reason: 'Có dữ liệu cá nhân' } })
    expect(paths(validateReview({ outcome: 'set_level', securityLevel: 3, reason: '' }, 3))).toEqual([
      'securityLevel:system.level_unchanged',
      'reason:system.reason_required',
    ])
    expect(paths(validateReview({ outcome: 'return', reason: '  ' }, 3))).toEqual(['reason:system.reason_required'])
    expect(paths(validateReview({ outcome: 'approve' }, 3))).toEqual(['outcome:input.invalid_choice'])
    expect(paths(validateReview({ outcome: 'return', reason: 'x'.repeat(2001) }, 3))).toEqual([
      'reason:system.reason_too_long',
    ])
  })

  it('what each decision makes of the system', () => {
    expect(reviewOutcome({ outcome: 'confirm' }, 3)).toEqual({
      state: 'confirmed',
      securityLevel: 3,
      step: 'confirmed',
    })
    expect(reviewOutcome({ outcome: 'set_level', securityLevel: 2, reason: 'r' }, 3)).toEqual({
      state: 'confirmed',
      securityLevel: 2,
      step: 'level_set',
    })
    expect(reviewOutcome({ outcome: 'return', reason: 'r' }, 3)).toEqual({
      state: 'returned',
      securityLevel: null,
      step: 'returned',
    })
  })

  it('only a pending registration, never by one who proposed it', () => {
    expect(reviewRefusal({ state: 'pending', proponentIds: ['lan'] }, 'huong')).toBeNull()
    expect(reviewRefusal({ state: 'pending', proponentIds: ['lan', 'huong'] }, 'huong')?.code).toBe(
      'system.reviewer_is_proponent',
    )
    expect(reviewRefusal({ state: 'confirmed', proponentIds: [] }, 'huong')?.code).toBe('system.not_pending')
    expect(reviewRefusal({ state: 'returned', proponentIds: [] }, 'huong')?.code).toBe('system.not_pending')
    expect(resubmitRefusal('returned')).toBeNull()
    expect(resubmitRefusal('pending')?.code).toBe('system.not_returned')
  })
})

describe('the level in force and quotas', () => {
  it('only a confirmed system has a level in force and may request', () => {
    expect(levelInForce({ registrationState: 'confirmed', securityLevel: 4 })).toBe(4)
    expect(levelInForce({ registrationState: 'pending', securityLevel: 4 })).toBeNull()
    expect(checkRegistrationConfirmed({ registrationState: 'confirmed' })).toEqual({ ok: true, value: true })
    expect(checkRegistrationConfirmed({ registrationState: 'pending' })).toEqual({
      ok: false,
      error: { code: 'system.registration_pending', params: {} },
    })
    expect(checkRegistrationConfirmed({ registrationState: 'returned' }).ok).toBe(false)
  })
})
