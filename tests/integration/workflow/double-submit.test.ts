import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDraftRequest } from '#server/workflow/create-request'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makeProject, makeUser } from '../../helpers/fixtures'

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase()
})
afterAll(async () => t?.drop())

const content = {
  kind: 'new' as const,
  lines: [{ resource: 'cpu' as const, amount: 2_000n }],
  backup: null,
  justification: 'Đề nghị cấp mới',
  endDate: null,
}

describe('a new-request form sent twice', () => {
  it('creates one request, whether the copies arrive one after the other or at once', async () => {
    const agencyId = await makeAgency(t.db)
    const projectId = await makeProject(t.db, agencyId)
    const requesterId = await makeUser(t.db, 'Nguyễn Văn An')
    const input = { projectId, requesterId, requesterLabel: 'Nguyễn Văn An', content }

    const key = randomUUID()
    const first = await createDraftRequest(t.db, { ...input, idempotencyKey: key })
    if (first === null || 'refused' in first) throw new Error('the draft was not made')
    const second = await createDraftRequest(t.db, { ...input, idempotencyKey: key })
    expect(first).toMatchObject({ repeated: false })
    expect(second).toEqual({ id: first.id, number: first.number, repeated: true })

    const racing = randomUUID()
    const results = await Promise.all(
      Array.from({ length: 5 }, () => createDraftRequest(t.db, { ...input, idempotencyKey: racing })),
    )
    const made = results.map((r) => (r === null || 'refused' in r ? null : r))
    expect(new Set(made.map((r) => r?.id)).size).toBe(1)
    expect(made.filter((r) => r?.repeated === false)).toHaveLength(1)

    expect(await t.db.quotaRequest.count({ where: { projectId } })).toBe(2)
    expect(await t.db.auditEntry.count({ where: { action: 'request.create' } })).toBe(2)
  })

  it('does not let another person reuse someone else’s key to find their request', async () => {
    const agencyId = await makeAgency(t.db)
    const projectId = await makeProject(t.db, agencyId)
    const [a, b] = [await makeUser(t.db, 'Hoàng Thị Lan'), await makeUser(t.db, 'Vi Thị Thu')]
    const key = randomUUID()
    await createDraftRequest(t.db, { projectId, requesterId: a, requesterLabel: 'a', content, idempotencyKey: key })
    await expect(
      createDraftRequest(t.db, { projectId, requesterId: b, requesterLabel: 'b', content, idempotencyKey: key }),
    ).rejects.toThrow()
  })
})
