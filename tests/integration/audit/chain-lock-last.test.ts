import { PrismaPg } from '@prisma/adapter-pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendAudit, verifyAuditChain } from '#server/audit/log'
import { PrismaClient } from '#server/db/generated/client'
import type { Tx } from '#server/db/client'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency } from '../../helpers/fixtures'

// Decision 0082: the audit chain's lock is the last lock of every audited transaction, by
// construction: appendAudit queues the entry and the client writes the queue when the
// transaction's callback has returned. A row written after appendAudit is written before the lock.

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase()
})
afterAll(async () => t?.drop())

const entry = (entityId: string) => ({
  actor: { id: null, label: 'Nguyễn Thị Hương' },
  action: 'agency.rename',
  entityType: 'Agency',
  entityId,
})

/** The advisory locks this transaction's own backend holds now. */
async function advisoryLocksHeld(tx: Tx): Promise<number> {
  const [row] = await tx.$queryRaw<{ held: number }[]>`
    SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted`
  return row!.held
}

describe("the audit chain's lock", () => {
  it('is not held after appendAudit while the transaction goes on writing rows, and the entries commit with them', async () => {
    const agencyId = await makeAgency(t.db, 'Sở Tư pháp')
    const held = await t.db.$transaction(async (tx) => {
      await appendAudit(tx, entry(`${agencyId}:first`))
      const afterAppend = await advisoryLocksHeld(tx)
      // A row write after the entry: before decision 0082 it waited here holding the chain's lock.
      await tx.agency.update({ where: { id: agencyId }, data: { nameVi: 'Sở Tư pháp tỉnh Lạng Sơn' } })
      await appendAudit(tx, entry(`${agencyId}:second`))
      return { afterAppend, atTheEnd: await advisoryLocksHeld(tx) }
    })
    expect(held).toEqual({ afterAppend: 0, atTheEnd: 0 })
    const written = await t.db.auditEntry.findMany({
      where: { entityId: { startsWith: agencyId } },
      orderBy: { seq: 'asc' },
      select: { entityId: true, actorLabel: true },
    })
    // In the order appended, the name as given.
    expect(written).toEqual([
      { entityId: `${agencyId}:first`, actorLabel: 'Nguyễn Thị Hương' },
      { entityId: `${agencyId}:second`, actorLabel: 'Nguyễn Thị Hương' },
    ])
    expect(await verifyAuditChain(t.db)).toMatchObject({ intact: true })
  })

  it('keeps the snapshot as it was when appended, though the caller changes its object afterwards', async () => {
    const after = { nameVi: 'Văn phòng UBND tỉnh' }
    await t.db.$transaction(async (tx) => {
      await appendAudit(tx, { ...entry('snapshot'), after })
      after.nameVi = 'đổi sau khi ghi'
      await tx.$executeRaw`SELECT 1`
    })
    expect((await t.db.auditEntry.findFirstOrThrow({ where: { entityId: 'snapshot' } })).after).toEqual({
      nameVi: 'Văn phòng UBND tỉnh',
    })
  })

  it('refuses, at the call, a transaction whose end would never write the entry', async () => {
    // A client not made by createDb does not run the queued work: the entry would be lost silently.
    const bare = new PrismaClient({ adapter: new PrismaPg({ connectionString: t.url, max: 1 }) })
    try {
      await bare.$transaction(async (tx) => {
        expect(() => appendAudit(tx, entry('bare-client'))).toThrow(
          /not an open transaction of a client made by createDb/,
        )
        await tx.$executeRaw`SELECT 1`
      })
    } finally {
      await bare.$disconnect()
    }
    // Nor a transaction that has already ended (a promise that escaped its callback).
    let ended: Tx | undefined
    await t.db.$transaction(async (tx) => {
      ended = tx
      await tx.$executeRaw`SELECT 1`
    })
    expect(() => appendAudit(ended!, entry('ended'))).toThrow(/not an open transaction/)
    expect(await t.db.auditEntry.count({ where: { entityId: { in: ['bare-client', 'ended'] } } })).toBe(0)
  })
})
