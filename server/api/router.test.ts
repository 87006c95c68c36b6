import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor, page } from './http'
import { ApiProblem } from './problem'
import { matchRoute, ROUTES } from './router'
import { z } from 'zod'

describe('matchRoute', () => {
  it('finds operations and decodes their parameters', () => {
    const found = matchRoute('POST', '/requests/0197f0a0-0000-7000-8000-000000000001/actions/sign-off')
    expect(found).toMatchObject({
      kind: 'found',
      route: { operationId: 'actOnRequest' },
      params: { requestId: '0197f0a0-0000-7000-8000-000000000001', action: 'sign-off' },
    })
    expect(matchRoute('GET', '/agencies/so-tc')).toMatchObject({ kind: 'found', params: { agencyCode: 'so-tc' } })
    expect(matchRoute('HEAD', '/openapi.yaml')).toMatchObject({
      kind: 'found',
      route: { operationId: 'getOpenApiDocument' },
    })
  })

  it('tells a wrong method from an unknown path', () => {
    expect(matchRoute('DELETE', '/requests/x')).toEqual({ kind: 'wrong_method', allow: ['GET', 'PUT'] })
    expect(matchRoute('GET', '/requests/x/extra')).toEqual({ kind: 'none' })
    expect(matchRoute('GET', '/openapi.json')).toEqual({ kind: 'none' })
  })

  it('has one entry per method and path, and every operation but the document authenticated', () => {
    const keys = ROUTES.map((r) => `${r.method} ${r.path}`)
    expect(new Set(keys).size).toBe(keys.length)
    expect(ROUTES.filter((r) => !r.authenticated).map((r) => r.operationId)).toEqual(['getOpenApiDocument'])
    expect(ROUTES.filter((r) => r.authenticated && r.authorises === null)).toEqual([])
  })
})

describe('cursors', () => {
  const url = (cursor?: string) => new URL(`http://x/api/v1/requests${cursor ? `?cursor=${cursor}` : ''}`)
  const shape = z.object({ id: z.string() })

  it('round-trip and are bound to their list', () => {
    const cursor = encodeCursor('requests', { id: 'abc' })
    expect(decodeCursor(url(cursor), 'requests', shape)).toEqual({ id: 'abc' })
    expect(decodeCursor(url(), 'requests', shape)).toBeNull()
    expect(() => decodeCursor(url(cursor), 'projects', shape)).toThrow(ApiProblem)
    expect(() => decodeCursor(url('%%%'), 'requests', shape)).toThrow(ApiProblem)
    expect(() => decodeCursor(url(encodeCursor('requests', { other: 'x' })), 'requests', shape)).toThrow(ApiProblem)
  })

  it('page() reads one row more than it returns to know whether there is a next page', () => {
    expect(page([1, 2, 3], 2, (last) => `after-${last}`)).toEqual({ items: [1, 2], nextCursor: 'after-2' })
    expect(page([1, 2], 2, (last) => `after-${last}`)).toEqual({ items: [1, 2], nextCursor: null })
  })
})
