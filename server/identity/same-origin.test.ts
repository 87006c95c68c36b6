import { describe, expect, it } from 'vitest'
import { checkSameOrigin } from './same-origin'

const CONSOLE = 'https://console.langson.gov.vn'
const post = (origin: string | null, referer: string | null = null) =>
  checkSameOrigin({ method: 'POST', origin, referer }, CONSOLE)

describe('checkSameOrigin', () => {
  it('lets reads through whatever their origin', () => {
    expect(checkSameOrigin({ method: 'GET', origin: 'https://evil.example', referer: null }, CONSOLE)).toEqual({
      ok: true,
    })
    expect(checkSameOrigin({ method: 'head', origin: null, referer: null }, CONSOLE)).toEqual({ ok: true })
  })

  it('accepts a post from the console itself', () => {
    expect(post(CONSOLE)).toEqual({ ok: true })
    expect(post(null, `${CONSOLE}/requests/12?tab=1`)).toEqual({ ok: true })
  })

  it('refuses posts from other origins, including look-alikes and other ports or schemes', () => {
    for (const origin of [
      'https://evil.example',
      'https://console.langson.gov.vn.evil.example',
      'http://console.langson.gov.vn',
      'https://console.langson.gov.vn:8443',
      'null',
      'not a url',
    ]) {
      expect(post(origin), origin).toEqual({ ok: false, reason: 'cross_origin' })
    }
    expect(post(null, 'https://evil.example/console.langson.gov.vn')).toEqual({ ok: false, reason: 'cross_origin' })
  })

  it('prefers Origin over Referer', () => {
    expect(post('https://evil.example', `${CONSOLE}/`)).toEqual({ ok: false, reason: 'cross_origin' })
  })

  it('refuses a post that names no origin at all', () => {
    expect(post(null)).toEqual({ ok: false, reason: 'missing' })
    expect(checkSameOrigin({ method: 'DELETE', origin: '', referer: '' }, CONSOLE)).toEqual({
      ok: false,
      reason: 'missing',
    })
  })
})
