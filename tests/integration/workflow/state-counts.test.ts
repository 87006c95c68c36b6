import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { actOnRequest } from '#server/workflow/act-on-request'
import { operator } from '../../helpers/actors'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makePools, makeProject, makeSubmittedRequest, makeUser } from '../../helpers/fixtures'
import { requestCounts } from '../../helpers/request-counts'

// The per-agency request and project counts the dashboard and the queue read must always equal
// a count of the rows they stand for.

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase()
})
afterAll(async () => t?.drop())

async function expectCountsTrue(): Promise<void> {
  const { kept, actual } = await requestCounts(t.db)
  expect(kept).toEqual(actual)
}

describe('request counts kept by trigger', () => {
  it('follow inserts, state changes through the workflow, agency moves and deletes', async () => {
    const [a, b] = [await makeAgency(t.db), await makeAgency(t.db, 'UBND xã Đồng Đăng')]
    const requester = await makeUser(t.db)
    const tuan = await makeUser(t.db, 'Bế Văn Tuấn')
    await makePools(t.db, { cpu: 100_000n })
    const ids: string[] = []
    for (let i = 0; i < 6; i++) {
      const agencyId = i % 2 ? a : b
      ids.push(
        await makeSubmittedRequest(t.db, {
          projectId: await makeProject(t.db, agencyId),
          agencyId,
          requesterId: requester,
          lines: { cpu: 1_000n },
        }),
      )
    }
    await expectCountsTrue()
    await Promise.all(
      ids.slice(0, 3).map((requestId) =>
        actOnRequest(t.db, {
          requestId,
          action: 'approve',
          actor: operator(tuan, 'op'),
          policy: DEFAULT_APPROVAL_POLICY,
        }),
      ),
    )
    await actOnRequest(t.db, {
      requestId: ids[3]!,
      action: 'reject',
      actor: operator(tuan, 'op'),
      policy: DEFAULT_APPROVAL_POLICY,
      payload: { reason: 'Không phù hợp' },
    })
    await expectCountsTrue()
    await t.db.quotaRequest.update({ where: { id: ids[4]! }, data: { agencyId: a } }) // an agency merger moves requests
    await t.db.quotaRequest.delete({ where: { id: ids[5]! } })
    await expectCountsTrue()
  })
})

describe('project counts kept by trigger', () => {
  async function expectProjectCountsTrue(): Promise<void> {
    const truth = await t.db.project.groupBy({ by: ['agencyId'], _count: { _all: true } })
    const kept = await t.db.projectCount.findMany({ where: { count: { not: 0 } } })
    expect(Object.fromEntries(kept.map((k) => [k.agencyId, k.count]))).toEqual(
      Object.fromEntries(truth.map((g) => [g.agencyId, g._count._all])),
    )
  }

  it('follow inserts, agency moves (mergers) and deletes', async () => {
    const [a, b] = [await makeAgency(t.db, 'Sở Khoa học và Công nghệ'), await makeAgency(t.db, 'UBND xã Tân Thanh')]
    const projects = [await makeProject(t.db, a), await makeProject(t.db, a), await makeProject(t.db, b)]
    await expectProjectCountsTrue()
    await t.db.project.update({ where: { id: projects[0]! }, data: { agencyId: b } })
    await t.db.project.update({ where: { id: projects[1]! }, data: { name: 'Đổi tên, cùng cơ quan' } }) // no move, no change of counts
    await expectProjectCountsTrue()
    await t.db.project.delete({ where: { id: projects[2]! } })
    await expectProjectCountsTrue()
  })
})
