import { describe, expect, it } from 'vitest'
import { safeRedirectPath } from './safe-redirect'

// Every way a "same-site path" can still send a browser to another site once the URL parser (or
// the browser) has normalised it: dot segments that leave an empty first segment, encoded dots,
// backslashes (which browsers read as slashes) plain or percent-encoded, tabs and newlines the
// parser drops, and absolute URLs.

const BASE = 'http://console.invalid'

/** Where a browser on the console would really go when sent `location`. */
const landsOn = (location: string) => new URL(location, BASE)

describe('safeRedirectPath', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeRedirectPath('/agencies/so-khcn')).toBe('/agencies/so-khcn')
    expect(safeRedirectPath('/requests?state=submitted&page=2')).toBe('/requests?state=submitted&page=2')
    expect(safeRedirectPath('/')).toBe('/')
    expect(safeRedirectPath('/projects/so-khcn-de-tai?tab=keys#k')).toBe('/projects/so-khcn-de-tai?tab=keys#k')
  })

  it('keeps what normalising leaves on the site: dot segments inside the path', () => {
    expect(safeRedirectPath('/agencies/./so-khcn')).toBe('/agencies/so-khcn')
    expect(safeRedirectPath('/agencies/../requests')).toBe('/requests')
  })

  // Each of these normalises to `//evil.example`, another site to a browser (issue 12).
  const escapes = [
    '/.//evil.example',
    '/./\\evil.example',
    '/%2e//evil.example',
    '/%2E//evil.example',
    '/%2e%2e//evil.example',
    '/a/..//evil.example',
    '/a/%2e%2e//evil.example',
    '/./%2e//evil.example',
  ]
  // Refused as well: separators and control characters that are encoded (a proxy or a second
  // decoding could turn them into an escape), absolute URLs, and what is not a path at all.
  const others = [
    '//evil.example/',
    '/\\evil.example',
    '/%5cevil.example',
    '/%5Cevil.example',
    '/.%5cevil.example',
    '/%2f/evil.example',
    '/%2F%2Fevil.example',
    '/%252f/evil.example',
    'https://evil.example/',
    'HTTPS://evil.example/',
    'http:evil.example',
    '///evil.example',
    'javascript:alert(1)',
    'agencies',
    '',
    '/\t/evil.example',
    '/\n/evil.example',
    '/%09/evil.example',
    '/%0d%0aSet-Cookie:x',
    undefined,
    42,
  ]
  const attacks = [...escapes, ...others]

  it.each(attacks.map((target) => [JSON.stringify(target), target]))(
    'refuses %s: the answer stays on the site',
    (_, target) => {
      const result = safeRedirectPath(target)
      expect(result.startsWith('/')).toBe(true)
      expect(result.startsWith('//')).toBe(false)
      expect(landsOn(result).origin).toBe(BASE)
      expect(result.toLowerCase()).not.toContain('evil.example')
    },
  )

  it('answers the fallback, not a repaired path, for each of them', () => {
    for (const target of attacks) expect(safeRedirectPath(target, '/home'), String(target)).toBe('/home')
  })
})
