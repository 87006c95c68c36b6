// The one home of changes to information systems' registrations (decision 0055): register,
// resubmit after a return, and the security officer's review; each one transaction that checks
// the domain's rule, writes the project and its append-only step, appends the audit entry and
// tells the people concerned. Callers (pages, API) have authorised the person already:
// `project.create` on the agency, `project.update` on the system's agency, `project.review`.
import { appendAudit, type Actor, type Origin } from '../audit/log'
import type { Db, Tx } from '../db/client'
import { checkMayRequest } from '../domain/agency'
import { domainError, issue, type DomainError, type FieldIssue } from '../domain/errors'
import { localDateOf } from '../domain/local-calendar'
import type { SecurityLevel } from '../domain/project'
import {
  deriveSystemNames,
  resubmitRefusal,
  reviewOutcome,
  reviewRefusal,
  validateProposal,
  validateRegistration,
  validateReview,
  type Proposal,
  type RegistrationInput,
  type ReviewInput,
} from '../domain/system-registration'
import { notifySystemEvent } from '../notifications/system-notices'
import type { SystemNotificationKind } from '../notifications/system-plan'
import { policyInForce } from '../policies/store'

// "SYSTEMS" in ASCII: namespaces are unique across agencies, so registrations take turns.
const SYSTEM_NAMES_LOCK = 0x53595354454d53n

export interface SystemChange {
  readonly actor: Actor
  readonly origin?: Origin
  /** Defaults to now; a document cannot be dated after the local date of this instant. */
  readonly at?: Date
}

export interface RegisteredSystem {
  readonly id: string
  readonly agencyId: string
  readonly name: string
  readonly namespace: string
  readonly registrationState: 'pending' | 'returned' | 'confirmed'
  readonly securityLevel: number
}

export type SystemOutcome =
  | { readonly ok: true; readonly value: RegisteredSystem }
  | { readonly ok: false; readonly issues: readonly FieldIssue[]; readonly notFound?: true }

const refused = (path: string, error: DomainError): SystemOutcome => ({ ok: false, issues: [issue(path, error)] })
const notFound = (): SystemOutcome => ({
  ok: false,
  notFound: true,
  issues: [issue('', domainError('system.not_found'))],
})

const SYSTEM_COLUMNS = {
  id: true,
  agencyId: true,
  name: true,
  namespace: true,
  registrationState: true,
  securityLevel: true,
} as const

const documentColumns = (proposal: Proposal) => ({
  securityLevel: proposal.securityLevel,
  documentNumber: proposal.document.number,
  documentDate: new Date(`${proposal.document.date}T00:00:00Z`),
  documentIssuer: proposal.document.issuer,
})

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
        agencyId: agency.id,
        name: fields.name,
        slug: names.value.slug,
        namespace: names.value.namespace,
        description: fields.purpose,
        securityLevel: fields.securityLevel,
        processesPersonalData: fields.processesPersonalData,
        ownerName: fields.ownerName,
        contactName: fields.contact.name,
        contactEmail: fields.contact.email,
        contactPhone: fields.contact.phone,
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

const stepActor = (change: SystemChange) => ({ actorId: change.actor.id, actorLabel: change.actor.label })

/** The system of a namespace, its row locked for the change, with its proposals so far. */
async function lockedSystem(tx: Tx, namespace: string) {
  const found = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id"::text AS id FROM "Project" WHERE "namespace" = ${namespace} FOR UPDATE`
  if (found.length === 0) return null
  const row = await tx.project.findUniqueOrThrow({
    where: { namespace },
    select: {
      ...SYSTEM_COLUMNS,
      agency: { select: { id: true, code: true, status: true, nameVi: true, nameEn: true } },
      registrationSteps: {
        where: { kind: 'submitted' },
        orderBy: { round: 'desc' },
        select: { round: true, securityLevel: true, actorId: true },
      },
    },
  })
  const proponentIds = [...new Set(row.registrationSteps.flatMap((s) => (s.actorId === null ? [] : [s.actorId])))]
  return { row, latest: row.registrationSteps[0] ?? null, proponentIds }
}

/** The agency proposes again what the officer returned: the level and its document, a new round. */
export function resubmitSystem(
  db: Db,
  namespace: string,
  input: Parameters<typeof validateProposal>[0],
  change: SystemChange,
): Promise<SystemOutcome> {
  return db.$transaction(async (tx) => {
    const system = await lockedSystem(tx, namespace)
    if (system === null) return notFound()
    const { row, latest } = system
    const may = checkMayRequest(row.agency)
    if (!may.ok) return refused('', may.error)
    const why = resubmitRefusal(row.registrationState)
    if (why !== null) return refused('', why)
    const checked = validateProposal(input, localDateOf(change.at ?? new Date()))
    if (!checked.ok) return { ok: false, issues: checked.issues }
    const round = (latest?.round ?? 0) + 1
    const updated = await tx.project.update({
      where: { id: row.id },
      data: { registrationState: 'pending', securityLevel: checked.value.securityLevel },
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
  input: ReviewInput,
  change: SystemChange & { readonly actor: { readonly id: string; readonly label: string } },
): Promise<SystemOutcome> {
  return db.$transaction(async (tx) => {
    const system = await lockedSystem(tx, namespace)
    if (system === null) return notFound()
    const { row, latest, proponentIds } = system
    const why = reviewRefusal({ state: row.registrationState, proponentIds }, change.actor.id)
    if (why !== null || latest === null) return refused('', why ?? domainError('system.not_pending', { state: '' }))
    const proposed = latest.securityLevel as SecurityLevel
    const checked = validateReview(input, proposed)
    if (!checked.ok) return { ok: false, issues: checked.issues }
    const outcome = reviewOutcome(checked.value, proposed)
    const reason = checked.value.outcome === 'confirm' ? null : checked.value.reason
    const updated = await tx.project.update({
      where: { id: row.id },
      data: {
        registrationState: outcome.state,
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

function audit(
  tx: Tx,
  change: SystemChange,
  action: string,
  row: RegisteredSystem,
  before: unknown,
  after: unknown,
): Promise<unknown> {
  return appendAudit(tx, {
    actor: change.actor,
    action,
    entityType: 'Project',
    entityId: row.id,
    agencyId: row.agencyId,
    before,
    after,
    origin: change.origin,
  })
}

function notify(
  tx: Tx,
  kind: SystemNotificationKind,
  row: RegisteredSystem,
  agency: { readonly nameVi: string; readonly nameEn: string },
  change: SystemChange,
  proponents: readonly string[],
  levels: { proposedLevel: number; level?: number | null; reason?: string | null },
): Promise<number> {
  return notifySystemEvent(tx, {
    kind,
    actorId: change.actor.id,
    proponents,
    facts: {
      agencyId: row.agencyId,
      projectName: row.name,
      namespace: row.namespace,
      agencyNameVi: agency.nameVi,
      agencyNameEn: agency.nameEn,
      proposedLevel: levels.proposedLevel,
      level: levels.level ?? null,
      reason: levels.reason ?? null,
    },
  })
}
