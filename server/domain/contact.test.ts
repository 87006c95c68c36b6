import { describe, expect, it } from 'vitest'
import { validateContact, validateEmail, validatePhone } from './contact'

describe('validatePhone', () => {
  it.each([
    ['0912 345 678', '+84912345678'],
    ['091.234.5678', '+84912345678'],
    ['0912-345-678', '+84912345678'],
    ['+84 912 345 678', '+84912345678'],
    ['84912345678', '+84912345678'],
    ['0084912345678', '+84912345678'],
    ['+84 (0) 912 345 678', '+84912345678'],
    ['0387654321', '+84387654321'],
    ['0562 123 456', '+84562123456'],
    ['0705 123 456', '+84705123456'],
    ['0812 345 678', '+84812345678'],
    ['(0205) 3 812 345', '+842053812345'],
    ['0243 826 1234', '+842438261234'],
    ['1800 1234', '18001234'],
    ['1900 123 456', '1900123456'],
    ['', ''],
    ['   ', ''],
  ])('%s → %s', (input, expected) => {
    expect(validatePhone(input)).toEqual({ ok: true, value: expected })
  })

  it.each([
    '0912 345 67',
    '0912 345 6789',
    '0123 456 789',
    '0612345678',
    '12345',
    'abc',
    '+1 202 555 0100',
    '0205 381 234',
  ])('refuses %s', (input) => {
    const result = validatePhone(input)
    expect(!result.ok && result.error.code).toBe('contact.phone_invalid')
  })
})

describe('validateEmail', () => {
  it('trims and lower-cases the domain only', () => {
    expect(validateEmail('  Nguyen.Van.A@LangSon.GOV.VN ')).toEqual({ ok: true, value: 'Nguyen.Van.A@langson.gov.vn' })
  })

  it.each(['no-at-sign', 'a@b', 'a @b.vn', '@langson.gov.vn', 'a@', `${'a'.repeat(250)}@b.vn`])(
    'refuses %s',
    (email) => {
      const result = validateEmail(email)
      expect(!result.ok && result.error.code).toBe('contact.email_invalid')
    },
  )
})

describe('validateContact', () => {
  it('normalises all three fields', () => {
    const result = validateContact({
      name: ' Nguyễn   Thị Hồng '.normalize('NFD'),
      email: 'hong@langson.gov.vn',
      phone: '0912345678',
    })
    expect(result).toEqual({
      ok: true,
      value: { name: 'Nguyễn Thị Hồng', email: 'hong@langson.gov.vn', phone: '+84912345678' },
    })
  })

  it('reports every bad field at its path', () => {
    const result = validateContact({ name: '', email: 'x', phone: '12' })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.issues.map((found) => [found.path, found.error.code])).toEqual([
        ['name', 'contact.name_required'],
        ['email', 'contact.email_invalid'],
        ['phone', 'contact.phone_invalid'],
      ])
      expect(result.error.code).toBe('contact.name_required')
    }
  })

  it('treats the phone as optional', () => {
    expect(validateContact({ name: 'A', email: 'a@b.vn' }).ok).toBe(true)
    expect(validateContact({ name: 'A', email: 'a@b.vn', phone: null }).ok).toBe(true)
  })
})
