import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { actOnRequest } from '#server/workflow/act-on-request'
import { hourStart } from '#server/metering/hours'
import { loadHeadroom } from '#server/workflow/headroom'
import { operator } from '../../helpers/actors'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makePools, makeProject, makeSubmittedRequest, makeUser } from '../../helpers/fixtures'

// The headroom of the project and agency pages against the real database: used (the quota's count
// the periodic pass records; for object storage and buckets the metering's newest measured hour), granted (active allocations) and awaiting a decision (submitted new
// requests and increases), for one project or all of an agency's, and never another agency's.

let t: TestDatabase
let a1: string
let a2: string
let b1: string
let agencyA: string
let agencyB: string

beforeAll(async () => {
  t = await createTestDatabase()
  await makePools(t.db, { cpu: 100_000n, memory: 1024n * GiB, pods: 1000n })
  agencyA = await makeAgency(t.db, 'Sở Khoa học và Công nghệ')
  agencyB = await makeAgency(t.db, 'Sở Tài chính')
  const requester = await makeUser(t.db, 'Nguyễn Văn An')
  const op = await makeUser(t.db, 'Đặng Minh Đức')
  a1 = await makeProject(t.db, agencyA)
  a2 = await makeProject(t.db, agencyA)
  b1 = await makeProject(t.db, agencyB)
  const grant = async (
    projectId: string,
    agencyId: string,
    lines: Record<string, bigint>,
    kind: 'new' | 'increase' = 'new',
  ) => {
    const id = await makeSubmittedRequest(t.db, { projectId, agencyId, requesterId: requester, lines, kind })
    expect(
      await actOnRequest(t.db, {
        requestId: id,
        action: 'approve',
        actor: operator(op, 'Đặng Minh Đức'),
        expectedVersion: 1,
        policy: DEFAULT_APPROVAL_POLICY,
      }),
    ).toMatchObject({ ok: true })
  }
  await grant(a1, agencyA, { cpu: 4_000n, memory: 8n * GiB, pods: 20n })
  await grant(a2, agencyA, { cpu: 2_000n })
  await grant(b1, agencyB, { cpu: 16_000n })
  // Awaiting a decision: an increase on a1 and a decrease on a2 (a decrease asks for nothing).
  await makeSubmittedRequest(t.db, {
    projectId: a1,
    agencyId: agencyA,
    requesterId: requester,
    lines: { cpu: 2_000n, memory: 4n * GiB },
    kind: 'increase',
  })
  await makeSubmittedRequest(t.db, {
    projectId: a2,
    agencyId: agencyA,
    requesterId: requester,
    lines: { cpu: 1_000n },
    kind: 'decrease',
  })
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000)
  await t.db.quotaUsage.createMany({
    data: [
      { projectId: a1, resource: 'cpu', used: 1_500n, observedAt: at(5) },
      { projectId: a1, resource: 'memory', used: 3n * GiB, observedAt: at(5) },
      { projectId: a1, resource: 'pods', used: 4n, observedAt: at(5) },
      { projectId: a2, resource: 'cpu', used: 250n, observedAt: at(12) },
      { projectId: b1, resource: 'cpu', used: 15_000n, observedAt: at(1) },
    ],
  })
}, 60_000)
afterAll(async () => t?.drop())

describe('headroom', () => {
  it('shows a project its use, its grant and what awaits a decision', async () => {
    const headroom = await loadHeadroom(t.db, { projectId: a1 })
    expect(headroom.lines).toEqual([
      { resource: 'cpu', used: 1_500n, granted: 4_000n, requested: 2_000n },
      { resource: 'memory', used: 3n * GiB, granted: 8n * GiB, requested: 4n * GiB },
      { resource: 'pods', used: 4n, granted: 20n, requested: 0n },
    ])
    expect(Date.now() - headroom.usedObservedAt!.getTime()).toBeGreaterThanOrEqual(5 * 60_000 - 1_000)
  })

  it("adds up an agency's projects, says how old the oldest figure is, and never counts another agency", async () => {
    const headroom = await loadHeadroom(t.db, { agencyId: agencyA })
    expect(headroom.lines.find((l) => l.resource === 'cpu')).toEqual({
      resource: 'cpu',
      used: 1_750n,
      granted: 6_000n,
      requested: 2_000n,
    })
    expect(Date.now() - headroom.usedObservedAt!.getTime()).toBeGreaterThanOrEqual(12 * 60_000 - 1_000)
    expect((await loadHeadroom(t.db, { agencyId: agencyB })).lines).toEqual([
      { resource: 'cpu', used: 15_000n, granted: 16_000n, requested: 0n },
    ])
  })

  it('drops the use of an allocation that has ended, and its grant with it', async () => {
    await t.db.allocation.update({ where: { projectId: a2 }, data: { state: 'revoked' } })
    try {
      expect((await loadHeadroom(t.db, { projectId: a2 })).lines).toEqual([])
      expect((await loadHeadroom(t.db, { agencyId: agencyA })).lines.find((l) => l.resource === 'cpu')).toMatchObject({
        used: 1_500n,
        granted: 4_000n,
      })
    } finally {
      await t.db.allocation.update({ where: { projectId: a2 }, data: { state: 'active' } })
    }
  })
  it("reads object storage and buckets from the metering's newest measured hour, never a refused one", async () => {
    const now = new Date()
    const hour = (back: number) => new Date(hourStart(now).getTime() - back * 3_600_000)
    const record = (projectId: string, resource: string, back: number, used: bigint | null) => ({
      projectId,
      resource,
      hour: hour(back),
      revision: 0,
      used,
      refusal: used === null ? 'clock_skew' : null,
    })
    await t.db.usageRecord.createMany({
      data: [
        record(a1, 'objectStorage', 3, 100n * GiB),
        record(a1, 'objectStorage', 2, 120n * GiB),
        // The newest hour was refused: not a zero, and not the figure shown.
        record(a1, 'objectStorage', 1, null),
        record(a1, 'buckets', 2, 2n),
        // Older than the metering reaches back: not "now".
        record(a2, 'objectStorage', 60, 7n * GiB),
        record(b1, 'objectStorage', 1, 999n * GiB),
      ],
    })
    const headroom = await loadHeadroom(t.db, { projectId: a1 }, now)
    expect(headroom.lines.filter((l) => l.resource === 'objectStorage' || l.resource === 'buckets')).toEqual([
      { resource: 'buckets', used: 2n, granted: 0n, requested: 0n },
      { resource: 'objectStorage', used: 120n * GiB, granted: 0n, requested: 0n },
    ])
    expect(headroom.meteredUpTo).toEqual(hour(1))
    // The agency's sum: a1's newest measured hour, nothing of a2's too old one nor of agency B's.
    const agency = await loadHeadroom(t.db, { agencyId: agencyA }, now)
    expect(agency.lines.find((l) => l.resource === 'objectStorage')?.used).toBe(120n * GiB)
  })
})
