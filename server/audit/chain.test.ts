import { describe, expect, it } from 'vitest'
import { GENESIS_HASH, canonicalJson, entryHash, verifyBatch, type StoredAuditRecord } from './chain'

function chain(n: number): StoredAuditRecord[] {
  const out: StoredAuditRecord[] = []
  let prev = GENESIS_HASH
  for (let i = 1; i <= n; i++) {
    const record = {
      seq: BigInt(i),
      at: new Date(Date.UTC(2026, 10, 25, 8, 0, i)),
      actorId: 'u1',
      actorLabel: 'Nguyễn Văn An',
      action: 'request.approve',
      entityType: 'QuotaRequest',
      entityId: `r${i}`,
      agencyId: null,
      outcome: 'ok',
      before: { state: 'submitted' },
      after: { state: 'approved', cpu: '4000' },
      sourceIp: '127.0.0.1',
      userAgent: 'test',
    }
    const hash = entryHash(prev, record)
    out.push({ ...record, prevHash: prev, hash })
    prev = hash
  }
  return out
}

describe('canonicalJson', () => {
  it('sorts keys at every depth so jsonb reordering does not change the hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 2n } })).toBe('{"a":{"c":"2","d":[{"y":2,"z":1}]},"b":1}')
  })
  it('keeps Vietnamese text byte for byte', () => {
    expect(canonicalJson({ name: 'UBND xã Đồng Đăng' })).toBe('{"name":"UBND xã Đồng Đăng"}')
  })
})

describe('verifyBatch', () => {
  it('accepts an untouched chain', () => {
    const entries = chain(5)
    const result = verifyBatch(entries, GENESIS_HASH)
    expect(result.verdict).toBeNull()
    expect(result.checked).toBe(5)
    expect(result.lastHash).toBe(entries[4]!.hash)
  })

  it('names the first entry whose content was changed', () => {
    const entries = chain(5)
    entries[2] = { ...entries[2]!, after: { state: 'approved', cpu: '64000' } }
    expect(verifyBatch(entries, GENESIS_HASH).verdict).toMatchObject({
      intact: false,
      firstBrokenSeq: 3n,
      reason: 'hash_mismatch',
    })
  })

  it('finds a recomputed entry hash because the next link no longer matches', () => {
    const entries = chain(5)
    const forged = { ...entries[1]!, actorLabel: 'someone else' }
    const { prevHash, hash: _old, ...content } = forged
    entries[1] = { ...forged, hash: entryHash(prevHash, content) }
    expect(verifyBatch(entries, GENESIS_HASH).verdict).toMatchObject({ firstBrokenSeq: 3n, reason: 'link_mismatch' })
  })

  it('finds an entry removed from the middle', () => {
    const entries = chain(4)
    entries.splice(1, 1)
    expect(verifyBatch(entries, GENESIS_HASH).verdict).toMatchObject({ firstBrokenSeq: 3n, reason: 'link_mismatch' })
  })
})
