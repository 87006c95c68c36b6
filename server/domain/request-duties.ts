// Separation of duties: who may not decide a request (approve, sign off, reject or return it),
// whatever roles they hold. Not the one who filed it, not whoever wrote or sent the round under
// review, and no operator of the agency that asks (belonging to an agency covers the agencies
// below it). The facts come from the request's own history and the decider's agencies; the
// workflow reads them, this module only judges. Decision 0029.
import { domainError, type DomainError } from './errors'
import type { Actor, QuotaRequest, RequestAction } from './request-state'

/** One step of a request's history that shaped its content: who created, saved, sent or returned it. */
export interface HistoryStep {
  readonly action: 'create' | 'save' | 'submit' | 'resubmit' | 'return'
  readonly actorId: string
}

/** Who made the round under review: from its opening (creation or the last return) to its sending. */
export interface RoundAuthors {
  /** Created or saved its content. */
  readonly editorIds: readonly string[]
  /** Submitted or resubmitted it. */
  readonly submitterIds: readonly string[]
}

/** The authors of the latest round, from the history in the order it happened. */
export function roundAuthors(history: readonly HistoryStep[]): RoundAuthors {
  const lastReturn = history.map((step) => step.action).lastIndexOf('return')
  const round = history.slice(lastReturn + 1)
  const who = (actions: readonly HistoryStep['action'][]) => [
    ...new Set(round.filter((step) => actions.includes(step.action)).map((step) => step.actorId)),
  ]
  return { editorIds: who(['create', 'save']), submitterIds: who(['submit', 'resubmit']) }
}

/** What the duties rule reads besides the request and the decider. */
export interface DutyFacts {
  /** The agency the request is for. */
  readonly agencyId: string
  readonly round: RoundAuthors
}

/**
 * Why this person may not take a reviewer's decision (approve, sign_off, reject, return) on the
 * request, or null. The agency rule is the operators' (approving, or refusing as an operator): a
 * security officer's sign-off checks the system's protection, and the officers sit in the data
 * centre's own agency, which runs the platform's own systems (decision 0029).
 */
export function dutyRefusal(input: {
  readonly requesterId: string
  readonly decider: Actor
  readonly action: RequestAction
  readonly facts: DutyFacts
}): DomainError | null {
  const { decider, facts } = input
  if (decider.id === input.requesterId) return domainError('request.requester_cannot_decide')
  if (facts.round.submitterIds.includes(decider.id)) return domainError('request.submitter_cannot_decide')
  if (facts.round.editorIds.includes(decider.id)) return domainError('request.editor_cannot_decide')
  const asOperator = input.action !== 'sign_off' && decider.roles.includes('dc_operator')
  if (asOperator && (decider.agencyIds ?? []).includes(facts.agencyId)) {
    return domainError('request.own_agency_cannot_decide')
  }
  return null
}

/**
 * For the decide page and the API: why this reviewer may not decide the submitted request at all,
 * or null (also for people who review nothing). Asked as the decision their role takes.
 */
export function whyMayNotDecide(input: {
  readonly request: Pick<QuotaRequest, 'state' | 'requesterId'>
  readonly actor: Actor
  readonly facts: DutyFacts
}): DomainError | null {
  const { request, actor } = input
  if (request.state !== 'submitted') return null
  const action = actor.roles.includes('dc_operator')
    ? 'approve'
    : actor.roles.includes('security_officer')
      ? 'sign_off'
      : null
  if (action === null) return null
  return dutyRefusal({ requesterId: request.requesterId, decider: actor, action, facts: input.facts })
}
