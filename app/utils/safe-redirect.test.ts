import { describe, expect, it } from 'vitest'
import { safeRedirectPath } from './safe-redirect'

describe('safeRedirectPath', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeRedirectPath('/agencies/so-khcn')).toBe('/agencies/so-khcn')
    expect(safeRedirectPath('/requests?state=submitted&page=2')).toBe('/requests?state=submitted&page=2')
    expect(safeRedirectPath('/')).toBe('/')
  })

  it('refuses anything that could leave the site', () => {
    for (const target of [
      '//evil.example/',
      '/\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      'agencies',
      '',
      '/\t/evil.example',
      '/%0d%0aSet-Cookie:x',
      undefined,
      42,
    ]) {
      const result = safeRedirectPath(target)
      expect(result.startsWith('/') && !result.startsWith('//'), String(target)).toBe(true)
      expect(result).not.toContain('evil.example')
    }
    expect(safeRedirectPath('https://evil.example/')).toBe('/')
  })
})
