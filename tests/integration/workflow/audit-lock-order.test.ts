import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyAuditChain } from '#server/audit/log'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import type { ResourceKey } from '#server/domain/resources'
import { actInTransaction, actOnRequest } from '#server/workflow/act-on-request'
import { createDraftRequest } from '#server/workflow/create-request'
import { operator, staff } from '../../helpers/actors'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { GiB, makeProject, makeSubmittedRequest, makeUser } from '../../helpers/fixtures'

// Issue 16, decision 0082: at saturation bench/load-200.ts saw PostgreSQL's 40P01 "deadlock
// detected" on decide and on request creation. A request's creation wrote its draft, appended its
// audit entry (taking the chain's lock) and then submitted it, which moved the agency's row of
// "RequestStateCount" (a trigger); an approval in the same agency moved that row first and then
// waited for the chain's lock. Each waited on the other. Here both run side by side in one agency,
// as the agency's staff and the operators do, many rounds, on the seeded demo data.

const ROUNDS = 12
const EACH = 6
// The seeded pools hold far more than the 72 vCPU and 144 GiB approved here: the test is about the
// locks, not the pools' refusals.
const LINES = { cpu: 500n, memory: GiB }

let t: TestDatabase
let agencyId: string
let requester: string
let operators: string[]

beforeAll(async () => {
  t = await createSeededDatabase({ poolSize: 2 * EACH + 4 })
  agencyId = (await t.db.agency.findFirstOrThrow({ where: { status: 'active' }, select: { id: true } })).id
  requester = await makeUser(t.db, 'Hoàng Thị Lan')
  operators = await Promise.all(Array.from({ length: EACH }, (_, i) => makeUser(t.db, `Vận hành viên ${i + 1}`)))
}, 180_000)
afterAll(async () => t?.drop())

/** A 'new' request for a fresh system of the agency, created and submitted in one transaction, as the form does. */
async function createAndSubmit(): Promise<string> {
  const projectId = await makeProject(t.db, agencyId, { name: 'Hệ thống quản lý văn bản điều hành' })
  const made = await createDraftRequest(t.db, {
    projectId,
    requesterId: requester,
    requesterLabel: 'Hoàng Thị Lan',
    content: {
      kind: 'new',
      lines: Object.entries(LINES).map(([resource, amount]) => ({ resource: resource as ResourceKey, amount })),
      backup: null,
      justification: 'Triển khai hệ thống theo kế hoạch 196/KH-UBND',
      endDate: null,
    },
    alsoInTransaction: async (tx, draftId) => {
      const submitted = await actInTransaction(
        tx,
        {
          requestId: draftId,
          action: 'submit',
          actor: staff(requester),
          expectedVersion: 1,
          policy: DEFAULT_APPROVAL_POLICY,
        },
        new Date(),
      )
      if (!submitted?.ok) throw new Error(`the submission was refused: ${JSON.stringify(submitted)}`)
    },
  })
  if (made === null || 'refused' in made) throw new Error(`no draft: ${JSON.stringify(made)}`)
  return 'created'
}

async function approve(requestId: string, operatorId: string): Promise<string> {
  const result = await actOnRequest(t.db, {
    requestId,
    action: 'approve',
    actor: operator(operatorId),
    expectedVersion: 1,
    policy: DEFAULT_APPROVAL_POLICY,
  })
  if (!result?.ok) throw new Error(`the approval was refused: ${JSON.stringify(result)}`)
  return 'approved'
}

/** Where Prisma says it failed and why (its last line), for a readable list. */
function briefly(reason: unknown): string {
  const lines = String(reason)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
  return `${lines.find((line) => line.startsWith('Invalid')) ?? lines[0]} ${lines.at(-1)}`
}

describe('audited writers of one agency at once', () => {
  it('never deadlock: every creation with its submission and every approval goes through', async () => {
    const failures: string[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const waiting = await Promise.all(
        Array.from({ length: EACH }, async () =>
          makeSubmittedRequest(t.db, {
            projectId: await makeProject(t.db, agencyId),
            agencyId,
            requesterId: requester,
            lines: LINES,
          }),
        ),
      )
      const outcomes = await Promise.allSettled([
        ...waiting.map((id, i) => approve(id, operators[i]!)),
        ...waiting.map(() => createAndSubmit()),
      ])
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') failures.push(`round ${round + 1}: ${briefly(outcome.reason)}`)
      }
    }
    expect(failures, `${failures.length} of ${ROUNDS * EACH * 2} failed:\n${failures.join('\n')}`).toEqual([])
    expect(
      await t.db.auditEntry.count({ where: { action: { in: ['request.approve', 'request.submit'] }, outcome: 'ok' } }),
    ).toBeGreaterThanOrEqual(2 * ROUNDS * EACH)
    expect(await verifyAuditChain(t.db)).toMatchObject({ intact: true })
  }, 600_000)
})
