import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendAudit, recordAudit, verifyAuditChain } from '#server/audit/log'
import { createDb } from '#server/db/client'
import { withRequestId } from '#server/observability/log'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase()
})
afterAll(async () => t?.drop())

async function superuserQuery(sql: string): Promise<void> {
  // Tampering as an attacker with the database server would: bypassing the append-only trigger.
  const client = new pg.Client({ connectionString: t.adminUrl })
  await client.connect()
  try {
    await client.query('BEGIN; SET LOCAL session_replication_role = replica;')
    await client.query(sql)
    await client.query('COMMIT')
  } finally {
    await client.end()
  }
}

describe('audit log against PostgreSQL', () => {
  it('chains concurrent appends without gaps or forks', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.db.$transaction((tx) =>
          appendAudit(tx, {
            actor: { id: null, label: 'Hoàng Thị Lan' },
            action: 'request.submit',
            entityType: 'QuotaRequest',
            entityId: `req-${i}`,
            before: { state: 'draft' },
            after: { state: 'submitted', memory: 8589934592n },
            origin: { ip: '10.0.0.7', userAgent: 'vitest' },
          }),
        ),
      ),
    )
    expect(await verifyAuditChain(t.db)).toEqual({ intact: true, entries: 40 })
    const stored = await t.db.auditEntry.findFirst({ where: { entityId: 'req-0' } })
    expect(stored?.actorLabel).toBe('Hoàng Thị Lan')
    expect(stored?.after).toEqual({ state: 'submitted', memory: '8589934592' })
  })

  it('verifies an entry whose snapshot holds doubles of 16 and 17 significant digits, its columns holding them whole', async () => {
    // Prisma writes a Json column's numbers with 15 significant digits: when the columns were
    // written through it, such an entry never verified (its bytes were hashed with JavaScript's 17).
    const numbers = [2.7744573401287197e-9, 0.1 + 0.2, -32780819665640590, 123456789.12345679]
    const { seq } = await recordAudit(t.db, {
      actor: { id: null, label: 'x' },
      action: 'a',
      entityType: 'E',
      entityId: 'doubles',
      after: { numbers },
    })
    expect((await t.db.auditEntry.findUniqueOrThrow({ where: { seq } })).after).toEqual({ numbers })
    expect(await verifyAuditChain(t.db)).toMatchObject({ intact: true })
  })

  it('writes no entry when the surrounding transaction rolls back', async () => {
    await expect(
      t.db.$transaction(async (tx) => {
        await appendAudit(tx, {
          actor: { id: null, label: 'x' },
          action: 'a',
          entityType: 'E',
          entityId: 'rolled-back',
        })
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(await t.db.auditEntry.count({ where: { entityId: 'rolled-back' } })).toBe(0)
  })

  it('refuses UPDATE and DELETE through the application connection, and the trigger refuses even the owner', async () => {
    // The app role has no UPDATE or DELETE on the table at all (tests/integration/database).
    await expect(t.db.auditEntry.updateMany({ data: { actorLabel: 'forged' } })).rejects.toThrow(/permission denied/)
    await expect(t.db.auditEntry.deleteMany({})).rejects.toThrow(/permission denied/)
    const owner = createDb(t.ownerUrl)
    try {
      await expect(owner.auditEntry.updateMany({ data: { actorLabel: 'forged' } })).rejects.toThrow(/append-only/)
      await expect(owner.auditEntry.deleteMany({})).rejects.toThrow(/append-only/)
    } finally {
      await owner.$disconnect()
    }
  })

  it('records the id of the request an entry was written in, within its hash; entries without one verify as before', async () => {
    const append = (entityId: string) =>
      recordAudit(t.db, { actor: { id: null, label: 'x' }, action: 'a', entityType: 'E', entityId })
    const inRequest = await withRequestId('3F9A0C11D2E47B65', () => append('in-a-request'))
    const outside = await append('outside-any-request')
    const rows = await t.db.auditEntry.findMany({
      where: { seq: { in: [inRequest.seq, outside.seq] } },
      orderBy: { seq: 'asc' },
    })
    expect(rows.map((row) => row.requestId)).toEqual(['3F9A0C11D2E47B65', null])
    expect(rows[0]!.content).toContain('"prevHash":"' + rows[0]!.prevHash + '","requestId":"3F9A0C11D2E47B65","seq":')
    expect(rows[1]!.content).not.toContain('requestId')
    expect(await verifyAuditChain(t.db)).toMatchObject({ intact: true })
  })

  it('finds a request id given to an entry written without one, or changed, and names the entry', async () => {
    const [withId, withoutId] = await Promise.all([
      t.db.auditEntry.findFirstOrThrow({ where: { entityId: 'in-a-request' } }),
      t.db.auditEntry.findFirstOrThrow({ where: { entityId: 'outside-any-request' } }),
    ])
    await superuserQuery(`UPDATE "AuditEntry" SET "requestId" = 'FFFFFFFFFFFFFFFF' WHERE seq = ${withoutId.seq}`)
    expect(await verifyAuditChain(t.db)).toMatchObject({
      intact: false,
      firstBrokenSeq: withoutId.seq,
      reason: 'hash_mismatch',
    })
    await superuserQuery(`UPDATE "AuditEntry" SET "requestId" = NULL WHERE seq = ${withoutId.seq}`)
    expect(await verifyAuditChain(t.db)).toMatchObject({ intact: true })
    await superuserQuery(`UPDATE "AuditEntry" SET "requestId" = 'FFFFFFFFFFFFFFFF' WHERE seq = ${withId.seq}`)
    expect(await verifyAuditChain(t.db)).toMatchObject({
      intact: false,
      firstBrokenSeq: withId.seq,
      reason: 'hash_mismatch',
    })
    await superuserQuery(`UPDATE "AuditEntry" SET "requestId" = NULL WHERE seq = ${withId.seq}`)
    expect(await verifyAuditChain(t.db)).toMatchObject({
      intact: false,
      firstBrokenSeq: withId.seq,
      reason: 'hash_mismatch',
    })
    await superuserQuery(`UPDATE "AuditEntry" SET "requestId" = '3F9A0C11D2E47B65' WHERE seq = ${withId.seq}`)
    expect(await verifyAuditChain(t.db)).toMatchObject({ intact: true })
  })

  it('finds an edited entry and names it', async () => {
    await superuserQuery(`UPDATE "AuditEntry" SET "after" = '{"state":"approved"}' WHERE seq = 17`)
    expect(await verifyAuditChain(t.db)).toMatchObject({
      intact: false,
      firstBrokenSeq: 17n,
      reason: 'hash_mismatch',
      entries: 16,
    })
  })

  it('finds a deleted entry and names where the gap is', async () => {
    await superuserQuery(`DELETE FROM "AuditEntry" WHERE seq >= 5`)
    await superuserQuery(`DELETE FROM "AuditEntry" WHERE seq = 3`)
    expect(await verifyAuditChain(t.db)).toMatchObject({ intact: false, firstBrokenSeq: 3n })
  })
})
