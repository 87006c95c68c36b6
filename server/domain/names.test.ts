import { describe, expect, it } from 'vitest'
import { characterCount, normaliseName, validateName, validateOptionalName } from './names'

const composed = 'Sở Khoa học và Công nghệ'
const decomposed = composed.normalize('NFD')

describe('names', () => {
  it('stores composed (NFC) text whatever form it arrives in', () => {
    expect(decomposed).not.toBe(composed)
    expect(normaliseName(decomposed)).toBe(composed)
    const result = validateName(decomposed)
    expect(result).toEqual({ ok: true, value: composed })
  })

  it('round-trips every Vietnamese letter and tone unchanged', () => {
    const all = 'aàáảãạ ăằắẳẵặ âầấẩẫậ eèéẻẽẹ êềếểễệ iìíỉĩị oòóỏõọ ôồốổỗộ ơờớởỡợ uùúủũụ ưừứửữự yỳýỷỹỵ đĐ'
    expect(validateName(all)).toEqual({ ok: true, value: all })
    expect(validateName(all.toUpperCase())).toEqual({ ok: true, value: all.toUpperCase() })
    expect(validateName('UBND xã Đồng Đăng')).toEqual({ ok: true, value: 'UBND xã Đồng Đăng' })
  })

  it('trims and collapses blanks, including no-break spaces and newlines', () => {
    expect(normaliseName('  Sở   Y tế\u00a0 Lạng\nSơn ')).toBe('Sở Y tế Lạng Sơn')
  })

  it('refuses empty, too long and invisible-character names', () => {
    expect(validateName('   ')).toEqual({ ok: false, error: { code: 'name.required', params: {} } })
    expect(validateName('a'.repeat(201))).toEqual({
      ok: false,
      error: { code: 'name.too_long', params: { max: 200, length: 201 } },
    })
    expect(validateName('Sở\u200bY tế').ok).toBe(false)
    expect(validateName('Sở\u0000Y tế').ok).toBe(false)
    expect(validateName('\ue000').ok).toBe(false)
    const invisible = validateName('x\u202ey')
    expect(!invisible.ok && invisible.error.code).toBe('name.invalid_characters')
  })

  it('counts characters, not UTF-16 units or bytes', () => {
    expect(characterCount('Đồng Đăng')).toBe(9)
    expect(validateName('ệ'.repeat(200)).ok).toBe(true) // 200 characters, 600 bytes
    expect(validateName('ệ'.normalize('NFD').repeat(200)).ok).toBe(true) // composes to 200
    expect(validateName('😀'.repeat(5), { maxLength: 5 }).ok).toBe(true)
  })

  it('lets optional names be empty', () => {
    expect(validateOptionalName(undefined)).toEqual({ ok: true, value: '' })
    expect(validateOptionalName('  ')).toEqual({ ok: true, value: '' })
    expect(validateOptionalName(' Department of Health ')).toEqual({ ok: true, value: 'Department of Health' })
  })
})
