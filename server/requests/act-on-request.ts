import { appendAudit, type Origin } from '../audit/log'
import type { Db, Tx } from '../db/client'
import { AllocationUnderflow, CapacityExceeded, applyLedgerDeltas, type LedgerDelta } from '../db/ledger'
import { loadRequestForUpdate, saveRequest, type VoteWrite } from '../db/requests'
import { err, ok, type Result } from '../domain/errors'
import type { LineItem } from '../domain/line-items'
import { decide, type Actor, type ActionPayload, type QuotaRequest, type RequestAction, type RequestEffect } from '../domain/request-state'
import type { ApprovalPolicy } from '../domain/security-policy'
import { afterAcceptedAction } from './follow-ups'

export type ActInput = {
  requestId: string
  action: RequestAction
  actor: Actor & { label: string }
  /** The version the person saw: a request changed meanwhile is refused as stale. */
  expectedVersion?: number
  payload?: ActionPayload
  policy: ApprovalPolicy
  origin?: Origin
  now?: Date
}

/**
 * Takes one action on a quota request: decides it with the pure state machine, then writes the
 * request, its votes, the allocation ledger and the audit entry in one transaction. Either all of
 * it is committed or none; a refusal (a rule, a stale form, a full pool) writes nothing.
 */
/** Null when there is no such request (the caller answers 404). */
export async function actOnRequest(db: Db, input: ActInput): Promise<Result<QuotaRequest> | null> {
  const now = input.now ?? new Date()
  try {
    return await db.$transaction(async (tx) => {
      const loaded = await loadRequestForUpdate(tx, input.requestId)
      if (!loaded) return null
      const decision = decide({
        request: loaded.request,
        project: loaded.project,
        action: input.action,
        actor: input.actor,
        policy: input.policy,
        now,
        expectedVersion: input.expectedVersion,
        payload: input.payload,
      })
      if (!decision.ok) return decision
      const after = decision.value.request
      const before = loaded.request

      await saveRequest(tx, before, after, {
        votes: votesOf(input, before, after),
        discardedApprovals: decision.value.effects.flatMap((e) => (e.type === 'approvals_discarded' ? e.actorIds : [])),
      })
      for (const effect of decision.value.effects) {
        const deltas = await ledgerDeltas(tx, before.projectId, effect)
        if (deltas) {
          await applyLedgerDeltas(tx, { projectId: before.projectId, requestId: before.id, deltas, reason: effect.type === 'allocate' ? `grant:${effect.kind}` : `release:${input.action}` })
          await syncAllocation(tx, before.projectId, after, effect)
        }
      }
      // Notifications and follow-up jobs commit with the change; the audit entry stays last (it
      // takes the log's lock, held until the commit).
      await afterAcceptedAction(tx, { requestId: before.id, action: input.action, actorId: input.actor.id, before, after, project: loaded.project, policy: input.policy })
      await appendAudit(tx, {
        actor: { id: input.actor.id, label: input.actor.label },
        action: `request.${input.action}`,
        entityType: 'QuotaRequest',
        entityId: before.id,
        agencyId: loaded.agencyId,
        before: summary(before),
        after: { ...summary(after), effects: decision.value.effects.map((e) => e.type) },
        origin: input.origin,
      })
      return ok(after)
      // Decisions on one pool queue behind its row lock; a burst must wait its turn, not fail.
    }, { maxWait: 15_000, timeout: 20_000 })
  } catch (error) {
    if (error instanceof CapacityExceeded) {
      return err('capacity.insufficient', {
        resource: error.resource,
        capacity: error.capacity.toString(),
        allocated: error.allocated.toString(),
        remaining: (error.capacity - error.allocated).toString(),
        requested: error.requested.toString(),
      })
    }
    if (error instanceof AllocationUnderflow) {
      return err('capacity.decrease_below_zero', { resource: error.resource, current: error.current.toString(), requested: error.requested.toString() })
    }
    throw error
  }
}

/** The vote rows an action leaves behind (the domain keeps only the live approvals and sign-off). */
function votesOf(input: ActInput, before: QuotaRequest, after: QuotaRequest): VoteWrite[] {
  const actorId = input.actor.id
  switch (input.action) {
    case 'approve': {
      const mine = after.approvals.find((a) => a.actorId === actorId)
      return mine ? [{ actorId, kind: 'approve', reason: input.payload?.reason?.trim() ?? '', automatic: mine.automatic }] : []
    }
    case 'sign_off':
      return after.signOff && !before.signOff ? [{ actorId, kind: 'sign_off', reason: after.signOff.note, automatic: false }] : []
    case 'reject':
    case 'return':
      return [{ actorId, kind: input.action, reason: after.reason ?? '', automatic: false }]
    default:
      return []
  }
}

async function ledgerDeltas(tx: Tx, projectId: string, effect: RequestEffect): Promise<LedgerDelta[] | null> {
  if (effect.type === 'approvals_discarded') return null
  if (effect.type === 'release' && effect.kind === 'new') {
    // Ending the allocation a request created gives back everything the project holds now,
    // which later increases and decreases have changed since that request was decided.
    const held = await tx.allocationLine.findMany({ where: { allocation: { projectId } }, select: { resource: true, amount: true } })
    return held.map((line) => ({ resource: line.resource, delta: -line.amount }))
  }
  // A decrease gives back what it names; releasing a decrease would take it again.
  const sign = (effect.type === 'allocate') === (effect.kind !== 'decrease') ? 1n : -1n
  return effect.lines.map((line: LineItem) => ({ resource: line.resource, delta: sign * line.amount }))
}

async function syncAllocation(
  tx: Tx,
  projectId: string,
  after: QuotaRequest,
  effect: RequestEffect,
): Promise<void> {
  if (effect.type === 'allocate') {
    await tx.allocation.update({
      where: { projectId },
      data: {
        state: 'active',
        ...(after.kind === 'decrease' ? {} : { endsAt: after.endDate, backupSchedule: after.backup?.schedule ?? null, backupRetentionDays: after.backup?.retentionDays ?? null }),
      },
    })
  } else if (effect.type === 'release' && after.kind === 'new') {
    await tx.allocation.update({ where: { projectId }, data: { state: after.state === 'expired' ? 'expired' : 'revoked' } })
  }
}

function summary(request: QuotaRequest) {
  return {
    state: request.state,
    version: request.version,
    outcome: request.outcome,
    lines: request.lines,
    decidedLines: request.decidedLines,
    approvals: request.approvals.map((a) => a.actorId),
    // An approval given by an auto-approval rule is audited as such.
    ...(request.approvals.some((a) => a.automatic) ? { automatic: true } : {}),
    signedOffBy: request.signOff?.actorId ?? null,
    reason: request.reason,
  }
}
