import { describe, expect, it } from 'vitest'
import { domainMessages } from './messages/domain'
import { MESSAGE_FILES, catalogue, isMessageKey, localeCookie, resolveLocale, translate, translateOr } from './index'

const request = (cookie?: string) =>
  new Request('http://console.test/', cookie === undefined ? {} : { headers: { Cookie: cookie } })

describe('the catalogue', () => {
  it('has the same keys in Vietnamese and English', () => {
    expect(Object.keys(catalogue.en).sort()).toEqual(Object.keys(catalogue.vi).sort())
  })

  it('has no empty messages', () => {
    for (const locale of ['vi', 'en'] as const) {
      const empty = Object.entries(catalogue[locale]).filter(([, text]) => text.trim() === '')
      expect(empty, `empty ${locale} messages`).toEqual([])
    }
  })

  it('keeps the console words and the domain messages apart (no key is defined twice)', () => {
    const files = MESSAGE_FILES.map((file) => file.vi)
    const clashes = files.flatMap((file, i) =>
      Object.keys(file).filter((key) => files.some((other, j) => j !== i && Object.hasOwn(other, key))),
    )
    expect(clashes).toEqual([])
    expect(Object.keys(catalogue.vi).length).toBe(files.reduce((sum, file) => sum + Object.keys(file).length, 0))
  })

  it('uses the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const [key, vi] of Object.entries(catalogue.vi)) {
      expect(placeholders(catalogue.en[key as keyof typeof catalogue.en]), key).toEqual(placeholders(vi))
    }
  })

  it('writes Vietnamese with its diacritics', () => {
    expect(catalogue.vi['app.name']).toBe('Cổng điều hành đám mây tỉnh Lạng Sơn')
    expect(catalogue.vi['error.notFound.title']).toBe('Không tìm thấy trang')
    expect(catalogue.vi['noAccess.title']).toBe('Tài khoản chưa được cấp quyền')
    // A Vietnamese sentence of several words without a single accented letter was almost
    // certainly typed without diacritics. (A few real phrases have none: listed here.)
    const plainVietnamese = new Set(['Trang sau'])
    const accented = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i
    const bare = Object.entries(catalogue.vi).filter(
      ([key, text]) =>
        text !== catalogue.en[key as keyof typeof catalogue.en] &&
        text
          .replace(/\{\w+\}/g, '')
          .trim()
          .split(/\s+/).length >= 2 &&
        !accented.test(text) &&
        !plainVietnamese.has(text),
    )
    expect(bare).toEqual([])
  })
})

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('vi', 'agencies.projectCount', { count: '3' })).toBe('3 dự án')
    expect(translate('en', 'agencies.projectCount', { count: '3' })).toBe('3 projects')
  })

  it('translates domain refusals too', () => {
    expect(translate('vi', 'quantity.empty')).toBe(domainMessages.vi['quantity.empty'])
  })

  it('falls back for labels built from data', () => {
    expect(isMessageKey('agencyKind.hospital')).toBe(true)
    expect(translateOr('en', 'agencyKind.hospital', 'hospital')).toBe('Hospital')
    expect(translateOr('en', 'agencyKind.observatory', 'observatory')).toBe('observatory')
  })
})

describe('resolveLocale', () => {
  it('is Vietnamese by default', () => {
    expect(resolveLocale(request())).toBe('vi')
    expect(resolveLocale(request('other=1'))).toBe('vi')
  })

  it('follows the lang cookie', () => {
    expect(resolveLocale(request('lang=en'))).toBe('en')
    expect(resolveLocale(request('theme=dark; lang=en'))).toBe('en')
    expect(resolveLocale(request('lang=vi'))).toBe('vi')
  })

  it('ignores values it does not know', () => {
    expect(resolveLocale(request('lang=fr'))).toBe('vi')
    expect(resolveLocale(request('lang=EN'))).toBe('vi')
    expect(resolveLocale(request('lang='))).toBe('vi')
  })

  it('writes a cookie it can read back', () => {
    const cookie = localeCookie('en', { secure: true })
    expect(cookie).toMatch(/^lang=en; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly; Secure$/)
    expect(resolveLocale(request(cookie.split(';')[0]))).toBe('en')
    expect(localeCookie('vi', { secure: false })).not.toContain('Secure')
  })
})
