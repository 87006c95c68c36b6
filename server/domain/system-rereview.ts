// Editing a registration and re-reviewing a confirmed level (issue 15, decision 0084). A
// registration is edited by its agency while it waits for review or was returned; once confirmed
// its level changes only through a re-review: the agency proposes a new level with its document
// (or a security officer reopens it and the agency then proposes), and a security officer confirms
// or refuses the change. Meanwhile the confirmed level stays in force (Project.securityLevel) and
// the system keeps its grants and may keep requesting under it. Pure: the store reads and writes.
import { domainError, issue, type DomainError, type FieldIssue, type Validation, validation } from './errors'
import type { LocalDate } from './local-calendar'
import type { SecurityLevel } from './project'
import {
  reviewReason,
  validateProposal,
  type Proposal,
  type ProposalInput,
  type RegistrationState,
} from './system-registration'

export const LEVEL_REVIEW_STATES = ['reopened', 'proposed'] as const
export type LevelReviewState = (typeof LEVEL_REVIEW_STATES)[number]

/** What a re-review needs to know of the system. */
export interface LevelReviewFacts {
  readonly state: RegistrationState
  readonly levelReview: LevelReviewState | null
}

/**
 * A change made on what another person changed meanwhile is refused: the form (or API client)
 * names the version it read, and anything else is stale. An API client that names none is not
 * checked (as the merger's `previewed`, decision 0075).
 */
export function staleRefusal(current: number, seen: number | null | undefined): DomainError | null {
  if (seen === null || seen === undefined || seen === current) return null
  return domainError('system.changed_meanwhile', { version: current })
}

/** Only what has not been confirmed is edited: a confirmed level changes through a re-review. */
export function editRefusal(state: RegistrationState): DomainError | null {
  return state === 'confirmed' ? domainError('system.not_editable', { state }) : null
}

/** Whether an edit changed the level or its document: then it is a new proposal (a new round). */
export function proposalChanged(
  before: { readonly securityLevel: number; readonly document: Proposal['document'] } | null,
  after: Proposal,
): boolean {
  if (before === null) return true
  return (
    before.securityLevel !== after.securityLevel ||
    before.document.number !== after.document.number ||
    before.document.date !== after.document.date ||
    before.document.issuer !== after.document.issuer
  )
}

/**
 * Why the agency may not propose a new level now, or null: the system must be confirmed, and no
 * proposal may already wait (one re-review at a time). A reopened one waits for this proposal.
 */
export function levelChangeRefusal(facts: LevelReviewFacts): DomainError | null {
  if (facts.state !== 'confirmed') return domainError('system.not_confirmed', { state: facts.state })
  if (facts.levelReview === 'proposed') return domainError('system.level_review_open')
  return null
}

/**
 * The new level and its document. Unprompted, the agency must propose another level than the one
 * in force; after a reopening it may propose the same one again with a new document, since the
 * officer asked for the level to be justified again, not necessarily changed.
 */
export function validateLevelChange(
  input: ProposalInput,
  today: LocalDate,
  facts: { readonly inForce: number; readonly levelReview: LevelReviewState | null },
): Validation<Proposal> {
  const checked = validateProposal(input, today)
  if (!checked.ok) return checked
  if (facts.levelReview !== 'reopened' && checked.value.securityLevel === facts.inForce)
    return validation(
      [issue('securityLevel', domainError('system.level_same_as_in_force', { level: facts.inForce }))],
      () => checked.value,
    )
  return checked
}

/** A security officer reopens a confirmed level that is not already under re-review. */
export function reopenRefusal(facts: LevelReviewFacts): DomainError | null {
  if (facts.state !== 'confirmed') return domainError('system.not_confirmed', { state: facts.state })
  if (facts.levelReview !== null) return domainError('system.level_review_open')
  return null
}

/** A reason of a reopening or a refusal: required, NFC, bounded, as a review's. */
export function validateReason(raw: string | null | undefined): Validation<string> {
  const issues: FieldIssue[] = []
  const reason = reviewReason(raw, issues)
  return validation(issues, () => reason)
}

export type LevelDecision = { readonly outcome: 'confirm' } | { readonly outcome: 'refuse'; readonly reason: string }

/** A security officer's decision on a re-review: confirm the proposed level, or refuse with a reason. */
export function validateLevelDecision(input: {
  readonly outcome: string
  readonly reason?: string | null
}): Validation<LevelDecision> {
  if (input.outcome === 'confirm') return validation([], () => ({ outcome: 'confirm' as const }))
  if (input.outcome !== 'refuse')
    return validation([issue('outcome', domainError('input.invalid_choice', { value: input.outcome }))], () => ({
      outcome: 'confirm' as const,
    }))
  const reason = validateReason(input.reason)
  if (!reason.ok) return reason
  return validation([], () => ({ outcome: 'refuse' as const, reason: reason.value }))
}

/**
 * Why this officer may not decide the re-review now, or null. There must be one; only a proposed
 * level can be confirmed (a reopening without a proposal can only be closed, by refusing); and
 * never by someone who proposed a level of the system (decision 0029's rule, as in the review).
 */
export function levelDecisionRefusal(
  facts: LevelReviewFacts & { readonly proponentIds: readonly string[] },
  decision: LevelDecision,
  reviewerId: string,
): DomainError | null {
  if (facts.state !== 'confirmed' || facts.levelReview === null) return domainError('system.no_level_review')
  if (decision.outcome === 'confirm' && facts.levelReview !== 'proposed')
    return domainError('system.level_change_not_proposed')
  if (facts.proponentIds.includes(reviewerId)) return domainError('system.reviewer_is_proponent')
  return null
}

/** The level in force after the decision and the step recorded: the new one only when confirmed. */
export function levelDecisionOutcome(
  decision: LevelDecision,
  facts: { readonly inForce: SecurityLevel; readonly proposed: SecurityLevel | null },
): { securityLevel: SecurityLevel; step: 'confirmed' | 'refused' } {
  if (decision.outcome === 'confirm' && facts.proposed !== null)
    return { securityLevel: facts.proposed, step: 'confirmed' }
  return { securityLevel: facts.inForce, step: 'refused' }
}
