import { describe, expect, it } from 'vitest'
import { DNS_LABEL_MAX, namespaceName, shortHash, slugify, uniqueSlug, validateSlug } from './slug'

describe('slugify', () => {
  it.each([
    ['Cổng dịch vụ công Đồng Đăng', 'cong-dich-vu-cong-dong-dang'],
    ['Sở Khoa học và Công nghệ', 'so-khoa-hoc-va-cong-nghe'],
    ['UBND xã Đồng Đăng', 'ubnd-xa-dong-dang'],
    ['Bệnh viện Đa khoa tỉnh Lạng Sơn', 'benh-vien-da-khoa-tinh-lang-son'],
    ['Hệ thống quản lý văn bản & điều hành (eOffice)', 'he-thong-quan-ly-van-ban-dieu-hanh-eoffice'],
    ['  --Đ--  ', 'd'],
    ['ĐĐĐ đđđ', 'ddd-ddd'],
    ['Ðồng Ðăng', 'dong-dang'], // Ð (eth) from legacy TCVN3/VNI conversions
    ['Phòng 2024/Số 5', 'phong-2024-so-5'],
  ])('%s → %s', (name, slug) => {
    expect(slugify(name)).toBe(slug)
  })

  it('strips every tone mark and vowel mark of Vietnamese', () => {
    const vowels: [string, string][] = [
      ['aàáảãạ', 'aaaaaa'],
      ['ăằắẳẵặ', 'aaaaaa'],
      ['âầấẩẫậ', 'aaaaaa'],
      ['eèéẻẽẹ', 'eeeeee'],
      ['êềếểễệ', 'eeeeee'],
      ['iìíỉĩị', 'iiiiii'],
      ['oòóỏõọ', 'oooooo'],
      ['ôồốổỗộ', 'oooooo'],
      ['ơờớởỡợ', 'oooooo'],
      ['uùúủũụ', 'uuuuuu'],
      ['ưừứửữự', 'uuuuuu'],
      ['yỳýỷỹỵ', 'yyyyyy'],
    ]
    for (const [letters, ascii] of vowels) {
      expect(slugify(letters)).toBe(ascii)
      expect(slugify(letters.toUpperCase())).toBe(ascii)
      expect(slugify(letters.normalize('NFD'))).toBe(ascii)
    }
  })

  it('gives the same slug for composed and decomposed input', () => {
    const name = 'Trung tâm Công nghệ số Lạng Sơn'
    expect(slugify(name.normalize('NFD'))).toBe(slugify(name.normalize('NFC')))
  })

  it('keeps within the limit without a trailing hyphen', () => {
    const slug = slugify('Hệ thống thông tin '.repeat(10))
    expect(slug.length).toBeLessThanOrEqual(DNS_LABEL_MAX)
    expect(slug.endsWith('-')).toBe(false)
    expect(slugify('abc def', 4)).toBe('abc')
  })

  it('can be empty for names with nothing to keep', () => {
    expect(slugify('!!! ???')).toBe('')
    expect(slugify('中文')).toBe('')
  })
})

describe('validateSlug', () => {
  it('accepts DNS-1123 labels', () => {
    expect(validateSlug('cong-dich-vu-cong')).toEqual({ ok: true, value: 'cong-dich-vu-cong' })
    expect(validateSlug('a')).toEqual({ ok: true, value: 'a' })
    expect(validateSlug('9x').ok).toBe(true)
  })

  it.each([
    ['', 'slug.empty'],
    ['-abc', 'slug.invalid'],
    ['abc-', 'slug.invalid'],
    ['Abc', 'slug.invalid'],
    ['a_b', 'slug.invalid'],
    ['đồng', 'slug.invalid'],
    ['a'.repeat(64), 'slug.too_long'],
  ])('%s is refused with %s', (slug, code) => {
    const result = validateSlug(slug)
    expect(!result.ok && result.error.code).toBe(code)
  })
})

describe('namespaceName', () => {
  it('joins agency code and project slug when short enough', () => {
    expect(namespaceName('so-khcn', 'cong-dich-vu-cong')).toBe('so-khcn-cong-dich-vu-cong')
  })

  it('truncates long names with a stable hash suffix within 63 characters', () => {
    const code = 'ubnd-xa-dong-dang-huyen-cao-loc-tinh-lang'
    const slug = 'he-thong-quan-ly-van-ban-va-dieu-hanh-dien-tu-lien-thong'
    const name = namespaceName(code, slug)
    expect(name.length).toBeLessThanOrEqual(63)
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
    expect(name).toMatch(/-[0-9a-f]{8}$/)
    expect(name.startsWith(`${code}-he-thong`)).toBe(true)
    expect(namespaceName(code, slug)).toBe(name)
    // Two long names sharing the kept prefix still differ.
    expect(namespaceName(code, `${slug}-2`)).not.toBe(name)
  })

  it('keeps exactly 63 characters untouched', () => {
    const code = 'a'.repeat(31)
    const slug = 'b'.repeat(31)
    expect(namespaceName(code, slug)).toBe(`${code}-${slug}`)
    expect(namespaceName(code, `${slug}c`)).toHaveLength(63)
  })

  it('hashes stably (FNV-1a)', () => {
    expect(shortHash('')).toBe('811c9dc5')
    expect(shortHash('a')).toBe('e40c292c')
    expect(shortHash('Đồng Đăng')).toMatch(/^[0-9a-f]{8}$/)
  })
})

describe('uniqueSlug', () => {
  it('appends the first free number', () => {
    expect(uniqueSlug('portal', new Set())).toBe('portal')
    expect(uniqueSlug('portal', new Set(['portal']))).toBe('portal-2')
    expect(uniqueSlug('portal', new Set(['portal', 'portal-2']))).toBe('portal-3')
    const long = 'a'.repeat(63)
    const unique = uniqueSlug(long, new Set([long]))
    expect(unique).toHaveLength(63)
    expect(unique.endsWith('-2')).toBe(true)
  })
})
