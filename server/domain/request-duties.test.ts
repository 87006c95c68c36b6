import { describe, expect, it } from 'vitest'
import { allowedActions } from './request-decide'
import { dutyRefusal, roundAuthors, whyMayNotDecide, type HistoryStep } from './request-duties'
import type { Actor, RequestAction } from './request-state'
import { expectCode, facts, high, now, op1, request, run } from './request-state.fixtures'
import { DEFAULT_APPROVAL_POLICY } from './security-policy'

const step = (action: HistoryStep['action'], actorId: string): HistoryStep => ({ action, actorId })

describe('roundAuthors', () => {
  it('names who created, saved and sent a request never returned', () => {
    const history = [step('create', 'an'), step('save', 'lan'), step('save', 'an'), step('submit', 'hung')]
    expect(roundAuthors(history)).toEqual({ editorIds: ['an', 'lan'], submitterIds: ['hung'] })
  })

  it('starts the round at the last return: earlier authors wrote a round no longer under review', () => {
    const history = [
      step('create', 'an'),
      step('submit', 'an'),
      step('return', 'duc'),
      step('save', 'lan'),
      step('resubmit', 'lan'),
      step('return', 'tuan'),
      step('save', 'thu'),
      step('resubmit', 'hung'),
    ]
    expect(roundAuthors(history)).toEqual({ editorIds: ['thu'], submitterIds: ['hung'] })
  })

  it('is empty for a request with no recorded history', () => {
    expect(roundAuthors([])).toEqual({ editorIds: [], submitterIds: [] })
  })
})

describe('dutyRefusal', () => {
  const facts = { agencyId: 'so-tc', round: { editorIds: ['lan'], submitterIds: ['hung'] } }
  const refusal = (deciderId: string, options: { agencyIds?: string[]; action?: RequestAction } = {}) =>
    dutyRefusal({
      requesterId: 'an',
      decider: { id: deciderId, roles: ['dc_operator', 'security_officer'], agencyIds: options.agencyIds ?? [] },
      action: options.action ?? 'approve',
      facts,
    })?.code ?? null

  it("bars the requester, the round's submitter and its editors", () => {
    expect(refusal('an')).toBe('request.requester_cannot_decide')
    expect(refusal('hung')).toBe('request.submitter_cannot_decide')
    expect(refusal('lan')).toBe('request.editor_cannot_decide')
    expect(refusal('duc')).toBeNull()
  })

  it('bars them from signing off as well', () => {
    expect(refusal('lan', { action: 'sign_off' })).toBe('request.editor_cannot_decide')
    expect(refusal('hung', { action: 'sign_off' })).toBe('request.submitter_cannot_decide')
  })

  it("bars an operator who belongs to the request's agency or to one above it", () => {
    // The decider's agencies already include every agency below the ones they belong to.
    expect(refusal('duc', { agencyIds: ['ubnd-tinh', 'so-tc', 'so-yt'] })).toBe('request.own_agency_cannot_decide')
    expect(refusal('duc', { agencyIds: ['so-tc'], action: 'reject' })).toBe('request.own_agency_cannot_decide')
    expect(refusal('duc', { agencyIds: ['so-tc'], action: 'return' })).toBe('request.own_agency_cannot_decide')
    expect(refusal('duc', { agencyIds: ['ttcns'] })).toBeNull()
  })

  it('leaves the security sign-off to the officer whatever their agency', () => {
    expect(refusal('huong', { agencyIds: ['so-tc'], action: 'sign_off' })).toBeNull()
  })

  it("knows no agency of the console's own jobs", () => {
    const system = dutyRefusal({
      requesterId: 'an',
      decider: { id: 'system', roles: ['system'] },
      action: 'approve',
      facts,
    })
    expect(system).toBeNull()
  })
})

// Attack tests through decide(), as the workflow calls it: before, only the requester was barred.
describe('deciding a request one had a hand in', () => {
  const lan: Actor = { id: 'lan', roles: ['agency_staff', 'dc_operator'], agencyIds: [] }
  const hung: Actor = { id: 'hung', roles: ['dc_operator', 'security_officer'], agencyIds: [] }
  const wrote = { ...facts, round: { editorIds: ['requester', 'lan'], submitterIds: ['hung'] } }
  const decisions = ['approve', 'sign_off', 'reject', 'return'] as const

  it('refuses the editor of the round every decision', () => {
    for (const action of decisions) {
      const result = run({ action, actor: lan, project: high, facts: wrote, payload: { reason: 'x' } })
      expectCode(result, action === 'sign_off' ? 'request.role_not_allowed' : 'request.editor_cannot_decide')
    }
  })

  it('refuses the submitter of the round every decision', () => {
    for (const action of decisions) {
      const result = run({ action, actor: hung, project: high, facts: wrote, payload: { reason: 'x' } })
      expectCode(result, 'request.submitter_cannot_decide')
    }
  })

  it("refuses an operator of the request's agency, or of one above it", () => {
    const sameAgency: Actor = { id: 'duc', roles: ['dc_operator'], agencyIds: ['so-tc'] },
      parentAgency: Actor = { id: 'tuan', roles: ['dc_operator'], agencyIds: ['ubnd-tinh', 'so-tc', 'so-yt'] }
    for (const actor of [sameAgency, parentAgency]) {
      for (const action of ['approve', 'reject', 'return'] as const) {
        expectCode(run({ action, actor, payload: { reason: 'x' } }), 'request.own_agency_cannot_decide')
      }
    }
    expect(run({ action: 'approve', actor: { ...sameAgency, agencyIds: ['ttcns'] } }).ok).toBe(true)
  })

  it("lets an earlier round's authors decide the round someone else wrote", () => {
    const later = { ...facts, round: { editorIds: ['thu'], submitterIds: ['thu'] } }
    expect(run({ action: 'approve', actor: { ...lan, roles: ['dc_operator'] }, facts: later }).ok).toBe(true)
  })

  it('offers them no decision, and says why', () => {
    const input = { request: request(), project: high, policy: DEFAULT_APPROVAL_POLICY, now, facts: wrote }
    expect(allowedActions({ ...input, actor: hung })).toEqual([])
    expect(allowedActions({ ...input, actor: lan })).toEqual(['withdraw'])
    expect(whyMayNotDecide({ request: request(), actor: hung, facts: wrote })?.code).toBe(
      'request.submitter_cannot_decide',
    )
    expect(whyMayNotDecide({ request: request(), actor: op1, facts: wrote })).toBeNull()
    expect(whyMayNotDecide({ request: request({ state: 'approved' }), actor: hung, facts: wrote })).toBeNull()
    expect(
      whyMayNotDecide({ request: request(), actor: { id: 'lan', roles: ['agency_staff'] }, facts: wrote }),
    ).toBeNull()
  })
})
