import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { entryContent } from '#server/audit/chain'
import { appendAudit } from '#server/audit/log'
import { storedRecord } from '#server/audit/records'
import { verifyAuditChain } from '#server/audit/verify'
import { contentsRewrittenDifferently, rerunContentMigration } from '../../helpers/audit'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { asSuperuser } from './support'

// The migration that stored each entry's hashed bytes wrote them in SQL for the entries already in
// the trail (decision 0036). Here it runs again, as the owner, over entries with values of every
// awkward shape, and must give back, byte for byte, what the verifier before it wrote from their
// columns (the console's bytes): every existing chain still verifies. An entry changed before the
// migration is still named altered after it.

let t: TestDatabase
let before: TestDatabase
beforeAll(async () => {
  ;[t, before] = await Promise.all([createTestDatabase(), createTestDatabase()])
})
afterAll(async () => Promise.all([t?.drop(), before?.drop()]))

/** A deterministic stream of numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

// Keys JavaScript orders its own way: array indices first by number (up to 2^32 − 2), then by
// UTF-16 code units, where a character beyond U+FFFF sorts before U+E000.
const KEYS = ['10', '9', '0', '01', '-1', '4294967294', '4294967295', '', 'B', 'a', '_', 'Ă', 'ä', '😀', '\ue000', 'ｆ']
const TEXTS = [
  'Đồng Đăng',
  '"q" \\ /',
  'line\nbreak\ttab',
  '\u0001\u001f\u007f',
  '\u2028\u2029',
  '😀 ₫',
  '',
  '=SUM(A1)',
]

/** Numbers across JavaScript's formats: integers, fractions, exponents both ways, the extremes. */
function numberOf(rand: () => number): number {
  const fixed = [0, -0, 1, -1, 1e21, 1e20, 123456789012345680000, 1e-7, 1e-6, 0.1, 5e-324, Number.MAX_VALUE, 2 ** 53]
  const pick = rand()
  if (pick < 0.3) return fixed[Math.floor(rand() * fixed.length)]!
  if (pick < 0.5) return Math.floor(rand() * 1e6) - 5e5
  return (rand() - 0.5) * 10 ** Math.floor(rand() * 60 - 30)
}

function valueOf(rand: () => number, depth: number): unknown {
  const pick = rand()
  if (depth > 2 || pick < 0.35) {
    const scalar = rand()
    if (scalar < 0.4) return numberOf(rand)
    if (scalar < 0.8) return TEXTS[Math.floor(rand() * TEXTS.length)]!
    return [true, false, null][Math.floor(rand() * 3)]
  }
  if (pick < 0.6) return Array.from({ length: Math.floor(rand() * 4) }, () => valueOf(rand, depth + 1))
  const object: Record<string, unknown> = {}
  for (let i = Math.floor(rand() * 6); i > 0; i--)
    object[KEYS[Math.floor(rand() * KEYS.length)]!] = valueOf(rand, depth + 1)
  return object
}

/** The shapes each test writes: fixed awkward ones, then 300 made up from `seed`. */
function valuesOf(seed: number): unknown[] {
  const rand = random(seed)
  return [
    undefined,
    null,
    { state: 'approved', cpu: '4000', memory: 8589934592n },
    { '10': 'ten', '9': 'nine', a: 'a', '01': 'zero-one', '-1': 'minus', '😀': 1, '\ue000': 2 },
    new Date(Date.UTC(2026, 11, 6, 5, 0, 0, 7)),
    [9007199254740993, -32780819665640590, 2.7744573401287197e-9, 0.1 + 0.2, Number.MAX_VALUE],
    ...Array.from({ length: 300 }, () => valueOf(rand, 0)),
  ]
}

describe('the content migration', () => {
  it("writes each existing entry's bytes exactly as the console did, and an entry changed before it stays altered", async () => {
    const rand = random(7)
    const values = valuesOf(42)
    for (const [i, value] of values.entries()) {
      await t.db.$transaction((tx) =>
        appendAudit(tx, {
          actor: i % 3 === 0 ? { id: null, label: 'Hệ thống' } : { id: `u${i}`, label: TEXTS[i % TEXTS.length]! },
          action: 'request.submit',
          entityType: 'QuotaRequest',
          entityId: `req-${i}-${TEXTS[i % TEXTS.length]}`,
          agencyId: i % 2 === 0 ? null : '7f0c1c9e-3a53-4b1e-9d0e-2b5c8f6a1d42',
          outcome: i % 5 === 0 ? 'denied' : 'ok',
          before: i % 4 === 0 ? undefined : valueOf(rand, 1),
          after: value,
          origin: i % 3 === 0 ? {} : { ip: '10.0.0.7', userAgent: `vitest ${TEXTS[i % TEXTS.length]}` },
        }),
      )
    }
    expect(await verifyAuditChain(t.db)).toEqual({ intact: true, entries: values.length })
    // Changed by whoever owned the server before the migration: its bytes are then those of its new columns.
    await asSuperuser(t, (c) => c.query(`UPDATE "AuditEntry" SET "actorLabel" = 'Kẻ giả mạo' WHERE seq = 7`))

    await rerunContentMigration(t.ownerUrl)
    expect((await contentsRewrittenDifferently(t.ownerUrl)).map((row) => row.seq)).toEqual(['7'])
    expect(await verifyAuditChain(t.db)).toEqual({
      intact: false,
      entries: 6,
      firstBrokenSeq: 7n,
      reason: 'hash_mismatch',
    })
  })
})

/** A value as JSON reads it back (bigints as text), for Prisma's Json columns. */
const plain = (value: unknown) =>
  JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as never

describe('the content migration over entries written before it', () => {
  it('gives each the bytes the verifier wrote from the columns Prisma had stored', async () => {
    const values = valuesOf(99)
    for (const [i, value] of values.entries()) {
      // As appendAudit wrote an entry then: through Prisma, columns only (the content did not exist;
      // the migration replaces the placeholder). Their chain is beside the point here: their bytes are.
      await before.db.auditEntry.create({
        data: {
          seq: BigInt(i + 1),
          at: new Date(Date.UTC(2026, 10, 25, 8, 0, i)),
          actorId: `u${i}`,
          actorLabel: TEXTS[i % TEXTS.length]!,
          action: 'request.approve',
          entityType: 'QuotaRequest',
          entityId: `r${i}`,
          outcome: 'ok',
          before: i % 2 === 0 ? undefined : plain({ v: value }),
          after: plain([value]),
          prevHash: `p${i}`,
          hash: `h${i}`,
          content: '',
        },
      })
    }
    const rows = await before.db.auditEntry.findMany({ orderBy: { seq: 'asc' } })
    const written = rows.map((row) => entryContent(row.prevHash, storedRecord(row)))

    await rerunContentMigration(before.ownerUrl)
    const migrated = await before.db.auditEntry.findMany({ orderBy: { seq: 'asc' }, select: { content: true } })
    expect(migrated.map((row) => row.content)).toEqual(written)
  })
})
