import { describe, expect, it } from 'vitest'
import { interpolate } from '#server/i18n/format'
import { fillPlaceholders, makeTranslate, messagesFor, provideCatalogue, translatorFor } from './i18n'
import { catalogue } from './i18n.server'

describe('fillPlaceholders', () => {
  it('agrees with the server-side interpolate on every message', () => {
    const params = { count: '1.234', name: 'Sở Khoa học và Công nghệ', number: 7, version: '0.1.0' }
    for (const text of Object.values(catalogue.vi)) {
      expect(fillPlaceholders(text, params)).toBe(interpolate(text, params))
    }
    expect(fillPlaceholders('{missing} stays', {})).toBe(interpolate('{missing} stays', {}))
  })

  it('makes a t() over the root loader messages', () => {
    const t = makeTranslate(catalogue.en)
    expect(t('nav.requests')).toBe('Quota requests')
    expect(t('requests.numberValue', { number: 12 })).toBe('Request no. 12')
  })
})

describe('translatorFor', () => {
  it('reads the catalogue the server provides, by locale', () => {
    provideCatalogue(catalogue)
    expect(messagesFor('vi')).toBe(catalogue.vi)
    expect(translatorFor('en')('nav.requests')).toBe('Quota requests')
    expect(translatorFor('vi')('requests.numberValue', { number: 12 })).toBe(
      catalogue.vi['requests.numberValue'].replace('{number}', '12'),
    )
    // No shell (the root loader failed): keys, as before; error pages carry their own words.
    expect(translatorFor(undefined)('nav.requests')).toBe('nav.requests')
  })
})
