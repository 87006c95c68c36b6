// Closing (decommissioning) an information system (issue 15, decision 0058), pure: what a closing
// request must say, who may decide it (the requests' duties: never the one who asked, never an
// operator of the agency that asks), whether a system may still request, and where a system is in
// its life (open, closing while its data is kept, closed once the platform removed it).
import { domainError, err, ok, type DomainError, type Result } from './errors'
import { dutyRefusal } from './request-duties'
import type { Actor } from './request-state'

export const CLOSURE_REASON_MAX = 500

export type ClosureState = 'submitted' | 'approved' | 'rejected' | 'withdrawn'
export type ClosureDecision = 'approve' | 'reject'

/** A closing request's or decision's text: required, trimmed, bounded. */
export function closureText(
  text: string,
  missing: 'closure.reason_required' | 'closure.note_required',
): Result<string> {
  const trimmed = text.normalize('NFC').trim()
  if (trimmed === '') return err(missing, {})
  if (trimmed.length > CLOSURE_REASON_MAX) return err('closure.reason_too_long', { max: String(CLOSURE_REASON_MAX) })
  return ok(trimmed)
}

/** Why this person may not decide the closing request, or null: its state, then the requests' duties. */
export function closureDecisionRefusal(input: {
  readonly closure: { readonly state: ClosureState; readonly requestedById: string; readonly agencyId: string }
  readonly decider: Actor
  readonly decision: ClosureDecision
}): DomainError | null {
  const { closure, decider } = input
  if (closure.state !== 'submitted') return domainError('closure.not_submitted')
  const asked = [closure.requestedById]
  return dutyRefusal({
    requesterId: closure.requestedById,
    decider,
    action: input.decision,
    facts: { agencyId: closure.agencyId, round: { editorIds: asked, submitterIds: asked } },
  })
}

/** Why the agency may no longer withdraw its closing request, or null: only a waiting one is withdrawn. */
export function closureWithdrawRefusal(closure: { readonly state: ClosureState }): DomainError | null {
  return closure.state === 'submitted' ? null : domainError('closure.already_decided')
}

/** A system whose closing was approved asks for nothing more, whatever its agency. */
export function checkNotClosing(project: {
  readonly closures: readonly { readonly state: ClosureState }[]
}): Result<true> {
  return project.closures.some((c) => c.state === 'approved') ? err('closure.system_closing', {}) : ok(true)
}

export type SystemLife = 'open' | 'closing' | 'closed'

/**
 * Closing from the approval until the platform removed the namespace and data buckets (after the
 * grace period and the last backup; the locked backups stay their retention); closed from then on.
 * Its history (statements, audit, findings) stays.
 */
export function systemLife(
  closures: readonly { readonly state: ClosureState; readonly closedAt: Date | null }[],
): SystemLife {
  const approved = closures.find((c) => c.state === 'approved')
  if (approved === undefined) return 'open'
  return approved.closedAt === null ? 'closing' : 'closed'
}
