import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { QueueQuery, loadQueue } from '#app/routes/queue/queue.server'
import { PAGE_SIZE } from '#app/utils/paging.server'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makePools, makeProject, makeSubmittedRequest, makeUser } from '../../helpers/fixtures'

// The operators' queue pages by position (keyset, decision 0015): walking next links and then
// previous links must visit every waiting request exactly once, in the order the queue sorts by,
// with ties on the submission time broken by the request number, filters and sort kept.

let t: TestDatabase
let agencyCode: string
beforeAll(async () => {
  t = await createTestDatabase()
  const [a, b] = [await makeAgency(t.db, 'Sở Khoa học và Công nghệ'), await makeAgency(t.db, 'UBND xã Đồng Đăng')]
  agencyCode = (await t.db.agency.findUniqueOrThrow({ where: { id: a }, select: { code: true } })).code
  const requester = await makeUser(t.db)
  await makePools(t.db, { cpu: 100_000n })
  const projects = { [a]: await makeProject(t.db, a), [b]: await makeProject(t.db, b) }
  const ids: string[] = []
  for (let i = 0; i < 2 * PAGE_SIZE + 7; i++) {
    const agencyId = i % 3 === 0 ? b : a
    ids.push(
      await makeSubmittedRequest(t.db, {
        projectId: projects[agencyId]!,
        agencyId,
        requesterId: requester,
        lines: { cpu: 1_000n },
      }),
    )
  }
  // Submission times with ties (three requests a minute), in an order unlike the numbers'.
  for (const [i, id] of ids.entries()) {
    await t.db.quotaRequest.update({
      where: { id },
      data: { submittedAt: new Date(Date.UTC(2026, 10, 1, 8, (i * 7) % 20)) },
    })
  }
  // Not waiting: never in the queue.
  await t.db.quotaRequest.update({ where: { id: ids[5]! }, data: { state: 'approved' } })
})
afterAll(async () => t?.drop())

async function expected(sort: 'asc' | 'desc', agency?: string): Promise<number[]> {
  const rows = await t.db.quotaRequest.findMany({
    where: { state: 'submitted', ...(agency ? { agency: { code: agency } } : {}) },
    orderBy: [{ submittedAt: sort }, { number: sort }],
    select: { number: true },
  })
  return rows.map((r) => r.number)
}

const queue = (query: Record<string, string>) =>
  loadQueue({ db: t.db, locale: 'vi', query: QueueQuery.parse(query), policy: DEFAULT_APPROVAL_POLICY })

async function walk(base: Record<string, string>): Promise<{ forward: number[][]; backward: number[][] }> {
  const forward: number[][] = []
  let page = await queue(base)
  expect(page.page.previous).toBeNull()
  forward.push(page.items.map((i) => i.number))
  while (page.page.next) {
    page = await queue({ ...base, after: page.page.next })
    forward.push(page.items.map((i) => i.number))
  }
  const backward: number[][] = [forward.at(-1)!]
  while (page.page.previous) {
    page = await queue({ ...base, before: page.page.previous })
    backward.unshift(page.items.map((i) => i.number))
  }
  return { forward, backward }
}

describe('the operator queue, paged by position', () => {
  it('visits every waiting request once, oldest first, forwards and back', async () => {
    const { forward, backward } = await walk({})
    expect(forward.flat()).toEqual(await expected('asc'))
    expect(forward.map((p) => p.length)).toEqual([PAGE_SIZE, PAGE_SIZE, 6])
    expect(backward).toEqual(forward)
    expect((await queue({})).page.total).toBe(String(2 * PAGE_SIZE + 6))
  })

  it('keeps the newest-first sort and the agency filter across pages', async () => {
    const newest = await walk({ sort: 'newest' })
    expect(newest.forward.flat()).toEqual(await expected('desc'))
    expect(newest.backward).toEqual(newest.forward)
    const one = await walk({ agency: agencyCode })
    expect(one.forward.flat()).toEqual(await expected('asc', agencyCode))
    expect(one.forward.length).toBe(2)
  })

  it('shows the first page whole when going back from near the start after requests were decided', async () => {
    const second = await queue({ after: (await queue({})).page.next! })
    await t.db.quotaRequest.updateMany({
      where: { number: { in: (await expected('asc')).slice(0, 3) } },
      data: { state: 'approved' },
    })
    const back = await queue({ before: second.page.previous! })
    expect(back.items.map((i) => i.number)).toEqual((await expected('asc')).slice(0, PAGE_SIZE))
    expect(back.page.previous).toBeNull()
    expect(back.page.next).not.toBeNull()
  })

  it('refuses cursors it did not make', () => {
    expect(QueueQuery.safeParse({ after: 'bm90IGEgY3Vyc29y' }).success).toBe(false)
    expect(QueueQuery.safeParse({ before: '../../etc' }).success).toBe(false)
    expect(
      QueueQuery.safeParse({ after: Buffer.from(JSON.stringify({ t: 'yesterday', n: 1 })).toString('base64url') })
        .success,
    ).toBe(false)
  })
})
