// The re-review of a confirmed level (issue 15, decision 0084): the agency proposes a new level
// with its document, or a security officer reopens the level and the agency then proposes; a
// security officer confirms or refuses. The confirmed level stays Project.securityLevel, in force
// for every check, sign-off rule and request, until a confirmation replaces it; the system keeps
// its grants throughout. Each step one transaction: the step in the history (a new round), the
// version, the audit entry and the notices to those who act next. Callers have authorised:
// `project.update` on the system's agency to propose, `project.review` to reopen and decide.
import type { Db } from '../db/client'
import type { SecurityLevel } from '../domain/project'
import {
  levelChangeRefusal,
  levelDecisionOutcome,
  levelDecisionRefusal,
  reopenRefusal,
  staleRefusal,
  validateLevelChange,
  validateLevelDecision,
  validateReason,
} from '../domain/system-rereview'
import type { ProposalInput } from '../domain/system-registration'
import { localDateOf } from '../domain/local-calendar'
import { enqueue, shareRequestIdWithSql } from '../jobs/queue'
import { RECONCILE_JOB } from '../jobs/shared-with-sql'
import {
  audit,
  documentColumns,
  changeSystem,
  notify,
  refused,
  stepActor,
  SYSTEM_COLUMNS,
  type DecisionChange,
  type SystemChange,
  type SystemOutcome,
} from './change'

type Seen = { readonly version?: number | null }

/** The agency proposes a new level for its confirmed system (or answers a reopening). */
export function proposeLevelChange(
  db: Db,
  namespace: string,
  input: ProposalInput & Seen,
  change: SystemChange,
): Promise<SystemOutcome> {
  return changeSystem(db, namespace, { byAgency: true }, async (tx, system) => {
    const { row } = system
    const facts = { state: row.registrationState, levelReview: row.levelReview }
    const why = levelChangeRefusal(facts) ?? staleRefusal(row.registrationVersion, input.version)
    if (why !== null) return refused('', why)
    const today = localDateOf(change.at ?? new Date())
    const checked = validateLevelChange(input, today, { inForce: row.securityLevel, levelReview: row.levelReview })
    if (!checked.ok) return { ok: false, issues: checked.issues }
    // A reopening opened the round; an unprompted proposal opens its own.
    const round = row.levelReview === 'reopened' ? system.lastRound : system.lastRound + 1
    await shareRequestIdWithSql(tx)
    const updated = await tx.project.update({
      where: { id: row.id },
      data: { levelReview: 'proposed', registrationVersion: { increment: 1 } },
      select: SYSTEM_COLUMNS,
    })
    await tx.systemRegistrationStep.create({
      data: { projectId: row.id, round, kind: 'submitted', ...documentColumns(checked.value), ...stepActor(change) },
    })
    const before = { levelInForce: row.securityLevel, levelReview: row.levelReview }
    const after = { ...checked.value, round, levelInForce: row.securityLevel, levelReview: 'proposed' }
    await audit(tx, change, 'system.level_change', updated, before, after)
    await notify(tx, 'system_level_change_proposed', updated, row.agency, change, [], {
      proposedLevel: checked.value.securityLevel,
      level: row.securityLevel,
    })
    return { ok: true, value: updated }
  })
}

/** A security officer reopens a confirmed level, with a reason; the agency is asked to propose. */
export function reopenLevel(
  db: Db,
  namespace: string,
  input: { readonly reason?: string | null } & Seen,
  change: SystemChange,
): Promise<SystemOutcome> {
  return changeSystem(db, namespace, { byAgency: false, startsRound: true }, async (tx, system) => {
    const { row } = system
    const facts = { state: row.registrationState, levelReview: row.levelReview }
    const why = reopenRefusal(facts) ?? staleRefusal(row.registrationVersion, input.version)
    if (why !== null) return refused('', why)
    const reason = validateReason(input.reason)
    if (!reason.ok) return { ok: false, issues: reason.issues }
    const round = system.lastRound + 1
    await shareRequestIdWithSql(tx)
    const updated = await tx.project.update({
      where: { id: row.id },
      data: { levelReview: 'reopened', registrationVersion: { increment: 1 } },
      select: SYSTEM_COLUMNS,
    })
    await tx.systemRegistrationStep.create({
      data: { projectId: row.id, round, kind: 'reopened', reason: reason.value, ...stepActor(change) },
    })
    const after = { levelInForce: row.securityLevel, levelReview: 'reopened', reason: reason.value, round }
    await audit(tx, change, 'system.reopen', updated, { levelReview: null }, after)
    await notify(tx, 'system_reopened', updated, row.agency, change, system.proponentIds, {
      proposedLevel: null,
      level: row.securityLevel,
      reason: reason.value,
    })
    return { ok: true, value: updated }
  })
}

/**
 * A security officer's decision on a re-review: confirm the proposed level (it is then the level
 * in force, and the platform's namespace is reconciled to it) or refuse with a reason (the level in
 * force stays). A reopening nobody answered can only be refused, which closes it.
 */
export function decideLevelChange(
  db: Db,
  namespace: string,
  input: { readonly outcome: string; readonly reason?: string | null } & Seen,
  change: DecisionChange,
): Promise<SystemOutcome> {
  return changeSystem(db, namespace, { byAgency: false }, async (tx, system) => {
    const { row, latest, proponentIds } = system
    const stale = staleRefusal(row.registrationVersion, input.version)
    if (stale !== null) return refused('', stale)
    const checked = validateLevelDecision(input)
    if (!checked.ok) return { ok: false, issues: checked.issues }
    const facts = { state: row.registrationState, levelReview: row.levelReview, proponentIds }
    const why = levelDecisionRefusal(facts, checked.value, change.actor.id)
    if (why !== null) return refused('', why)
    const inForce = row.securityLevel as SecurityLevel
    const proposed = row.levelReview === 'proposed' && latest !== null ? (latest.securityLevel as SecurityLevel) : null
    const outcome = levelDecisionOutcome(checked.value, { inForce, proposed })
    const reason = checked.value.outcome === 'refuse' ? checked.value.reason : null
    await shareRequestIdWithSql(tx)
    const updated = await tx.project.update({
      where: { id: row.id },
      data: { securityLevel: outcome.securityLevel, levelReview: null, registrationVersion: { increment: 1 } },
      select: SYSTEM_COLUMNS,
    })
    const level = outcome.step === 'confirmed' ? outcome.securityLevel : null
    await tx.systemRegistrationStep.create({
      data: {
        projectId: row.id,
        round: system.lastRound,
        kind: outcome.step,
        securityLevel: level,
        reason,
        ...stepActor(change),
      },
    })
    // The namespace's labels carry the level (Pod Security, decision 0055): the worker applies it.
    if (outcome.securityLevel !== inForce) await enqueue(tx, { kind: RECONCILE_JOB, key: row.id })
    const before = { levelInForce: inForce, levelReview: row.levelReview, proposedLevel: proposed }
    const after = { levelInForce: outcome.securityLevel, step: outcome.step, reason, round: system.lastRound }
    await audit(tx, change, 'system.level_review', updated, before, after)
    const kind = outcome.step === 'confirmed' ? 'system_level_changed' : 'system_level_change_refused'
    await notify(tx, kind, updated, row.agency, change, proponentIds, {
      proposedLevel: proposed,
      level: outcome.securityLevel,
      reason,
    })
    return { ok: true, value: updated }
  })
}
