import { expect } from 'vitest'
import type { LineItem } from './line-items'
import type { SecurityLevel } from './project'
import { decide } from './request-decide'
import type { Actor, DecideInput, DecisionFacts, QuotaRequest, RequestAction } from './request-state'
import { DEFAULT_APPROVAL_POLICY } from './security-policy'

// What the tests of a request's life share: a submitted request to change, projects of each
// security profile, people of each role, and decide() run with the default policy.

export const GiB = 2n ** 30n
export const now = new Date('2026-11-25T03:00:00Z')
export const past = new Date('2026-11-01T00:00:00Z')
export const future = new Date('2027-06-30T16:59:59.999Z')

export const lines: LineItem[] = [
  { resource: 'cpu', amount: 4000n },
  { resource: 'memory', amount: 16n * GiB },
]

export function request(changes: Partial<QuotaRequest> = {}): QuotaRequest {
  return {
    id: 'r1',
    projectId: 'p1',
    requesterId: 'requester',
    state: 'submitted',
    kind: 'new',
    lines,
    backup: null,
    justification: 'Cổng dịch vụ công cần tài nguyên.',
    endDate: null,
    decidedLines: null,
    outcome: null,
    approvals: [],
    signOff: null,
    reason: null,
    version: 4,
    submittedAt: past,
    decidedAt: null,
    ...changes,
  }
}

export const low = { securityLevel: 1 as SecurityLevel, processesPersonalData: false }
export const high = { securityLevel: 3 as SecurityLevel, processesPersonalData: false }
export const personal = { securityLevel: 1 as SecurityLevel, processesPersonalData: true }

export const staff: Actor = { id: 'requester', roles: ['agency_staff'] }
export const colleague: Actor = { id: 'colleague', roles: ['agency_staff'] }
export const op1: Actor = { id: 'op1', roles: ['dc_operator'] }
export const op2: Actor = { id: 'op2', roles: ['dc_operator'] }
export const officer: Actor = { id: 'sec1', roles: ['security_officer'] }
export const both: Actor = { id: 'both', roles: ['dc_operator', 'security_officer'] }
export const admin: Actor = { id: 'admin', roles: ['platform_admin'] }
export const system: Actor = { id: 'system', roles: ['system'] }

/** A request of agency `so-tc` nobody but its requester wrote, in a project granted nothing lately. */
export const facts: DecisionFacts = {
  agencyId: 'so-tc',
  round: { editorIds: ['requester'], submitterIds: ['requester'] },
  recentlyGranted: [],
}

export function run(input: Partial<DecideInput> & { action: RequestAction; actor: Actor }) {
  return decide({ request: request(), project: low, policy: DEFAULT_APPROVAL_POLICY, now, facts, ...input })
}

export function expectCode(result: ReturnType<typeof decide>, code: string) {
  expect(result.ok ? 'ok' : result.error.code).toBe(code)
}
