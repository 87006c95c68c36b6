import { describe, expect, it } from 'vitest'
import { domainRequestOf, type DomainRequestRow } from './request-rows'

// The one mapping from a request's rows to the domain's request. There were two (the workflow's,
// here, and the API's, in api/represent.ts), and they disagreed on stored backup settings with a
// falsy value: the workflow's read them as "no backup", the API's as what was stored.

const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 3, minute))

function row(overrides: Partial<DomainRequestRow> = {}): DomainRequestRow {
  return {
    id: 'r1',
    number: 1,
    projectId: 'p1',
    agencyId: 'a1',
    requestedById: 'u-requester',
    kind: 'new',
    state: 'submitted',
    outcome: null,
    justification: 'Hệ thống một cửa',
    reason: null,
    endsAt: null,
    backupSchedule: null,
    backupRetentionDays: null,
    version: 3,
    createdAt: at(0),
    updatedAt: at(0),
    submittedAt: at(0),
    decidedAt: null,
    project: { securityLevel: 3, processesPersonalData: false },
    lines: [
      { resource: 'cpu', requested: 4_000n, decided: null },
      { resource: 'memory', requested: 8n * 2n ** 30n, decided: null },
    ],
    votes: [],
    ...overrides,
  }
}

describe('domainRequestOf', () => {
  it('keeps stored backup settings whatever their values (a null column means none)', () => {
    expect(domainRequestOf(row()).request.backup).toBeNull()
    expect(domainRequestOf(row({ backupSchedule: '0 2 * * *', backupRetentionDays: 30 })).request.backup).toEqual({
      schedule: '0 2 * * *',
      retentionDays: 30,
    })
    // The workflow's copy tested truthiness and dropped these; the API showed them.
    expect(domainRequestOf(row({ backupSchedule: '0 2 * * *', backupRetentionDays: 0 })).request.backup).toEqual({
      schedule: '0 2 * * *',
      retentionDays: 0,
    })
    expect(domainRequestOf(row({ backupSchedule: '', backupRetentionDays: 7 })).request.backup).toEqual({
      schedule: '',
      retentionDays: 7,
    })
    expect(domainRequestOf(row({ backupSchedule: '0 2 * * *', backupRetentionDays: null })).request.backup).toBeNull()
  })

  it('counts only votes not discarded, in the order read', () => {
    const vote = (actorId: string, kind: 'approve' | 'sign_off', minute: number, discarded = false) => ({
      actorId,
      kind,
      reason: kind === 'sign_off' ? 'Đã rà soát' : '',
      automatic: false,
      createdAt: at(minute),
      discardedAt: discarded ? at(minute + 1) : null,
    })
    const { request } = domainRequestOf(
      row({
        votes: [
          vote('u-old', 'approve', 1, true),
          vote('u-old-signer', 'sign_off', 2, true),
          vote('u-op1', 'approve', 3),
          vote('u-sec', 'sign_off', 4),
          vote('u-op2', 'approve', 5),
        ],
      }),
    )
    expect(request.approvals).toEqual([
      { actorId: 'u-op1', at: at(3), automatic: false },
      { actorId: 'u-op2', at: at(5), automatic: false },
    ])
    expect(request.signOff).toEqual({ actorId: 'u-sec', at: at(4), note: 'Đã rà soát' })
  })

  it('reads decided amounts only once a decision was made, every line then having one', () => {
    expect(domainRequestOf(row()).request.decidedLines).toBeNull()
    const decided = domainRequestOf(
      row({
        lines: [
          { resource: 'cpu', requested: 4_000n, decided: 2_000n },
          { resource: 'memory', requested: 8n * 2n ** 30n, decided: null },
        ],
      }),
    )
    expect(decided.request.decidedLines).toEqual([
      { resource: 'cpu', amount: 2_000n },
      { resource: 'memory', amount: 0n },
    ])
    expect(decided.request.lines).toEqual([
      { resource: 'cpu', amount: 4_000n },
      { resource: 'memory', amount: 8n * 2n ** 30n },
    ])
  })

  it('carries the project profile and the agency beside the request', () => {
    const loaded = domainRequestOf(row())
    expect(loaded.project).toEqual({ securityLevel: 3, processesPersonalData: false })
    expect(loaded.agencyId).toBe('a1')
    expect(loaded.request).toMatchObject({ id: 'r1', requesterId: 'u-requester', state: 'submitted', version: 3 })
  })
})
