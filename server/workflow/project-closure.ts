// Closing (decommissioning) an information system (issue 15, decision 0058): agency staff ask with
// a reason; an operator decides under the requests' duties. Approval, in one transaction: the
// grant is revoked through the request workflow (the ledger gives the allocation back to its pools,
// its increases end with it, notices and audit as for any revocation), the closure is approved and
// the worker is asked for the system's last backup (LAST_BACKUP_JOB). The reconciler keeps the
// namespace and buckets until that backup is done and the grace period has passed (teardown.ts).
import { appendAudit, type Origin } from '../audit/log'
import type { Db, Tx } from '../db/client'
import { err, ok, type Result } from '../domain/errors'
import {
  closureDecisionRefusal,
  closureText,
  closureWithdrawRefusal,
  type ClosureDecision,
  type ClosureState,
} from '../domain/project-closure'
import { LIVE_REQUEST_STATES, type Actor } from '../domain/request-state'
import type { ApprovalPolicy } from '../domain/security-policy'
import { ofAgency } from '../identity/authorise'
import { peopleWhoMay } from '../identity/people-who-may'
import { enqueue } from '../jobs/queue'
import { notifyClosureEvent } from '../notifications/closure-notices'
import { actInTransaction } from './act-on-request'

/** The worker takes the closed system's last backup and copies its buckets (server/provisioning/closing.ts). */
export const LAST_BACKUP_JOB = 'project.last_backup'

type Person = { id: string; label: string }

export async function askToClose(
  db: Db,
  input: { projectId: string; agencyId: string; actor: Person; reason: string; origin?: Origin },
): Promise<Result<{ id: string }>> {
  const reason = closureText(input.reason, 'closure.reason_required')
  if (!reason.ok) return reason
  try {
    return await db.$transaction(async (tx) => {
      const open = await tx.projectClosure.findFirst({
        where: { projectId: input.projectId, state: { in: ['submitted', 'approved'] } },
        select: { id: true },
      })
      if (open) return err('closure.already_open', {})
      const row = await tx.projectClosure.create({
        data: {
          projectId: input.projectId,
          agencyId: input.agencyId,
          reason: reason.value,
          requestedById: input.actor.id,
        },
        select: { id: true },
      })
      await appendAudit(tx, {
        actor: input.actor,
        action: 'project.close_requested',
        entityType: 'Project',
        entityId: input.projectId,
        agencyId: input.agencyId,
        after: { closure: row.id, reason: reason.value },
        origin: input.origin,
      })
      // Those who may decide it learn of it in the same transaction: a notice exists only if the
      // request does.
      await notifyClosureEvent(tx, {
        kind: 'closure_requested',
        closureId: row.id,
        projectId: input.projectId,
        actorId: input.actor.id,
        requesterId: input.actor.id,
        reason: reason.value,
        deciders: await closureDeciders(tx, { agencyId: input.agencyId, requestedById: input.actor.id }),
      })
      return ok(row)
    })
  } catch (error) {
    // Two forms at once: the partial unique index lets one closure be open.
    if ((error as { code?: string }).code === 'P2002') return err('closure.already_open', {})
    throw error
  }
}

/**
 * The people who may decide a waiting closing request (decision 0075): the permission the decision
 * needs (request.revoke: approving revokes the grant, as the page and the API authorise it), then
 * the requests' duties (never the one who asked, never an operator of the asking agency).
 */
async function closureDeciders(tx: Tx, closure: { agencyId: string; requestedById: string }): Promise<string[]> {
  const permitted = await peopleWhoMay(tx, 'request.revoke', ofAgency(closure.agencyId))
  const waiting = { ...closure, state: 'submitted' as const }
  return permitted
    .filter((person) => closureDecisionRefusal({ closure: waiting, decider: person, decision: 'approve' }) === null)
    .map((person) => person.id)
}

export type DecideClosureInput = {
  closureId: string
  decision: ClosureDecision
  actor: Actor & { label: string }
  note: string
  policy: ApprovalPolicy
  origin?: Origin
  now?: Date
}

/** Null when there is no such closure (the caller answers 404). */
export async function decideClosure(db: Db, input: DecideClosureInput): Promise<Result<ClosureState> | null> {
  const now = input.now ?? new Date()
  return db.$transaction((tx) => decideIn(tx, input, now))
}

