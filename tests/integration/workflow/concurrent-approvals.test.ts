import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyAuditChain } from '#server/audit/log'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { actOnRequest } from '#server/workflow/act-on-request'
import { operator } from '../../helpers/actors'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makePools, makeProject, makeSubmittedRequest, makeUser } from '../../helpers/fixtures'

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase({ poolSize: 20 })
})
afterAll(async () => t?.drop())

describe('50 concurrent approvals against a pool that holds 10', () => {
  it('approves exactly 10, refuses 40 with the reason, and never over-allocates', async () => {
    const agencyId = await makeAgency(t.db)
    const requester = await makeUser(t.db, 'Hoàng Thị Lan')
    const operators = await Promise.all(Array.from({ length: 5 }, (_, i) => makeUser(t.db, `Vận hành ${i}`)))
    await makePools(t.db, { cpu: 10_000n }) // 10 vCPU
    const requestIds: string[] = []
    for (let i = 0; i < 50; i++) {
      const projectId = await makeProject(t.db, agencyId)
      requestIds.push(
        await makeSubmittedRequest(t.db, { projectId, agencyId, requesterId: requester, lines: { cpu: 1_000n } }),
      )
    }

    const results = await Promise.all(
      requestIds.map((requestId, i) =>
        actOnRequest(t.db, {
          requestId,
          action: 'approve',
          actor: operator(operators[i % operators.length]!),
          expectedVersion: 1,
          policy: DEFAULT_APPROVAL_POLICY,
          origin: { ip: '127.0.0.1', userAgent: 'vitest' },
        }),
      ),
    )

    const approved = results.filter((r) => r?.ok)
    const refused = results.filter((r) => r && !r.ok)
    expect(approved).toHaveLength(10)
    expect(refused).toHaveLength(40)
    for (const r of refused) {
      expect(r).toMatchObject({
        ok: false,
        error: {
          code: 'capacity.insufficient',
          params: { resource: 'cpu', capacity: '10000', remaining: '0', requested: '1000' },
        },
      })
    }

    const pool = await t.db.poolResource.findFirstOrThrow({ where: { resource: 'cpu' } })
    expect(pool.allocated).toBe(10_000n)
    const ledger = await t.db.ledgerEntry.aggregate({ _sum: { delta: true }, _count: true })
    expect(ledger._sum.delta).toBe(10_000n)
    expect(ledger._count).toBe(10)
    expect(await t.db.quotaRequest.count({ where: { state: 'approved' } })).toBe(10)
    // The refused ones are untouched: still submitted, version 1, no vote left behind.
    expect(await t.db.quotaRequest.count({ where: { state: 'submitted', version: 1 } })).toBe(40)
    expect(await t.db.requestVote.count()).toBe(10)
    expect(await t.db.auditEntry.count({ where: { action: 'request.approve' } })).toBe(10)
    expect(await verifyAuditChain(t.db)).toMatchObject({ intact: true, entries: 10 })
  })
})
