import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ALWAYS_RESERVED, type PolicySettings } from '#server/domain/platform-policy'
import { checkNotReserved } from '#server/domain/reserved-names'
import { approvalPolicyInForce, policyHistory, policyInForce, savePolicyVersion } from '#server/policies/store'
import { actOnRequest } from '#server/workflow/act-on-request'
import { AUTO_APPROVE_JOB } from '#server/workflow/follow-ups'
import { workflowHandlers } from '#server/workflow/jobs'
import { withPolicyInForce } from '#server/provisioning/runtime'
import { operator, staff } from '../../helpers/actors'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makePools, makeProject, makeSubmittedRequest, makeUser } from '../../helpers/fixtures'

// The policies edited in the console (issue 15, decision 0049), against the real database: the
// version in force is read at each decision, so a saved version applies to the next one without a
// restart; a request already decided keeps the version it was decided under; versions are history.

let t: TestDatabase
let agencyId: string
let requester: string
let opA: string
let opB: string
let admin: string

const ENV = { TWO_OPERATOR_WINDOW_DAYS: '30', RESERVED_NAMESPACES: '', PROVISIONING_GRACE_DAYS: '7' }

beforeAll(async () => {
  t = await createTestDatabase({ poolSize: 6 })
  agencyId = await makeAgency(t.db, 'Sở Tài chính')
  requester = await makeUser(t.db, 'Hoàng Thị Lan')
  opA = await makeUser(t.db, 'Đặng Minh Đức')
  opB = await makeUser(t.db, 'Bế Văn Tuấn')
  admin = await makeUser(t.db, 'Lý Văn Quang')
  await makePools(t.db, { cpu: 1_000_000n })
})
afterAll(async () => t?.drop())

const asAdmin = { id: null as string | null, label: 'Lý Văn Quang' }

async function change(edit: (settings: PolicySettings) => PolicySettings, reason = 'Điều chỉnh chính sách') {
  const current = await policyInForce(t.db)
  const saved = await savePolicyVersion(t.db, {
    settings: edit(current.settings),
    reason,
    basedOn: current.version,
    actor: { ...asAdmin, id: admin },
  })
  expect(saved).toMatchObject({ ok: true })
  return saved.ok ? saved.value.version : -1
}

const submittedCpu = async (vcpu: bigint, kind: 'new' | 'decrease' = 'new', project?: string) => {
  const projectId = project ?? (await makeProject(t.db, agencyId, { securityLevel: 1 }))
  return makeSubmittedRequest(t.db, { projectId, agencyId, requesterId: requester, lines: { cpu: vcpu * 1000n }, kind })
}

const approve = async (requestId: string, by: string) =>
  actOnRequest(t.db, { requestId, action: 'approve', actor: operator(by), policy: await approvalPolicyInForce(t.db) })

/** A project holding 4 vCPU, and its decrease of 2 submitted. */
async function decreaseSubmitted(): Promise<string> {
  const projectId = await makeProject(t.db, agencyId, { securityLevel: 1 })
  const grant = await submittedCpu(4n, 'new', projectId)
  expect(await approve(grant, opA)).toMatchObject({ ok: true, value: { state: 'approved' } })
  return submittedCpu(2n, 'decrease', projectId)
}

