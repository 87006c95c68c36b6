import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadRequest } from '#server/db/request-rows'
import { DEFAULT_APPROVAL_POLICY, requestNeedsSignOff } from '#server/domain/security-policy'
import type { SecurityLevel } from '#server/domain/project'
import { countAwaitingSignOff, signOffQueue, type SignOffPosition } from '#server/workflow/sign-off-queue'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makeProject, makeSubmittedRequest, makeUser } from '../../helpers/fixtures'

// The sign-off queue's query decides in SQL what the domain decides in requestNeedsSignOff (and
// what domainRequestOf calls a sign-off): both run here over every kind × level × personal data,
// with live and discarded sign-offs, and must pick the same requests. An officer's own requests
// and those they approved are not in their queue.

let database: TestDatabase
const requestIds: string[] = []
let officer: string
let requester: string
const policies = [DEFAULT_APPROVAL_POLICY, { ...DEFAULT_APPROVAL_POLICY, signOffMinSecurityLevel: 4 as SecurityLevel }]

beforeAll(async () => {
  database = await createTestDatabase()
  const db = database.db
  const agencyId = await makeAgency(db, 'UBND xã Đồng Đăng')
  requester = await makeUser(db, 'Nguyễn Văn An')
  officer = await makeUser(db, 'Phạm Thu Hương')
  const other = await makeUser(db, 'Lý Quang')
  for (const level of [1, 2, 3, 4, 5])
    for (const personalData of [false, true]) {
      const projectId = await makeProject(db, agencyId, { securityLevel: level, personalData })
      for (const kind of ['new', 'increase', 'decrease'] as const)
        for (const vote of ['none', 'signed', 'discarded', 'approvedByOfficer', 'byOfficer'] as const) {
          const id = await makeSubmittedRequest(db, {
            projectId,
            agencyId,
            requesterId: vote === 'byOfficer' ? officer : requester,
            kind,
            lines: { cpu: 1000n },
          })
          requestIds.push(id)
          const base = { requestId: id, version: 1 }
          if (vote === 'signed') await db.requestVote.create({ data: { ...base, actorId: other, kind: 'sign_off' } })
          if (vote === 'discarded')
            await db.requestVote.create({
              data: { ...base, actorId: other, kind: 'sign_off', discardedAt: new Date() },
            })
          if (vote === 'approvedByOfficer')
            await db.requestVote.create({ data: { ...base, actorId: officer, kind: 'approve' } })
        }
    }
}, 60_000)
afterAll(() => database.drop())

async function wholeQueue(officerId: string | null, policy = DEFAULT_APPROVAL_POLICY): Promise<number[]> {
  const numbers: number[] = []
  let position: SignOffPosition | null = null
  do {
    const page: Awaited<ReturnType<typeof signOffQueue>> = await signOffQueue(database.db, {
      policy,
      officerId,
      position,
      size: 7,
    })
    numbers.push(...page.items.map((item) => item.number))
    position = page.next
  } while (position)
  return numbers
}

describe('the sign-off queue', () => {
  it('holds exactly the submitted requests the domain says need a sign-off and have none', async () => {
    for (const policy of policies) {
      const expected: number[] = []
      for (const id of requestIds) {
        const loaded = await loadRequest(database.db, id)
        const { request, project } = loaded!
        const number = (await database.db.quotaRequest.findUniqueOrThrow({ where: { id } })).number
        if (requestNeedsSignOff(request, project, policy) && request.signOff === null) expected.push(number)
      }
      expect(expected.length).toBeGreaterThan(10)
      const everyone = await wholeQueue(null, policy)
      expect([...everyone].sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b))
      expect(await countAwaitingSignOff(database.db, policy)).toBe(expected.length)
    }
  })

  it("leaves out an officer's own requests and those they approved, in submission order", async () => {
    const all = await wholeQueue(null)
    const theirs = await wholeQueue(officer)
    const rows = await database.db.quotaRequest.findMany({
      where: { number: { in: all } },
      select: { number: true, requestedById: true, votes: { select: { actorId: true, kind: true } } },
    })
    const excluded = rows
      .filter((r) => r.requestedById === officer || r.votes.some((v) => v.actorId === officer && v.kind === 'approve'))
      .map((r) => r.number)
    expect(excluded.length).toBeGreaterThan(0)
    expect(theirs).toEqual(all.filter((n) => !excluded.includes(n)))
    // The dashboard's count for this officer is the queue they see.
    expect(await countAwaitingSignOff(database.db, DEFAULT_APPROVAL_POLICY, officer)).toBe(theirs.length)
    const page = await signOffQueue(database.db, { policy: DEFAULT_APPROVAL_POLICY, officerId: officer, size: 100 })
    const times = page.items.map((item) => [item.submittedAt.getTime(), item.number] as const)
    expect(times).toEqual([...times].sort((a, b) => a[0] - b[0] || a[1] - b[1]))
    expect(page.items[0]).toMatchObject({ agency: { nameVi: 'UBND xã Đồng Đăng' }, approvals: 0 })
  })
})
