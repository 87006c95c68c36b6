import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ResourceKey } from '#server/domain/resources'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { actOnRequest } from '#server/workflow/act-on-request'
import { operator, staff } from '../../helpers/actors'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makeProject, makeSubmittedRequest, makeUser } from '../../helpers/fixtures'
import { requestCounts } from '../../helpers/request-counts'

// A request's move between two states moves two of its agency's rows of "RequestStateCount" (a
// trigger). Taken in the order of the move, a return (submitted → returned) and a resubmission
// (returned → submitted) in one agency at once each held the row the other waited for: 34 of 96
// actions failed with "write conflict or a deadlock" before the trigger locked both rows in the
// key's order (found beside decision 0082, whose chain's lock is no longer part of any cycle).

const ROUNDS = 8
const EACH = 6

let t: TestDatabase
let agencyId: string
let requester: string
let reviewer: string

beforeAll(async () => {
  t = await createTestDatabase({ poolSize: 2 * EACH + 4 })
  agencyId = await makeAgency(t.db, 'Sở Nội vụ')
  requester = await makeUser(t.db, 'Hoàng Thị Lan')
  reviewer = await makeUser(t.db, 'Bế Văn Tuấn')
})
afterAll(async () => t?.drop())

const LINES = [
  { resource: 'cpu' as ResourceKey, amount: 500n },
  { resource: 'memory' as ResourceKey, amount: GiB },
]

function act(requestId: string, action: 'return' | 'resubmit', version: number) {
  return actOnRequest(t.db, {
    requestId,
    action,
    actor: action === 'return' ? operator(reviewer) : staff(requester),
    expectedVersion: version,
    policy: DEFAULT_APPROVAL_POLICY,
    payload:
      action === 'return'
        ? { reason: 'Vui lòng nêu rõ số người dùng đồng thời' }
        : {
            content: {
              kind: 'new',
              lines: LINES,
              backup: null,
              justification: 'Triển khai theo kế hoạch',
              endDate: null,
            },
          },
  })
}

describe("one agency's request counts", () => {
  it('never deadlock: returns and resubmissions at once all go through', async () => {
    const failures: string[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const ids = await Promise.all(
        Array.from({ length: 2 * EACH }, async () =>
          makeSubmittedRequest(t.db, {
            projectId: await makeProject(t.db, agencyId),
            agencyId,
            requesterId: requester,
            lines: { cpu: 500n },
          }),
        ),
      )
      const toReturn = ids.slice(0, EACH)
      const toResubmit = ids.slice(EACH)
      for (const id of toResubmit) expect(await act(id, 'return', 1)).toMatchObject({ ok: true })
      const outcomes = await Promise.allSettled([
        ...toReturn.map((id) => act(id, 'return', 1)),
        ...toResubmit.map((id) => act(id, 'resubmit', 2)),
      ])
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected')
          failures.push(`round ${round + 1}: ${String(outcome.reason).trim().split('\n').at(-1)}`)
        else if (!outcome.value?.ok) failures.push(`round ${round + 1}: ${JSON.stringify(outcome.value)}`)
      }
    }
    expect(failures, `${failures.length} of ${ROUNDS * EACH * 2} failed`).toEqual([])
    // The counts still agree with the rows.
    const { kept, actual } = await requestCounts(t.db, agencyId)
    expect(kept).toEqual(actual)
  }, 300_000)
})
