// Acting on a waiver (issue 13, decision 0041): withdraw (its requester), approve or reject (a
// security officer who did not ask for it), revoke (an officer), expire (the sweep). The rules
// are server/security/waivers.ts's; here, one transaction each under the waiver's row lock: the
// row, the notices, the audit entry. A refusal writes nothing, except that a person overstepping
// their duties (deciding their own waiver, withdrawing someone else's) is audited as denied.
import { appendAudit, recordAudit, type Origin } from '../audit/log'
import type { Db, Tx } from '../db/client'
import { notifyWaiverEvent } from '../notifications/waiver-record'
import {
  DUTY_REFUSALS,
  decideWaiverAction,
  type WaiverAction,
  type WaiverActor,
  type WaiverResult,
} from '../security/waivers'
import { WAIVER_COLUMNS, lockWaiver, noticeFacts, waiverSummary, type WaiverRow } from './waiver-facts'

export interface ActOnWaiverInput {
  readonly waiverId: string
  readonly action: WaiverAction
  readonly actor: WaiverActor & { readonly label: string }
  readonly reason?: string | null
  readonly origin?: Origin
  readonly now?: Date
}

/** Null when there is no such waiver (the caller answers 404). */
export async function actOnWaiver(db: Db, input: ActOnWaiverInput): Promise<WaiverResult<WaiverRow> | null> {
  const now = input.now ?? new Date()
  const outcome = await db.$transaction((tx) => act(tx, input, now))
  if (outcome && !outcome.result.ok && DUTY_REFUSALS.has(outcome.result.error.code)) {
    await recordAudit(db, {
      actor: { id: input.actor.id, label: input.actor.label },
      action: `waiver.${input.action}`,
      entityType: 'SecurityWaiver',
      entityId: input.waiverId,
      agencyId: outcome.agencyId,
      outcome: 'denied',
      after: { reason: outcome.result.error.code },
      origin: input.origin,
    })
  }
  return outcome?.result ?? null
}

async function act(
  tx: Tx,
  input: ActOnWaiverInput,
  now: Date,
): Promise<{ result: WaiverResult<WaiverRow>; agencyId: string } | null> {
  const before = await lockWaiver(tx, input.waiverId)
  if (!before) return null
  const facts = await noticeFacts(tx, before)
  const decision = decideWaiverAction({
    waiver: before,
    action: input.action,
    actor: input.actor,
    reason: input.reason,
    now,
  })
  if (!decision.ok) return { result: decision, agencyId: facts.agencyId }
  const { state, reason } = decision.value
  const after = await tx.securityWaiver.update({
    where: { id: before.id },
    data: {
      state,
      ...(input.action === 'approve' || input.action === 'reject'
        ? { decidedById: input.actor.id, decidedAt: now, decisionReason: reason }
        : {}),
      // The decision stays as it was; who ended it early, when and why is kept beside it.
      ...(input.action === 'revoke' ? { revokedById: input.actor.id, revokedAt: now, revokeReason: reason } : {}),
    },
    select: WAIVER_COLUMNS,
  })
  await notifyWaiverEvent(tx, {
    event: input.action,
    actorId: input.actor.id,
    facts: { ...facts, reason: decision.value.reason },
  })
  await appendAudit(tx, {
    actor: { id: input.actor.id, label: input.actor.label },
    action: `waiver.${input.action}`,
    entityType: 'SecurityWaiver',
    entityId: before.id,
    agencyId: facts.agencyId,
    before: waiverSummary(before),
    after: waiverSummary(after),
    origin: input.origin,
  })
  return { result: { ok: true, value: after }, agencyId: facts.agencyId }
}
