import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { canonicalJson, entryContent } from './chain'
import { chain } from './chain.fixtures'

// The first implementation (commit bee6d9e), kept as the definition of the bytes every stored
// entry was hashed over: the tuned writers must give exactly these.
function referenceCanonicalJson(value: unknown): string {
  return JSON.stringify(referenceNormalise(value))
}
function referenceNormalise(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map(referenceNormalise)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key]
      if (v !== undefined) out[key] = referenceNormalise(v)
    }
    return out
  }
  return value
}

const SHAPES: unknown[] = [
  null,
  0,
  -0,
  1.5e21,
  'Đồng Đăng',
  '"quoted" \\ back\nline\u0001\u2028',
  '\ud800 lone surrogate',
  true,
  12345678901234567890n,
  new Date(Date.UTC(2026, 11, 6, 5, 0, 0, 7)),
  [],
  {},
  [1, undefined, null, { b: 1, a: [undefined] }],
  { z: 1, a: { d: [{ z: 1, y: 2 }], c: 2n }, m: undefined },
  { state: 'approved', cpu: '4000', memory: '8589934592', lines: [{ resource: 'cpu', amount: '8' }] },
  { '10': 'ten', '9': 'nine', a: 'a', '01': 'zero-one', '-1': 'minus' },
  { nested: { '2': [1, { '1': 'x', b: 'y' }] } },
  { B: 1, a: 2, _: 3, Ă: 4, ä: 5, '': 6 },
  { date: new Date(0), big: 7n, deep: [[[{ y: 1, x: 2 }]]] },
  { a: 1, b: undefined, c: [2n] },
]

describe('canonicalJson', () => {
  it.each(SHAPES.map((shape) => [shape]))('gives the same bytes as the first implementation for %o', (shape) => {
    expect(canonicalJson(shape)).toBe(referenceCanonicalJson(shape))
  })

  it('sorts keys at every depth so jsonb reordering does not change the hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 2n } })).toBe('{"a":{"c":"2","d":[{"y":2,"z":1}]},"b":1}')
  })
  it('keeps Vietnamese text byte for byte', () => {
    expect(canonicalJson({ name: 'UBND xã Đồng Đăng' })).toBe('{"name":"UBND xã Đồng Đăng"}')
  })
})

describe('entryContent', () => {
  // The record without its stored bytes: what entryContent writes them from.
  const { content: stored, ...record } = chain(1)[0]!
  const reference = (prevHash: string, content: object) => referenceCanonicalJson({ ...content, prevHash })

  it.each([...SHAPES, undefined].map((shape) => [shape]))(
    "is the first implementation's bytes with before and after %o",
    (shape) => {
      const { prevHash, hash: _hash, ...content } = { ...record, before: shape, after: { wrapped: shape } }
      const expected = reference(prevHash, { ...content, seq: content.seq.toString(), at: content.at.toISOString() })
      expect(entryContent(prevHash, content)).toBe(expected)
    },
  )

  it("is the first implementation's bytes with a request id, which it hashes (decision 0070)", () => {
    const { prevHash, hash: _hash, ...content } = { ...record, requestId: '3F9A0C11D2E47B65' }
    const expected = reference(prevHash, { ...content, seq: content.seq.toString(), at: content.at.toISOString() })
    expect(entryContent(prevHash, content)).toBe(expected)
    expect(expected).toContain('"requestId":"3F9A0C11D2E47B65"')
  })

  it('writes an entry without a request id (null, or none) as every entry before them was written', () => {
    const { prevHash, hash: _hash, ...content } = record
    const asBefore = entryContent(prevHash, content)
    expect(asBefore).not.toContain('requestId')
    expect(entryContent(prevHash, { ...content, requestId: null })).toBe(asBefore)
    expect(entryContent(prevHash, { ...content, requestId: undefined })).toBe(asBefore)
  })

  it('writes times of every minute, second and millisecond as toISOString does, across minutes and years', () => {
    const times = [0, 1, 59_999, 60_000, 61_001, 1_764_990_000_999, 253_402_300_799_999, -1, -62_198_755_200_000]
    for (const ms of times.flatMap((t) => [t, t, t + 10, t + 100])) {
      const at = new Date(ms)
      const content = { ...record, at, before: null, after: null }
      expect(entryContent('p', content)).toBe(
        reference('p', { ...content, hash: undefined, prevHash: undefined, seq: '1', at: at.toISOString() }),
      )
    }
  })

  it('hashes the content with SHA-256, and the content is what an entry stores', () => {
    const { prevHash, hash, ...content } = record
    expect(stored).toBe(entryContent(prevHash, content))
    expect(hash).toBe(createHash('sha256').update(stored, 'utf8').digest('hex'))
  })
})
