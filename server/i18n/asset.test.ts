import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { catalogueAsset, catalogueAssetByFile, CATALOGUE_GLOBAL } from './asset'
import { catalogue } from './index'

describe('the browser catalogue', () => {
  it('is one script per locale that fills the global with exactly that locale’s messages', () => {
    const window: Record<string, unknown> = {}
    runInNewContext(catalogueAsset('en').body, { window })
    runInNewContext(catalogueAsset('vi').body, { window })
    expect(window[CATALOGUE_GLOBAL]).toEqual({ en: catalogue.en, vi: catalogue.vi })
  })

  it('is named by a hash of its content, so a changed catalogue gets a new address', () => {
    const vi = catalogueAsset('vi')
    const en = catalogueAsset('en')
    expect(vi.path).toMatch(/^\/i18n\/vi\.[0-9a-f]{12}\.js$/)
    expect(en.path).toMatch(/^\/i18n\/en\.[0-9a-f]{12}\.js$/)
    expect(vi.file.split('.')[1]).not.toBe(en.file.split('.')[1])
  })

  it('serves only the current files', () => {
    expect(catalogueAssetByFile(catalogueAsset('vi').file)).toBe(catalogueAsset('vi'))
    expect(catalogueAssetByFile('vi.000000000000.js')).toBeUndefined()
    expect(catalogueAssetByFile('fr.000000000000.js')).toBeUndefined()
    expect(catalogueAssetByFile('../etc/passwd')).toBeUndefined()
  })
})
