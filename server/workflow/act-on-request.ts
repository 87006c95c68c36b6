import { appendAudit, type Origin } from '../audit/log'
import type { Db, Tx } from '../db/client'
import { AllocationUnderflow, CapacityExceeded, applyLedgerDeltas, type LedgerDelta } from '../db/ledger'
import { loadRequestForUpdate, lockStateCounts, saveRequest, type VoteWrite } from '../db/request-rows'
import { err, ok, type Result } from '../domain/errors'
import { shareRequestIdWithSql } from '../jobs/queue'
import type { LineItem } from '../domain/line-items'
import { decide, endWithGrant } from '../domain/request-decide'
import {
  LIVE_REQUEST_STATES,
  type Actor,
  type ActionPayload,
  type QuotaRequest,
  type RequestAction,
  type RequestEffect,
} from '../domain/request-state'
import type { ApprovalPolicy } from '../domain/security-policy'
import { projectMayRequest } from './create-request'
import { loadDecisionFacts, lockProjectApprovals } from './decision-facts'
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
 * Null when there is no such request (the caller answers 404).
 */
export async function actOnRequest(db: Db, input: ActInput): Promise<Result<QuotaRequest> | null> {
  const now = input.now ?? new Date()
  try {
    // Decisions on one pool queue behind its row lock; a burst waits its turn, within the limits
    // every transaction has (TRANSACTION_LIMITS in server/db/client.ts), not fail.
    return await db.$transaction((tx) => actInTransaction(tx, input, now))
  } catch (error) {
    const refusal = ledgerRefusal(error)
    if (refusal) return refusal
    throw error
  }
}

/**
 * The steps of one action, inside the transaction that holds the request's row lock. Exported for
 * a change that must commit with the action (a system's closing ends its grant: decision 0058);
 * the caller's transaction then answers for the ledger's refusals.
 */
export async function actInTransaction(tx: Tx, input: ActInput, now: Date): Promise<Result<QuotaRequest> | null> {
  const loaded = await loadRequestForUpdate(tx, input.requestId)
  if (!loaded) return null
  const { request: before, project } = loaded
  // An archived or merged agency keeps its requests as history; none goes forward (decision 0052).
  if (input.action === 'submit') {
    const may = await projectMayRequest(tx, before.projectId)
    if (may !== null && !may.ok) return may
  }
  // Approvals of one project's requests at once must each see the other's grant (decision 0029).
  if (input.action === 'approve' || input.action === 'sign_off') await lockProjectApprovals(tx, before.projectId)
  const facts = await loadDecisionFacts(tx, { ...before, agencyId: loaded.agencyId }, input.policy, now)
  const decision = decide({
    request: before,
    project,
    action: input.action,
    actor: input.actor,
    policy: input.policy,
    now,
    expectedVersion: input.expectedVersion,
    payload: input.payload,
    facts,
  })
  if (!decision.ok) return decision
  const { request: after, effects } = decision.value
  if (!(await allocationStillActive(tx, before.projectId, effects))) return err('request.no_active_allocation', {})

  // A grant that ends takes its live increases and decreases with it: each is locked now, and then
  // the count rows of every move this transaction makes, in the key's order, before the first move
  // (decision 0082: taken move by move, they met an approval in the agency taking them the other way).
  const ending = await lockCompanions(tx, before, after, effects)
  if (ending.length > 0) {
    const moved = [before.state, after.state, ...ending.map((c) => c.before.state)]
    await lockStateCounts(tx, loaded.agencyId, moved)
  }
  // The state change fires the reconcile trigger (and so may the companions'): under this request's id.
  await shareRequestIdWithSql(tx)
  await saveRequest(tx, before, after, {
    votes: votesOf(input, before, after),
    discardedApprovals: effects.flatMap((e) => (e.type === 'approvals_discarded' ? e.actorIds : [])),
  })
  await applyEffects(tx, input.action, before, after, effects)
  const companions = await endCompanions(tx, ending)
  // Notifications and follow-up jobs commit with the change. The audit entries are written when
  // the transaction ends, whoever opened it (decision 0082): the chain's lock is its last lock.
  await afterAcceptedAction(tx, {
    requestId: before.id,
    action: input.action,
    actorId: input.actor.id,
    before,
    after,
    project,
    policy: input.policy,
  })
  await auditAction(tx, input, { agencyId: loaded.agencyId, before, after, effects, companions })
  return ok(after)
}

/**
 * An increase or decrease changes an allocation that must still be there: one left waiting
 * while its grant expired or was revoked may not bring the allocation back to life.
 */
async function allocationStillActive(tx: Tx, projectId: string, effects: readonly RequestEffect[]): Promise<boolean> {
  if (!effects.some((e) => e.type === 'allocate' && e.kind !== 'new')) return true
  const allocation = await tx.allocation.findUnique({ where: { projectId }, select: { state: true } })
  return allocation?.state === 'active'
}

/** The ledger and the allocation follow each grant and release the decision asks for. */
async function applyEffects(
  tx: Tx,
  action: RequestAction,
  before: QuotaRequest,
  after: QuotaRequest,
  effects: readonly RequestEffect[],
): Promise<void> {
  for (const effect of effects) {
    const deltas = await ledgerDeltas(tx, before.projectId, effect)
    if (!deltas) continue
    await applyLedgerDeltas(tx, {
      projectId: before.projectId,
      requestId: before.id,
      deltas,
      reason: effect.type === 'allocate' ? `grant:${effect.kind}` : `release:${action}`,
    })
    await syncAllocation(tx, before.projectId, after, effect)
  }
}

