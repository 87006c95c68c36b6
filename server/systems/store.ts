// Registering information systems and their review (decision 0055): register,
// resubmit after a return, and the security officer's review; each one transaction that checks
// the domain's rule, writes the project and its append-only step, appends the audit entry and
// tells the people concerned. Callers (pages, API) have authorised the person already:
// `project.create` on the agency, `project.update` on the system's agency, `project.review`.
import type { Db, Tx } from '../db/client'
import { checkMayRequest } from '../domain/agency'
import { domainError } from '../domain/errors'
import { localDateOf } from '../domain/local-calendar'
import { shareRequestIdWithSql } from '../jobs/queue'
import type { SecurityLevel } from '../domain/project'
import {
  deriveSystemNames,
  resubmitRefusal,
  reviewOutcome,
  reviewRefusal,
  validateProposal,
  validateRegistration,
  validateReview,
  type RegistrationInput,
  type ReviewInput,
} from '../domain/system-registration'
import { staleRefusal } from '../domain/system-rereview'
import { policyInForce } from '../policies/store'
import {
  audit,
  changeSystem,
  documentColumns,
  notify,
  refused,
  registrationColumns,
  stepActor,
  SYSTEM_COLUMNS,
  type DecisionChange,
  type SystemChange,
  type SystemOutcome,
} from './change'

export type { SystemChange, SystemOutcome } from './change'

// "SYSTEMS" in ASCII: namespaces are unique across agencies, so registrations take turns.
const SYSTEM_NAMES_LOCK = 0x53595354454d53n

/** A new system of the agency, pending its review; its namespace derived, unique, never reserved. */
export async function registerSystem(
  db: Db,
  input: RegistrationInput & { readonly agencyCode: string },
  change: SystemChange,
): Promise<SystemOutcome> {
  const reserved = (await policyInForce(db)).reservedNamespaces
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SYSTEM_NAMES_LOCK})`
    const agency = await tx.agency.findUnique({
      where: { code: input.agencyCode },
      select: { id: true, code: true, status: true, nameVi: true, nameEn: true },
    })
    if (agency === null) return refused('agencyCode', domainError('agency.not_found', { id: input.agencyCode }))
    const may = checkMayRequest(agency)
    if (!may.ok) return refused('agencyCode', may.error)
    const checked = validateRegistration(input, localDateOf(change.at ?? new Date()))
    if (!checked.ok) return { ok: false, issues: checked.issues }
    const fields = checked.value
    const sameName = await tx.project.findFirst({
      where: { agencyId: agency.id, name: { equals: fields.name, mode: 'insensitive' } },
      select: { id: true },
    })
    if (sameName !== null) return refused('name', domainError('system.name_taken', { name: fields.name }))
    const names = deriveSystemNames(agency.code, fields.name, await takenNames(tx, agency.id), reserved)
    if (!names.ok) return refused('name', names.error)
    const row = await tx.project.create({
      data: {
        ...registrationColumns(fields),
        agencyId: agency.id,
        slug: names.value.slug,
        namespace: names.value.namespace,
        registrationState: 'pending',
      },
      select: SYSTEM_COLUMNS,
    })
    await tx.systemRegistrationStep.create({
      data: { projectId: row.id, round: 1, kind: 'submitted', ...documentColumns(fields), ...stepActor(change) },
    })
    await audit(tx, change, 'system.register', row, null, { ...fields, namespace: row.namespace, state: 'pending' })
    await notify(tx, 'system_registered', row, agency, change, [], { proposedLevel: fields.securityLevel })
    return { ok: true, value: row }
  })
}

async function takenNames(tx: Tx, agencyId: string) {
  const [own, all] = await Promise.all([
    tx.project.findMany({ where: { agencyId }, select: { slug: true } }),
    tx.project.findMany({ select: { namespace: true } }),
  ])
  return { agencySlugs: new Set(own.map((p) => p.slug)), namespaces: new Set(all.map((p) => p.namespace)) }
}

/** The agency proposes again what the officer returned: the level and its document, a new round. */
export function resubmitSystem(
  db: Db,
  namespace: string,
  input: Parameters<typeof validateProposal>[0],
  change: SystemChange,
): Promise<SystemOutcome> {
  return changeSystem(db, namespace, { byAgency: true }, async (tx, system) => {
    const { row } = system
    const why = resubmitRefusal(row.registrationState)
    if (why !== null) return refused('', why)
    const checked = validateProposal(input, localDateOf(change.at ?? new Date()))
    if (!checked.ok) return { ok: false, issues: checked.issues }
    const round = system.lastRound + 1
    await shareRequestIdWithSql(tx)
    const updated = await tx.project.update({
      where: { id: row.id },
      data: {
        registrationState: 'pending',
        securityLevel: checked.value.securityLevel,
        registrationVersion: { increment: 1 },
      },
      select: SYSTEM_COLUMNS,
    })
    await tx.systemRegistrationStep.create({
      data: { projectId: row.id, round, kind: 'submitted', ...documentColumns(checked.value), ...stepActor(change) },
    })
    const after = { ...checked.value, round, state: 'pending' }
    await audit(tx, change, 'system.resubmit', updated, { state: row.registrationState }, after)
    await notify(tx, 'system_registered', updated, row.agency, change, [], {
      proposedLevel: checked.value.securityLevel,
    })
    return { ok: true, value: updated }
  })
}

/**
 * A security officer's decision on a pending registration: confirm the proposed level, set
 * another with a reason (confirmed at that level), or return it with a reason. The level in force
 * is then Project.securityLevel; the proposal stays in the history.
 */
export function reviewSystem(
  db: Db,
  namespace: string,
  input: ReviewInput & { readonly version?: number | null },
  change: DecisionChange,
): Promise<SystemOutcome> {
  return changeSystem(db, namespace, { byAgency: false }, async (tx, system) => {
    const { row, latest, proponentIds } = system
    // The officer decides on what they read: an edit made since is refused (decision 0084).
    const stale = staleRefusal(row.registrationVersion, input.version)
    if (stale !== null) return refused('', stale)
    const why = reviewRefusal({ state: row.registrationState, proponentIds }, change.actor.id)
    if (why !== null || latest === null) return refused('', why ?? domainError('system.not_pending', { state: '' }))
    const proposed = latest.securityLevel as SecurityLevel
    const checked = validateReview(input, proposed)
    if (!checked.ok) return { ok: false, issues: checked.issues }
    const outcome = reviewOutcome(checked.value, proposed)
    const reason = checked.value.outcome === 'confirm' ? null : checked.value.reason
    await shareRequestIdWithSql(tx)
    const updated = await tx.project.update({
      where: { id: row.id },
      data: {
        registrationState: outcome.state,
        registrationVersion: { increment: 1 },
        ...(outcome.securityLevel === null ? {} : { securityLevel: outcome.securityLevel }),
      },
      select: SYSTEM_COLUMNS,
    })
    await tx.systemRegistrationStep.create({
      data: {
        projectId: row.id,
        round: latest.round,
        kind: outcome.step,
        securityLevel: outcome.securityLevel,
        reason,
        ...stepActor(change),
      },
    })
    const before = { state: row.registrationState, proposedLevel: proposed }
    await audit(tx, change, 'system.review', updated, before, { ...outcome, reason, round: latest.round })
    const kind = outcome.state === 'confirmed' ? 'system_confirmed' : 'system_returned'
    await notify(tx, kind, updated, row.agency, change, proponentIds, {
      proposedLevel: proposed,
      level: outcome.securityLevel,
      reason,
    })
    return { ok: true, value: updated }
  })
}
