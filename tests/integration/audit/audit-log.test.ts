import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendAudit, verifyAuditChain } from '#server/audit/log'
import { createDb } from '#server/db/client'
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
    const { seq } = await t.db.$transaction((tx) =>
      appendAudit(tx, {
        actor: { id: null, label: 'x' },
        action: 'a',
        entityType: 'E',
        entityId: 'doubles',
        after: { numbers },
      }),
    )
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
