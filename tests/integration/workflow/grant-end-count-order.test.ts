import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { SYSTEM_ACTOR } from '#server/provisioning/audit'
import { actOnRequest, type ActInput } from '#server/workflow/act-on-request'
import { operator } from '../../helpers/actors'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makePools, makeProject, makeSubmittedRequest, makeUser } from '../../helpers/fixtures'
import { requestCounts } from '../../helpers/request-counts'

// Decision 0082, "Left:": a grant revoked (or expired) ends its live increases in the same
// transaction, one after another. Each move takes two of the agency's rows of "RequestStateCount"
// (a trigger, in the key's order within the move), but the moves came in the order of the
// requests: the grant's (active → revoked) first, then the increase's (approved → revoked, or
// provisioning → revoked), with the pools' rows taken by the grant's release between them. An
// approval in the same agency (submitted → approved, then the pools) and the provisioning's
// advance of another system (provisioning → active) took the same rows in the other order.

const ROUNDS = 6
const EACH = 5

let t: TestDatabase
let agencyId: string
let requester: string
let reviewer: string

beforeAll(async () => {
  t = await createTestDatabase({ poolSize: 3 * EACH + 4 })
  await makePools(t.db, { cpu: 10_000_000n, memory: 100_000n * GiB })
  agencyId = await makeAgency(t.db, 'Sở Tài nguyên và Môi trường')
  requester = await makeUser(t.db, 'Hoàng Thị Lan')
  reviewer = await makeUser(t.db, 'Bế Văn Tuấn')
}, 60_000)
afterAll(async () => t?.drop())

const LINES = { cpu: 500n, memory: GiB }

async function act(requestId: string, action: ActInput['action'], version: number) {
  const reviewing = action === 'approve' || action === 'revoke'
  const result = await actOnRequest(t.db, {
    requestId,
    action,
    actor: reviewing ? operator(reviewer) : SYSTEM_ACTOR,
    expectedVersion: version,
    policy: DEFAULT_APPROVAL_POLICY,
    payload: action === 'revoke' ? { reason: 'Hệ thống đã ngừng vận hành theo quyết định của Sở' } : undefined,
  })
  if (!result?.ok) throw new Error(`${action}: ${JSON.stringify(result)}`)
  return result.value
}

/** A submitted request of a fresh system (or of `projectId`) in the agency. */
async function submitted(kind: 'new' | 'increase' = 'new', projectId?: string): Promise<[string, string]> {
  const project = projectId ?? (await makeProject(t.db, agencyId))
  const id = await makeSubmittedRequest(t.db, {
    projectId: project,
    agencyId,
    requesterId: requester,
    lines: LINES,
    kind,
  })
  return [project, id]
}

/** A system whose grant is active, with an increase approved (or provisioning) that ends with it. */
async function grantWithIncrease(increaseProvisioning: boolean): Promise<{ grant: string; increase: string }> {
  const [projectId, grant] = await submitted()
  await act(grant, 'approve', 1)
  await act(grant, 'start_provisioning', 2)
  await act(grant, 'mark_active', 3)
  const [, increase] = await submitted('increase', projectId)
  await act(increase, 'approve', 1)
  if (increaseProvisioning) await act(increase, 'start_provisioning', 2)
  return { grant, increase }
}

/** A system's grant in provisioning, to be marked active. */
async function provisioning(): Promise<string> {
  const [, id] = await submitted()
  await act(id, 'approve', 1)
  await act(id, 'start_provisioning', 2)
  return id
}

describe("a grant's end and its increases, against the agency's other moves", () => {
  it('never deadlock: revocations, approvals and activations at once all go through', async () => {
    const failures: string[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const grants = await Promise.all(Array.from({ length: EACH }, (_, i) => grantWithIncrease(i % 2 === 1)))
      const toApprove = await Promise.all(Array.from({ length: EACH }, async () => (await submitted())[1]))
      const toActivate = await Promise.all(Array.from({ length: EACH }, provisioning))
      const outcomes = await Promise.allSettled([
        ...grants.map(({ grant }) => act(grant, 'revoke', 4)),
        ...toApprove.map((id) => act(id, 'approve', 1)),
        ...toActivate.map((id) => act(id, 'mark_active', 3)),
      ])
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected')
          failures.push(`round ${round + 1}: ${String(outcome.reason).trim().split('\n').at(-1)}`)
      }
      const increases = await t.db.quotaRequest.findMany({
        where: { id: { in: grants.map((g) => g.increase) } },
        select: { state: true },
      })
      const revokedGrants = outcomes.slice(0, EACH).filter((o) => o.status === 'fulfilled').length
      expect(increases.filter((i) => i.state === 'revoked')).toHaveLength(revokedGrants)
    }
    expect(failures, `${failures.length} of ${ROUNDS * EACH * 3} failed`).toEqual([])
    // The counts still agree with the rows.
    const { kept, actual } = await requestCounts(t.db, agencyId)
    expect(kept).toEqual(actual)
  }, 300_000)
})