type Companion = { id: string; before: string; after: string }

/** The action's audit entry, then one for each request that ended with the grant. */
async function auditAction(
  tx: Tx,
  input: ActInput,
  done: {
    agencyId: string
    before: QuotaRequest
    after: QuotaRequest
    effects: readonly RequestEffect[]
    companions: readonly Companion[]
  },
): Promise<void> {
  const { before, after, companions } = done
  const actor = { id: input.actor.id, label: input.actor.label }
  await appendAudit(tx, {
    actor,
    action: `request.${input.action}`,
    entityType: 'QuotaRequest',
    entityId: before.id,
    agencyId: done.agencyId,
    before: summary(before),
    after: {
      ...summary(after),
      effects: done.effects.map((e) => e.type),
      ...(companions.length > 0 ? { endedWithIt: companions.map((c) => c.id) } : {}),
    },
    origin: input.origin,
  })
  for (const companion of companions) {
    await appendAudit(tx, {
      actor,
      action: 'request.ended_with_grant',
      entityType: 'QuotaRequest',
      entityId: companion.id,
      agencyId: done.agencyId,
      before: { state: companion.before },
      after: { state: companion.after, grant: before.id },
      origin: input.origin,
    })
  }
}

/** The ledger's refusals (a full pool, a release larger than the holding) as domain errors. */
function ledgerRefusal(error: unknown): Result<never> | null {
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
    return err('capacity.decrease_below_zero', {
      resource: error.resource,
      current: error.current.toString(),
      requested: error.requested.toString(),
    })
  }
  return null
}

/** The vote rows an action leaves behind (the domain keeps only the live approvals and sign-off). */
function votesOf(input: ActInput, before: QuotaRequest, after: QuotaRequest): VoteWrite[] {
  const actorId = input.actor.id
  switch (input.action) {
    case 'approve': {
      const mine = after.approvals.find((a) => a.actorId === actorId)
      return mine
        ? [{ actorId, kind: 'approve', reason: input.payload?.reason?.trim() ?? '', automatic: mine.automatic }]
        : []
    }
    case 'sign_off':
      return after.signOff && !before.signOff
        ? [{ actorId, kind: 'sign_off', reason: after.signOff.note, automatic: false }]
        : []
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
    const held = await tx.allocationLine.findMany({
      where: { allocation: { projectId } },
      select: { resource: true, amount: true },
    })
    return held.map((line) => ({ resource: line.resource, delta: -line.amount }))
  }
  // A decrease gives back what it names; releasing a decrease would take it again.
  const sign = (effect.type === 'allocate') === (effect.kind !== 'decrease') ? 1n : -1n
  return effect.lines.map((line: LineItem) => ({ resource: line.resource, delta: sign * line.amount }))
}

type Ending = { before: QuotaRequest; after: QuotaRequest }

/**
 * When a grant ends, the project's live increases and decreases end with it (in the same
 * transaction); the grant's release already gives everything back. Each is locked here, in number
 * order (the same order everywhere: no deadlock), before the grant itself moves.
 */
async function lockCompanions(
  tx: Tx,
  before: QuotaRequest,
  after: QuotaRequest,
  effects: readonly RequestEffect[],
): Promise<Ending[]> {
  const grantEnded = effects.some((e) => e.type === 'release' && e.kind === 'new')
  if (!grantEnded || (after.state !== 'expired' && after.state !== 'revoked')) return []
  const ids = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "QuotaRequest"
     WHERE "projectId" = ${before.projectId}::uuid AND "id" <> ${before.id}::uuid
       AND "kind" <> 'new' AND "state"::text = ANY(${[...LIVE_REQUEST_STATES]})
     ORDER BY "number"`
  const ending: Ending[] = []
  for (const { id } of ids) {
    const loaded = await loadRequestForUpdate(tx, id)
    const ended = loaded && endWithGrant(loaded.request, after.state)
    if (loaded && ended) ending.push({ before: loaded.request, after: ended })
  }
  return ending
}

/** Moves the companions locked by lockCompanions to the grant's end. */
async function endCompanions(tx: Tx, ending: readonly Ending[]): Promise<Companion[]> {
  for (const { before, after } of ending) await saveRequest(tx, before, after, { votes: [], discardedApprovals: [] })
  return ending.map(({ before, after }) => ({ id: before.id, before: before.state, after: after.state }))
}

async function syncAllocation(tx: Tx, projectId: string, after: QuotaRequest, effect: RequestEffect): Promise<void> {
  if (effect.type === 'allocate') {
    // The grant sets the allocation's end and backup settings; an increase ends with it at the
    // latest (it may not outlive it) and changes the backup settings only when it names them.
    const settings =
      after.kind === 'new'
        ? {
            endsAt: after.endDate,
            backupSchedule: after.backup?.schedule ?? null,
            backupRetentionDays: after.backup?.retentionDays ?? null,
          }
        : after.kind === 'increase' && after.backup
          ? { backupSchedule: after.backup.schedule, backupRetentionDays: after.backup.retentionDays }
          : {}
    await tx.allocation.update({ where: { projectId }, data: { state: 'active', ...settings } })
  } else if (effect.type === 'release' && after.kind === 'new') {
    await tx.allocation.update({
      where: { projectId },
      data: { state: after.state === 'expired' ? 'expired' : 'revoked' },
    })
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
