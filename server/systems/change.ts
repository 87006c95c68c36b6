// What every change of an information system's registration shares (decisions 0055, 0084): the
// outcome's shape and refusals, the system's row locked in the change's own transaction with its
// history, a step's columns, the audit entry and the notices. The changes themselves are
// store.ts (register, resubmit, review), edit.ts and rereview.ts.
import { appendAudit, type Actor, type Origin } from '../audit/log'
import type { Db, Tx } from '../db/client'
import { checkMayRequest } from '../domain/agency'
import { checkNotClosing } from '../domain/project-closure'
import { domainError, issue, type DomainError, type FieldIssue } from '../domain/errors'
import type { Proposal, RegistrationFields } from '../domain/system-registration'
import { notifySystemEvent } from '../notifications/system-notices'
import type { SystemNotificationKind } from '../notifications/system-plan'
import { STEP_SELECT } from './read'

export interface SystemChange {
  readonly actor: Actor
  readonly origin?: Origin
  /** Defaults to now; a document cannot be dated after the local date of this instant. */
  readonly at?: Date
}

/** A decision names its decider: the proponent rule compares them (decision 0029). */
export type DecisionChange = SystemChange & { readonly actor: { readonly id: string; readonly label: string } }

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

export const refused = (path: string, error: DomainError): SystemOutcome => ({
  ok: false,
  issues: [issue(path, error)],
})
export const notFound = (): SystemOutcome => ({
  ok: false,
  notFound: true,
  issues: [issue('', domainError('system.not_found'))],
})

export const SYSTEM_COLUMNS = {
  id: true,
  agencyId: true,
  name: true,
  namespace: true,
  registrationState: true,
  securityLevel: true,
} as const

/** The project's columns of what a registration says (the level of one not confirmed is its proposal). */
export function registrationColumns(fields: RegistrationFields) {
  return {
    name: fields.name,
    description: fields.purpose,
    securityLevel: fields.securityLevel,
    processesPersonalData: fields.processesPersonalData,
    ownerName: fields.ownerName,
    contactName: fields.contact.name,
    contactEmail: fields.contact.email,
    contactPhone: fields.contact.phone,
  }
}

export const documentColumns = (proposal: Proposal) => ({
  securityLevel: proposal.securityLevel,
  documentNumber: proposal.document.number,
  documentDate: new Date(`${proposal.document.date}T00:00:00Z`),
  documentIssuer: proposal.document.issuer,
})

export const stepActor = (change: SystemChange) => ({ actorId: change.actor.id, actorLabel: change.actor.label })

/** The system of a namespace, its row locked for the change, with its history (latest first). */
export async function lockedSystem(tx: Tx, namespace: string) {
  const found = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id"::text AS id FROM "Project" WHERE "namespace" = ${namespace} FOR UPDATE`
  if (found.length === 0) return null
  const row = await tx.project.findUniqueOrThrow({
    where: { namespace },
    select: {
      ...SYSTEM_COLUMNS,
      ...EDITED_COLUMNS,
      registrationVersion: true,
      levelReview: true,
      agency: { select: { id: true, code: true, status: true, nameVi: true, nameEn: true } },
      closures: { where: { state: 'approved' }, select: { state: true } },
      registrationSteps: {
        orderBy: [{ round: 'desc' }, { at: 'desc' }],
        select: STEP_SELECT,
      },
    },
  })
  const proposals = row.registrationSteps.filter((s) => s.kind === 'submitted')
  const proponentIds = [...new Set(proposals.flatMap((s) => (s.actorId === null ? [] : [s.actorId])))]
  const lastRound = row.registrationSteps[0]?.round ?? 0
  return { row, latest: proposals[0] ?? null, proponentIds, lastRound }
}
export type LockedSystem = NonNullable<Awaited<ReturnType<typeof lockedSystem>>>

/**
 * One change of a registration: its own transaction with the system's row locked, an unknown
 * namespace not found. `byAgency`: what the agency asks (register, resubmit, edit, propose a
 * level), which an archived or merged agency no longer may; a security officer's decision is not.
 * `startsRound`: a security officer's step that opens a round (a reopening). Both are refused once
 * the system's closing was approved.
 */
export function changeSystem(
  db: Db,
  namespace: string,
  options: { readonly byAgency: boolean; readonly startsRound?: boolean },
  change: (tx: Tx, system: LockedSystem) => Promise<SystemOutcome>,
): Promise<SystemOutcome> {
  return db.$transaction(async (tx) => {
    const system = await lockedSystem(tx, namespace)
    if (system === null) return notFound()
    if (options.byAgency) {
      const may = checkMayRequest(system.row.agency)
      if (!may.ok) return refused('', may.error)
    }
    // A system whose closing was approved asks for nothing more (decision 0058), and nothing new is
    // asked of it: no edit, proposal or reopening. A decision on a round already open still closes it.
    if (options.byAgency || options.startsRound) {
      const open = checkNotClosing(system.row)
      if (!open.ok) return refused('', open.error)
    }
    return change(tx, system)
  })
}

/** The columns an edit may change, besides the level and its document (which are the history's). */
export const EDITED_COLUMNS = {
  description: true,
  processesPersonalData: true,
  ownerName: true,
  contactName: true,
  contactEmail: true,
  contactPhone: true,
} as const

export function audit(
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

export function notify(
  tx: Tx,
  kind: SystemNotificationKind,
  row: RegisteredSystem,
  agency: { readonly nameVi: string; readonly nameEn: string },
  change: SystemChange,
  proponents: readonly string[],
  levels: { proposedLevel: number | null; level?: number | null; reason?: string | null },
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