describe('the policy in force', () => {
  it('is seeded once from the environment, as version 1 by "environment"', async () => {
    const first = await policyInForce(t.db, { env: ENV })
    expect(first).toMatchObject({ version: 1, createdByLabel: 'environment', createdById: null })
    expect(first.settings.graceDays).toBe(7)
    expect(first.settings.reservedNamespaces).toEqual(expect.arrayContaining([...ALWAYS_RESERVED]))
    // Another environment later changes nothing: the stored version is the source of truth.
    expect((await policyInForce(t.db, { env: { ...ENV, PROVISIONING_GRACE_DAYS: '1' } })).settings.graceDays).toBe(7)
    expect(await t.db.policyVersion.count()).toBe(1)
    expect(await t.db.auditEntry.count({ where: { entityType: 'policy' } })).toBe(0)
  })

  it('a lower threshold makes the next decision need two operators; the one decided before keeps its version', async () => {
    const before = await submittedCpu(16n)
    expect(await approve(before, opA)).toMatchObject({ ok: true, value: { state: 'approved' } })
    const decided = await t.db.quotaRequest.findUniqueOrThrow({ where: { id: before } })
    const version = await change((s) => ({ ...s, twoOperatorThresholds: { ...s.twoOperatorThresholds, cpu: 8 } }))

    const next = await submittedCpu(16n)
    expect(await approve(next, opA)).toMatchObject({ ok: true, value: { state: 'submitted' } })
    expect(await approve(next, opB)).toMatchObject({ ok: true, value: { state: 'approved' } })
    const after = await t.db.quotaRequest.findUniqueOrThrow({ where: { id: next } })
    expect(after.policyVersion).toBe(version)

    // The request decided under the old version is as it was, and says which version that was.
    const still = await t.db.quotaRequest.findUniqueOrThrow({ where: { id: before } })
    expect(still).toEqual(decided)
    expect(still.policyVersion).toBe(version - 1)
  })

  it('turning auto-approval of decreases on applies to the worker’s next job without a restart', async () => {
    const handlers = workflowHandlers({ db: t.db, mailer: null, publicUrl: 'http://console.test' })
    const off = await decreaseSubmitted()
    await handlers[AUTO_APPROVE_JOB]!({ key: off } as never)
    expect((await t.db.quotaRequest.findUniqueOrThrow({ where: { id: off } })).state).toBe('submitted')
    await change((s) => ({ ...s, autoApproveDecreases: true }))
    const on = await decreaseSubmitted()
    await handlers[AUTO_APPROVE_JOB]!({ key: on } as never)
    expect((await t.db.quotaRequest.findUniqueOrThrow({ where: { id: on } })).state).toBe('approved')
  })

  it('a reserved name added refuses a project with that name', async () => {
    expect(checkNotReserved('so-tc-thue', (await policyInForce(t.db)).reservedNamespaces).ok).toBe(true)
    await change((s) => ({ ...s, reservedNamespaces: [...s.reservedNamespaces, 'so-tc-*'] }))
    expect(checkNotReserved('so-tc-thue', (await policyInForce(t.db)).reservedNamespaces)).toMatchObject({
      ok: false,
      error: { code: 'project.namespace_reserved' },
    })
  })

  it('the reconciler takes the reserved names and the grace period of the version in force', async () => {
    await change((s) => ({ ...s, reservedNamespaces: [...s.reservedNamespaces, 'so-xd-*'], graceDays: 3 }))
    const deps = await withPolicyInForce({ db: t.db, kube: {} as never, storage: {} as never })
    expect(deps.settings?.reservedNamespaces).toContain('so-xd-*')
    expect(deps.retentionGraceMs).toBe(3 * 86_400_000)
    expect(deps.policy).toEqual(await approvalPolicyInForce(t.db))
  })

  it('refuses a stale edit and a bad one, keeping the version in force', async () => {
    const current = await policyInForce(t.db)
    const stale = await savePolicyVersion(t.db, {
      settings: current.settings,
      reason: 'cũ',
      basedOn: current.version - 1,
      actor: asAdmin,
    })
    expect(stale).toEqual({ ok: false, refusal: { kind: 'stale', inForce: current.version } })
    const bad = await savePolicyVersion(t.db, {
      settings: { ...current.settings, graceDays: 400 },
      reason: ' ',
      basedOn: current.version,
      actor: asAdmin,
    })
    expect(bad.ok ? [] : bad.refusal.kind === 'invalid' ? bad.refusal.issues.map((i) => i.path) : []).toEqual([
      'graceDays',
      'reason',
    ])
    expect((await policyInForce(t.db)).version).toBe(current.version)
  })

  it('keeps every version, newest first, each audited; none can be rewritten', async () => {
    const history = await policyHistory(t.db)
    expect(history.map((v) => v.version)).toEqual([5, 4, 3, 2, 1])
    expect(history[0]).toMatchObject({ createdByLabel: 'Lý Văn Quang', createdById: admin })
    expect(await t.db.auditEntry.count({ where: { action: 'policy.change', entityType: 'policy' } })).toBe(4)
    await expect(t.db.policyVersion.update({ where: { version: 1 }, data: { reason: 'x' } })).rejects.toThrow()
    await expect(t.db.policyVersion.deleteMany({})).rejects.toThrow()
  })

  it('a decision cannot write another version than the one in force', async () => {
    const id = await submittedCpu(1n)
    await t.db.quotaRequest.update({ where: { id }, data: { policyVersion: 1 } })
    expect((await t.db.quotaRequest.findUniqueOrThrow({ where: { id } })).policyVersion).toBeNull()
    expect(staff(requester).roles).toEqual(['agency_staff'])
  })
})
