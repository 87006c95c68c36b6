import { describe, expect, it } from 'vitest'
import { apiMessages, API_PROBLEM_CODES } from './messages'
import { domainProblem, negotiateLocale, pointerOf, problemResponse, apiProblem } from './problem'

describe('negotiateLocale', () => {
  it.each([
    [null, 'vi'],
    ['', 'vi'],
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['fr-FR, vi;q=0.5, en;q=0.4', 'vi'],
    ['vi;q=0.2, en;q=0.8', 'en'],
    ['en;q=0, vi', 'vi'],
    ['de, fr', 'vi'],
    ['EN-us', 'en'],
    ['en;q=abc', 'en'],
  ])('%s → %s', (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale)
  })
})

describe('pointerOf', () => {
  it('turns dotted domain paths into JSON Pointers', () => {
    expect(pointerOf('')).toBe('')
    expect(pointerOf('lines.0.amount')).toBe('/lines/0/amount')
    expect(pointerOf('justification', '/content')).toBe('/content/justification')
    expect(pointerOf('a/b~c')).toBe('/a~1b~0c')
  })
})

describe('domainProblem', () => {
  it('maps refusals to 409, 403 or 422', () => {
    expect(domainProblem({ code: 'request.stale', params: { expected: 1, current: 2 } })).toMatchObject({
      status: 409,
      code: 'request.stale',
    })
    expect(domainProblem({ code: 'capacity.insufficient', params: {} }).status).toBe(409)
    expect(domainProblem({ code: 'request.transition_not_allowed', params: {} }).status).toBe(409)
    expect(domainProblem({ code: 'request.role_not_allowed', params: {} }).status).toBe(403)
    expect(domainProblem({ code: 'request.requester_cannot_decide', params: {} }).status).toBe(403)
    const reason = domainProblem({ code: 'request.reason_required', params: {} })
    expect(reason).toMatchObject({ status: 422, fields: [{ pointer: '/reason' }] })
  })

  it('names both versions of a stale request in the detail', async () => {
    const res = problemResponse(
      domainProblem({ code: 'request.stale', params: { expected: 3, current: 5 } }),
      'en',
      '/api/v1/requests/x',
    )
    const body = (await res.json()) as { detail: string; type: string }
    expect(body.detail).toContain('version 3')
    expect(body.detail).toContain('version 5')
    expect(body.type).toBe('tag:govcloud.langson.gov.vn,2026:problem:request.stale')
  })
})

describe('problemResponse', () => {
  it('is RFC 9457 problem+json in the chosen language, never cached', async () => {
    const res = problemResponse(apiProblem(413, 'api.body_too_large', { max: 65536 }), 'vi', '/api/v1/requests')
    expect(res.status).toBe(413)
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8')
    expect(res.headers.get('content-language')).toBe('vi')
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(await res.json()).toEqual({
      type: 'tag:govcloud.langson.gov.vn,2026:problem:api.body_too_large',
      title: 'Nội dung quá lớn',
      status: 413,
      detail: 'Nội dung gửi lên vượt quá giới hạn 65536 byte.',
      instance: '/api/v1/requests',
      code: 'api.body_too_large',
    })
  })

  it('has every API message in both languages with the same placeholders', () => {
    for (const code of API_PROBLEM_CODES) {
      const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
      expect(apiMessages.vi[code].length).toBeGreaterThan(0)
      expect(names(apiMessages.vi[code])).toEqual(names(apiMessages.en[code]))
    }
  })
})
