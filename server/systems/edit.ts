// An agency edits its registration while it is not confirmed (issue 15, decision 0084): every
// field of the registration form but the agency, validated by the same rule, on the version the
// editor read. The namespace stays (it was shown at registration and links point to it). A changed
// level or document is a new proposal, a new round in the history; a returned registration edited
// is sent again (pending, the officers told). One transaction with the audit's before and after.
import type { Db } from '../db/client'
import { domainError } from '../domain/errors'
import { localDateOf } from '../domain/local-calendar'
import { editRefusal, proposalChanged, staleRefusal } from '../domain/system-rereview'
import { validateRegistration, type RegistrationInput } from '../domain/system-registration'
import { shareRequestIdWithSql } from '../jobs/queue'
import {
  audit,
  documentColumns,
  changeSystem,
  notify,
  refused,
  registrationColumns,
  stepActor,
  SYSTEM_COLUMNS,
  type LockedSystem,
  type SystemChange,
  type SystemOutcome,
} from './change'

/** The registration as it was, in the shape of what an edit writes: the audit's `before`. */
function fieldsOf({ row, latest }: LockedSystem) {
  return {
    name: row.name,
    purpose: row.description,
    processesPersonalData: row.processesPersonalData,
    ownerName: row.ownerName,
    contact: { name: row.contactName, email: row.contactEmail, phone: row.contactPhone },
    securityLevel: latest?.securityLevel ?? row.securityLevel,
    document:
      latest === null
        ? null
        : {
            number: latest.documentNumber ?? '',
            date: latest.documentDate?.toISOString().slice(0, 10) ?? '',
            issuer: latest.documentIssuer ?? '',
          },
  }
}

function proposalOf(before: ReturnType<typeof fieldsOf>) {
  return before.document === null ? null : { securityLevel: before.securityLevel, document: before.document }
}

export function editSystem(
  db: Db,
  namespace: string,
  input: RegistrationInput & { readonly version: number | null },
  change: SystemChange,
): Promise<SystemOutcome> {
  return changeSystem(db, namespace, { byAgency: true }, async (tx, system) => {
    const { row } = system
    const why = editRefusal(row.registrationState) ?? staleRefusal(row.registrationVersion, input.version)
    if (why !== null) return refused('', why)
    const checked = validateRegistration(input, localDateOf(change.at ?? new Date()))
    if (!checked.ok) return { ok: false, issues: checked.issues }
    const fields = checked.value
    const sameName = await tx.project.findFirst({
      where: { agencyId: row.agencyId, id: { not: row.id }, name: { equals: fields.name, mode: 'insensitive' } },
      select: { id: true },
    })
    if (sameName !== null) return refused('name', domainError('system.name_taken', { name: fields.name }))
    const before = fieldsOf(system)
    // A returned registration edited is sent again; a pending one is a new proposal only when its
    // level or document changed (the officer must read the proposal they decide on).
    const resent = row.registrationState === 'returned'
    const newRound = resent || proposalChanged(proposalOf(before), fields)
    await shareRequestIdWithSql(tx)
    const updated = await tx.project.update({
      where: { id: row.id },
      data: { ...registrationColumns(fields), registrationState: 'pending', registrationVersion: { increment: 1 } },
      select: SYSTEM_COLUMNS,
    })
    const round = newRound ? system.lastRound + 1 : system.lastRound
    if (newRound)
      await tx.systemRegistrationStep.create({
        data: { projectId: row.id, round, kind: 'submitted', ...documentColumns(fields), ...stepActor(change) },
      })
    const after = { ...fields, round, state: 'pending', version: row.registrationVersion + 1 }
    await audit(tx, change, 'system.edit', updated, { ...before, state: row.registrationState }, after)
    if (resent)
      await notify(tx, 'system_registered', updated, row.agency, change, [], { proposedLevel: fields.securityLevel })
    return { ok: true, value: updated }
  })
}