async function decideIn(tx: Tx, input: DecideClosureInput, now: Date): Promise<Result<ClosureState> | null> {
  const [closure] = await tx.$queryRaw<
    { id: string; projectId: string; agencyId: string; state: ClosureState; requestedById: string; reason: string }[]
  >`SELECT "id", "projectId", "agencyId", "state"::text AS "state", "requestedById", "reason"
      FROM "ProjectClosure" WHERE "id" = ${input.closureId}::uuid FOR UPDATE`
  if (!closure) return null
  const refusal = closureDecisionRefusal({ closure, decider: input.actor, decision: input.decision })
  if (refusal) return { ok: false, error: refusal }
  const note = closureText(input.note, 'closure.note_required')
  if (input.decision === 'reject' && !note.ok) return note
  const state: ClosureState = input.decision === 'approve' ? 'approved' : 'rejected'
  let revoked: string | null = null
  if (state === 'approved') {
    const grant = await tx.quotaRequest.findFirst({
      where: { projectId: closure.projectId, kind: 'new', state: { in: [...LIVE_REQUEST_STATES] } },
      select: { id: true },
    })
    if (grant) {
      const ended = await actInTransaction(
        tx,
        {
          requestId: grant.id,
          action: 'revoke',
          actor: input.actor,
          payload: { reason: `${closure.reason} (đóng hệ thống)` },
          policy: input.policy,
          origin: input.origin,
          now,
        },
        now,
      )
      if (ended && !ended.ok) return ended
      revoked = grant.id
    }
    await enqueue(tx, { kind: LAST_BACKUP_JOB, key: closure.id, payload: { projectId: closure.projectId } })
  }
  await tx.projectClosure.update({
    where: { id: closure.id },
    data: { state, decidedById: input.actor.id, decidedAt: now, decisionNote: note.ok ? note.value : null },
  })
  await appendAudit(tx, {
    actor: { id: input.actor.id, label: input.actor.label },
    action: state === 'approved' ? 'project.close_approved' : 'project.close_rejected',
    entityType: 'Project',
    entityId: closure.projectId,
    agencyId: closure.agencyId,
    before: { closure: closure.id, state: closure.state },
    after: { closure: closure.id, state, note: note.ok ? note.value : null, revokedGrant: revoked },
    origin: input.origin,
  })
  await notifyClosureEvent(tx, {
    kind: state === 'approved' ? 'closure_approved' : 'closure_rejected',
    closureId: closure.id,
    projectId: closure.projectId,
    actorId: input.actor.id,
    requesterId: closure.requestedById,
    reason: note.ok ? note.value : null,
  })
  return ok(state)
}

/**
 * The agency takes its closing request back while it waits (decision 0058), telling those told of
 * it (decision 0075); a decided or withdrawn one answers closure.already_decided. Null when the project has no such closure (the caller's 404).
 */
export async function withdrawClosure(
  db: Db,
  input: { closureId: string; projectId: string; actor: Person; origin?: Origin; now?: Date },
): Promise<Result<ClosureState> | null> {
  return db.$transaction(async (tx) => {
    const [closure] = await tx.$queryRaw<
      { id: string; agencyId: string; state: ClosureState; requestedById: string; reason: string }[]
    >`
      SELECT "id", "agencyId", "state"::text AS "state", "requestedById", "reason" FROM "ProjectClosure"
       WHERE "id" = ${input.closureId}::uuid AND "projectId" = ${input.projectId}::uuid FOR UPDATE`
    if (!closure) return null
    const refusal = closureWithdrawRefusal(closure)
    if (refusal) return { ok: false, error: refusal }
    await tx.projectClosure.update({
      where: { id: closure.id },
      data: { state: 'withdrawn', decidedById: input.actor.id, decidedAt: input.now ?? new Date() },
    })
    await appendAudit(tx, {
      actor: input.actor,
      action: 'project.close_withdrawn',
      entityType: 'Project',
      entityId: input.projectId,
      agencyId: closure.agencyId,
      before: { closure: closure.id, state: closure.state },
      after: { closure: closure.id, state: 'withdrawn' },
      origin: input.origin,
    })
    // Whoever was told it was asked learns it no longer waits, with the agency (decision 0075).
    await notifyClosureEvent(tx, {
      kind: 'closure_withdrawn',
      closureId: closure.id,
      projectId: input.projectId,
      actorId: input.actor.id,
      requesterId: closure.requestedById,
      reason: closure.reason,
    })
    return ok('withdrawn' as const)
  })
}
